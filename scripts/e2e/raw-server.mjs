// The language server alone, as an editor's client sees it: the bundled dist/server.js spawned
// over stdio and driven with vscode-jsonrpc (initialize, didOpen, wait for publishDiagnostics).
// ui-timing.mjs compares VS Code's open time with this one, measured in the same run.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');

/**
 * Times opening `text` in a fresh server: `cold` is spawn → initialize → didOpen → the first
 * non-empty publishDiagnostics (what opening the first plan of a window costs the server), then
 * `opens` more documents (URIs `uriOf(i)`) are each opened in the running server, timed from
 * didOpen to their non-empty diagnostics, and closed.
 *
 * @param server path of the bundled server (dist/server.js)
 * @param uriOf the `file:` URI of the i-th document opened (0 is the cold one)
 * @returns milliseconds: `cold`, and `warm` (one per further open) with the diagnostics count
 */
export async function timeRawServer(server, text, uriOf, opens) {
  const started = performance.now();
  const proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  const reader = new rpc.StreamMessageReader(proc.stdout);
  const connection = rpc.createMessageConnection(reader, new rpc.StreamMessageWriter(proc.stdin));
  const waiting = new Map();
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    if (p.diagnostics.length) waiting.get(p.uri)?.(p.diagnostics.length);
  });
  // workspace/configuration and registrations: answered as an editor without settings would.
  connection.onRequest(() => null);
  connection.listen();
  const open = async (uri) => {
    const got = new Promise((resolve) => waiting.set(uri, resolve));
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    const count = await got;
    waiting.delete(uri);
    return count;
  };
  try {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } } });
    await connection.sendNotification('initialized', {});
    const count = await open(uriOf(0));
    const cold = performance.now() - started;
    await connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(0) } });
    const warm = [];
    for (let i = 1; i <= opens; i++) {
      const t = performance.now();
      await open(uriOf(i));
      warm.push(performance.now() - t);
      await connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(i) } });
    }
    return { cold, warm, diagnostics: count };
  } finally {
    // An orderly end (shutdown, exit), so that the server is not stopped in the middle of a
    // message: vscode-jsonrpc's reader re-arms a timer for a partial message forever, even after
    // dispose, and that timer alone kept this script from exiting once it had passed.
    reader.partialMessageTimeout = 0;
    await connection.sendRequest('shutdown').catch(() => undefined);
    await connection.sendNotification('exit').catch(() => undefined);
    const stopped = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(r, 5000, false).unref())]);
    if (!stopped) proc.kill();
    connection.dispose();
  }
}
