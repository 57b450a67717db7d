/**
 * Debug requests for tests, registered only when the server runs with
 * `PLANLINT_DEBUG_REQUESTS=1`: the server's memory after a full garbage collection, its copy
 * of an open document (with whether a large one is analyzed in process), and when its edits
 * arrived and were published. With the same variable the server logs the timing of each
 * analysis and request over a document (server.ts, requests.ts) and of its lifecycle messages
 * (here), to the client's log.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DebugDocumentRequest, DebugEditTraceRequest, DebugMemoryRequest } from '../protocol.js';
import type { EditTrace } from './edit-trace.js';
import { lintTextParams } from './params.js';

/**
 * Registers `planlint/debug/memory`, `planlint/debug/document` and (given `trace`)
 * `planlint/debug/editTrace` on `connection`; `log` is told of documents opening and closing.
 */
export function registerDebugRequests(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  inProcess: (uri: string) => boolean = () => false,
  log?: (message: string) => void,
  trace?: EditTrace,
): void {
  if (log) {
    documents.onDidOpen((e) => log(`didOpen ${e.document.uri} (${e.document.getText().length} characters)`));
    documents.onDidClose((e) => log(`didClose ${e.document.uri}`));
  }
  if (trace) connection.onRequest(DebugEditTraceRequest, (params: { uri: string }) => trace.get(params.uri));
  connection.onRequest(DebugMemoryRequest, () => {
    // `gc` without starting Node with --expose-gc: the flag is set, then read from a new context.
    // Three full collections: a weak reference or finalizer can free more on the next one.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    for (let i = 0; i < 3; i++) gc();
    const { rss, heapUsed } = process.memoryUsage();
    const codeUsed = v8
      .getHeapSpaceStatistics()
      .filter((space) => space.space_name.startsWith('code_'))
      .reduce((sum, space) => sum + space.space_used_size, 0);
    return { rss, heapUsed, codeUsed, documents: documents.all().length };
  });
  connection.onRequest(DebugDocumentRequest, (params: unknown) => {
    const doc = documents.get(lintTextParams(DebugDocumentRequest.method, { text: '', ...(params as object) }).uri);
    return doc ? { version: doc.version, text: doc.getText(), inProcess: inProcess(doc.uri) } : null;
  });
}
