/**
 * The language server's requests over analyzed documents: each checks its params first
 * (InvalidParams naming the field), then answers from the document's analysis. A handler that
 * fails anyway logs the failure and answers empty: one broken feature must not break the
 * editor's requests.
 */
import { performance } from 'node:perf_hooks';
import { DocumentDiagnosticReportKind, ResponseError, type Connection, type Diagnostic } from 'vscode-languageserver';
import type { Analysis } from '../core/index.js';
import { InsertSectionRequest, LintTextRequest, OutlineRequest, ScoreRequest } from '../protocol.js';
import * as features from './features.js';
import * as sets from './set-navigation.js';
import * as actions from './code-actions.js';
import type { ClientSupport } from './code-actions.js';
import type { AnalyzedDocument } from './features.js';
import { codeActionParams, documentParams, insertSectionParams, lintTextParams, positionParams, referenceParams, renameParams } from './params.js';

/** An analyzed document with its diagnostics, as the server caches it. */
export interface DocumentState extends AnalyzedDocument {
  /** Diagnostics of the analysis plus any config problem, computed once per analysis. */
  diagnostics: Diagnostic[];
}

/**
 * Registers every request handler on `connection`.
 *
 * @param analyzeDocument the current analysis of an open document; undefined when it is not open or changed meanwhile
 * @param lintText diagnostics of a text that is not open (`planlint/lintText`); undefined when it was not analyzed
 * @param client what the client can apply (known once it has sent `initialize`)
 * @param present the diagnostics to answer `textDocument/diagnostic` with (quiet typing may hold fresh ones back)
 * @param reported told of the diagnostics answered to each `textDocument/diagnostic`
 * @param debug when set, told how long each request over a document took (milliseconds)
 * @param held the diagnostics quiet typing holds for an open document (a word being typed):
 *   `textDocument/diagnostic` answers them without analyzing the document
 */
export function registerRequests(
  connection: Connection,
  analyzeDocument: (uri: string) => Promise<DocumentState | undefined>,
  lintText: (uri: string, text: string) => Promise<{ analysis: Analysis; diagnostics: Diagnostic[] } | undefined>,
  client: () => ClientSupport,
  present: (doc: DocumentState) => Diagnostic[] = (doc) => doc.diagnostics,
  reported: (uri: string, diagnostics: Diagnostic[]) => void = () => undefined,
  debug?: (message: string) => void,
  held: (uri: string) => Diagnostic[] | undefined = () => undefined,
): void {
  /**
   * Answers a request about document `uri` with `fn` over its analysis, or `fallback` when the
   * document is not open or changed meanwhile. A failure is logged and answered with
   * `fallback`: one broken feature must not break the editor's requests.
   */
  async function withDoc<T>(method: string, uri: string, fallback: T, fn: (doc: DocumentState) => T, answerErrors = false): Promise<T> {
    try {
      const started = performance.now();
      const doc = await analyzeDocument(uri);
      const analyzed = performance.now();
      const answer = doc ? fn(doc) : fallback;
      debug?.(`${method} ${uri}: ${(performance.now() - started).toFixed(0)} ms (${(analyzed - started).toFixed(0)} waiting for the analysis)`);
      return answer;
    } catch (error) {
      // A refusal meant for the user (rename to a taken ID) is the answer, not a failure.
      if (answerErrors && error instanceof ResponseError) throw error;
      connection.console.error(`planlint: ${method} failed for ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  }

  connection.languages.diagnostics.on(async (raw) => {
    const params = documentParams('textDocument/diagnostic', raw);
    const kept = held(params.textDocument.uri);
    if (kept) {
      reported(params.textDocument.uri, kept);
      return { kind: DocumentDiagnosticReportKind.Full, items: kept };
    }
    const result = await withDoc('textDocument/diagnostic', params.textDocument.uri, undefined, (doc) => doc);
    const items = result ? present(result) : [];
    if (result) reported(result.uri, items);
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });
  connection.onCodeAction((raw) => {
    const params = codeActionParams('textDocument/codeAction', raw);
    return withDoc('textDocument/codeAction', params.textDocument.uri, [], (doc) => actions.codeActions(doc, params, client()));
  });
  connection.onDocumentSymbol((raw) => withDoc('textDocument/documentSymbol', documentParams('textDocument/documentSymbol', raw).textDocument.uri, [], (doc) => (features.isPlanLike(doc) ? features.documentSymbols(doc) : [])));
  connection.onHover((raw) => {
    const params = positionParams('textDocument/hover', raw);
    return withDoc('textDocument/hover', params.textDocument.uri, null, (doc) => (features.isPlanLike(doc) ? features.hover(doc, params.position) : null));
  });
  connection.onDefinition((raw) => {
    const params = positionParams('textDocument/definition', raw);
    return withDoc('textDocument/definition', params.textDocument.uri, null, (doc) => (features.isPlanLike(doc) ? features.definition(doc, params.position) : null));
  });
  connection.onReferences((raw) => {
    const params = referenceParams('textDocument/references', raw);
    return withDoc('textDocument/references', params.textDocument.uri, [], (doc) => (features.isPlanLike(doc) ? features.references(doc, params.position, params.includeDeclaration) : []));
  });
  connection.onCompletion((raw) => {
    const params = positionParams('textDocument/completion', raw);
    return withDoc('textDocument/completion', params.textDocument.uri, [], (doc) => (features.isPlanLike(doc) ? features.completion(doc, params.position) : []));
  });
  connection.onPrepareRename((raw) => {
    const params = positionParams('textDocument/prepareRename', raw);
    return withDoc('textDocument/prepareRename', params.textDocument.uri, null, (doc) => (features.isPlanLike(doc) ? sets.prepareRename(doc, params.position) : null), true);
  });
  connection.onRenameRequest((raw) => {
    const params = renameParams('textDocument/rename', raw);
    return withDoc('textDocument/rename', params.textDocument.uri, null, (doc) => (features.isPlanLike(doc) ? sets.rename(doc, params.position, params.newName) : null), true);
  });
  connection.onCodeLens((raw) => withDoc('textDocument/codeLens', documentParams('textDocument/codeLens', raw).textDocument.uri, [], (doc) => features.codeLenses(doc)));
  connection.onRequest(ScoreRequest, (raw: unknown) => withDoc(ScoreRequest.method, documentParams(ScoreRequest.method, raw).textDocument.uri, null, (doc) => features.scoreResult(doc)));
  connection.onRequest(OutlineRequest, (raw: unknown) => withDoc(OutlineRequest.method, documentParams(OutlineRequest.method, raw).textDocument.uri, null, (doc) => features.outlineResult(doc)));
  connection.onRequest(InsertSectionRequest, (raw: unknown) => {
    const params = insertSectionParams(InsertSectionRequest.method, raw);
    return withDoc(InsertSectionRequest.method, params.textDocument.uri, null, (doc) => actions.insertSection(doc, params.position, params.section, client()));
  });
  connection.onRequest(LintTextRequest, async (raw: unknown) => {
    const { uri, text } = lintTextParams(LintTextRequest.method, raw);
    const linted = await lintText(uri, text);
    return { isPlan: linted?.analysis.isPlan ?? false, diagnostics: linted?.diagnostics ?? [] };
  });
}
