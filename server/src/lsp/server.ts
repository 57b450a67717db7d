/**
 * The planlint language server: a thin adapter over the core. It keeps the latest analysis of
 * each open document, lints on open and (debounced) on change, pushes diagnostics to clients
 * without pull support and answers `textDocument/diagnostic` for clients with it.
 *
 * Robustness: every request's params are checked before use (InvalidParams, never an internal
 * error); a handler that fails anyway logs the failure and answers empty. Documents are kept
 * in sync by the library's TextDocuments whatever analysis does; an analysis is cached per
 * content revision (not per client version, which a client may repeat). Large documents are
 * analyzed in a worker thread within a time and memory budget (see analysis-worker.ts).
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import picomatch from 'picomatch';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { analyze, CONFIG_FILE_NAME, ConfigError, defaultConfig, parseSettingsReport, VERSION, withSettings, type Analysis, type ParsedDocument, type ResolvedConfig, type Settings } from '../core/index.js';
import { ConfigLoader } from '../node/files.js';
import { DebugDocumentRequest, DebugMemoryRequest, FIX_ALL_KIND, InsertSectionRequest, LintTextRequest, OutlineRequest, ScoreRequest } from '../protocol.js';
import { analyzeInWorker, budgetMessage, type Budget } from './analysis-worker.js';
import * as features from './features.js';
import type { AnalyzedDocument } from './features.js';
import { documentSync } from './text-sync.js';
import { codeActionParams, documentParams, insertSectionParams, lintTextParams, positionParams, referenceParams } from './params.js';

const EMPTY: Analysis = { plan: undefined, document: undefined, isPlan: false, kind: 'not-a-plan', kindReason: 'not analyzed', findings: [], score: undefined, problems: [] };

interface Cached extends AnalyzedDocument {
  /** The content revision analyzed: it changes with every open and change of the document. */
  revision: number;
  /** Diagnostics of the analysis plus any config problem, computed once per revision. */
  diagnostics: Diagnostic[];
}

/**
 * Documents of more UTF-16 code units than this are analyzed in a worker thread, off the
 * main thread (about 1.5 s of analysis on a generated plan; smaller ones take the incremental
 * path in process). `PLANLINT_WORKER_MIN_CHARS` overrides it.
 */
const WORKER_MIN_CHARS = Number(process.env.PLANLINT_WORKER_MIN_CHARS ?? 512 * 1024);

/**
 * The budget of one worker analysis: a 5 MB plan takes about 15 s on a slow core.
 * `PLANLINT_ANALYSIS_TIME_LIMIT_MS` and `PLANLINT_ANALYSIS_HEAP_MB` override it.
 */
const BUDGET: Budget = {
  timeMs: Number(process.env.PLANLINT_ANALYSIS_TIME_LIMIT_MS ?? 60_000),
  heapMb: Number(process.env.PLANLINT_ANALYSIS_HEAP_MB ?? 2048),
};

const lineZero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Wires the planlint server onto `connection` and starts listening.
 *
 * @param connection a connection from `createConnection` (stdio, IPC or streams)
 */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(documentSync);
  const cache = new Map<string, Cached>();
  /** Content revision per open document; bumped on every open and change. */
  const revisions = new Map<string, number>();
  let nextRevision = 1;
  /**
   * The analysis under way per document: requests for the same revision share it; a newer
   * revision ends it (its worker, if it has one).
   */
  const running = new Map<string, { revision: number; controller: AbortController; result: Promise<Cached | undefined> }>();
  /** Bumped when settings or a config file change: analyses started before are not cached. */
  let generation = 0;
  const timers = new Map<string, NodeJS.Timeout>();
  /**
   * Per document: how long its incremental analyses take (EWMA, ms), when the last edit
   * arrived, and since when edits have been waiting (`performance.now()` ms).
   */
  const timing = new Map<string, { ewma: number; lastEdit: number; pendingSince: number | undefined }>();
  const timingOf = (uri: string) => {
    let t = timing.get(uri);
    if (!t) {
      t = { ewma: 0, lastEdit: -Infinity, pendingSince: undefined };
      timing.set(uri, t);
    }
    return t;
  };
  let loader = new ConfigLoader();
  let pull = false;
  let configurationCapability = false;
  let watchCapability = false;
  /** Settings problems already shown to the user, so that each is shown once. */
  const shownProblems = new Set<string>();
  const parseSettings = (value: unknown): Settings => {
    const { settings, problems } = parseSettingsReport(value);
    for (const problem of problems) {
      connection.console.error(problem);
      if (shownProblems.has(problem)) continue;
      shownProblems.add(problem);
      // A notification, not window/showMessageRequest: the client need not answer it.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: problem }).catch(() => undefined);
    }
    return settings;
  };
  let globalSettings: Settings = parseSettingsReport({}).settings;
  let workspaceFolders: string[] = [];
  const settingsByUri = new Map<string, Promise<Settings>>();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pull = Boolean(caps.textDocument?.diagnostic);
    configurationCapability = Boolean(caps.workspace?.configuration);
    watchCapability = Boolean(caps.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    globalSettings = parseSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
    workspaceFolders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
    if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [URI.parse(params.rootUri).fsPath];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.SourceFixAll], resolveProvider: false },
        documentSymbolProvider: { label: 'Plan' },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        completionProvider: { resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        ...(pull ? { diagnosticProvider: { identifier: 'planlint', interFileDependencies: false, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'planlint', version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (configurationCapability) await connection.client.register(DidChangeConfigurationNotification.type, { section: 'planlint' }).catch(() => undefined);
    if (watchCapability) await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] }).catch(() => undefined);
  });

  async function settingsFor(uri: string): Promise<Settings> {
    if (!configurationCapability) return globalSettings;
    let s = settingsByUri.get(uri);
    if (!s) {
      s = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'planlint' })
        .then(parseSettings, () => globalSettings);
      settingsByUri.set(uri, s);
    }
    return s;
  }

  /** Whether `uri` matches `planlint.include`: then it is linted as a plan whatever its content. */
  function included(uri: URI, settings: Settings): boolean {
    if (uri.scheme !== 'file' || settings.include.length === 0) return false;
    const file = uri.fsPath.split(path.sep).join('/');
    const root = workspaceFolders.find((f) => uri.fsPath.startsWith(f + path.sep));
    const rel = root ? path.relative(root, uri.fsPath).split(path.sep).join('/') : file.replace(/^\/+/, '');
    try {
      return picomatch.isMatch(rel, settings.include, { dot: true });
    } catch (error) {
      connection.console.error(`planlint.include: ${String(error)}`);
      return false;
    }
  }

  function isMarkdown(doc: TextDocument): boolean {
    return doc.languageId === 'markdown' || /\.(?:md|markdown|mdx)$/i.test(doc.uri);
  }

  async function configFor(uri: URI, settings: Settings): Promise<{ config: ResolvedConfig; problem?: Diagnostic }> {
    if (uri.scheme !== 'file') return { config: withSettings(defaultConfig(), settings) };
    try {
      return { config: withSettings(await loader.forFile(uri.fsPath), settings) };
    } catch (error) {
      const message = error instanceof ConfigError ? error.message : `Could not read the planlint config: ${String(error)}`;
      return {
        config: withSettings(defaultConfig(), settings),
        problem: { range: lineZero, severity: DiagnosticSeverity.Error, source: 'planlint', code: 'config', message: `${message}\nLinting with the default config until it is fixed.` },
      };
    }
  }

  /**
   * Lints `text` as document `uri` at `version` (carried in each diagnostic for its quick fixes):
   * the enable setting, the size limit, `planlint.include`, and a config problem shown first.
   * Shared by open documents and `planlint/lintText`. Texts over {@link WORKER_MIN_CHARS} are
   * analyzed in a worker within {@link BUDGET}; `signal` ends that early (undefined result).
   */
  async function lint(uri: string, version: number, text: string, settings: Settings, config: ResolvedConfig, problem: Diagnostic | undefined, previous?: ParsedDocument, signal?: AbortSignal): Promise<{ analysis: Analysis; diagnostics: Diagnostic[] } | undefined> {
    if (!settings.enable) return { analysis: EMPTY, diagnostics: [] };
    const limit = settings.maxDocumentSizeMB * 1024 * 1024;
    if (text.length > limit / 4 && Buffer.byteLength(text) > limit) {
      const mb = (Buffer.byteLength(text) / 1024 / 1024).toFixed(1);
      return {
        analysis: EMPTY,
        diagnostics: [
          {
            range: lineZero,
            severity: DiagnosticSeverity.Information,
            source: 'planlint',
            code: 'size-limit',
            message: `Document is ${mb} MB, over planlint.maxDocumentSizeMB (${settings.maxDocumentSizeMB}); planlint does not analyze it. Raise the setting to lint it.`,
          },
        ],
      };
    }
    // A document is linted for what it is (plan, template, not a plan), as the CLI does; a
    // template or non-plan still gets its conflict markers. `planlint.include` forces, like --force.
    const parsed = URI.parse(uri);
    const options = { path: parsed.path, force: included(parsed, settings) };
    let analysis: Analysis;
    if (text.length > WORKER_MIN_CHARS) {
      const result = await analyzeInWorker(__filename, { text, config, options }, BUDGET, signal);
      if (!result) return undefined;
      if ('failure' in result) {
        connection.console.error(`${uri}: ${budgetMessage(result.failure)}`);
        return { analysis: EMPTY, diagnostics: [{ range: lineZero, severity: DiagnosticSeverity.Information, source: 'planlint', code: 'analysis-budget', message: budgetMessage(result.failure) }] };
      }
      analysis = result.analysis;
    } else {
      try {
        analysis = analyze(text, config, { ...options, previous });
      } catch (error) {
        // The core contains rule failures itself; this is the last line of defence.
        const message = budgetMessage({ reason: 'error', message: error instanceof Error ? error.message : String(error) });
        connection.console.error(`${uri}: ${error instanceof Error ? (error.stack ?? message) : message}`);
        return { analysis: EMPTY, diagnostics: [{ range: lineZero, severity: DiagnosticSeverity.Information, source: 'planlint', code: 'analysis-error', message }] };
      }
    }
    for (const p of analysis.problems) connection.console.error(`${uri}: ${p.message}`);
    const diagnostics = analysis.isPlan || analysis.findings.length ? features.diagnostics({ uri, version, analysis }) : [];
    if (problem && analysis.isPlan) diagnostics.unshift(problem);
    return { analysis, diagnostics };
  }

  /**
   * Analyzes the current revision of `uri` unless the cache already has it or an analysis of
   * it is under way. Resolves to undefined when the document closed or changed while the
   * config was loading or a worker analyzed it.
   */
  function analyzeDocument(uri: string): Promise<Cached | undefined> {
    const doc = documents.get(uri);
    const revision = revisions.get(uri);
    if (!doc || revision === undefined) return Promise.resolve(undefined);
    const cached = cache.get(uri);
    if (cached && cached.revision === revision) return Promise.resolve(cached);
    const under = running.get(uri);
    if (under && under.revision === revision) return under.result;
    under?.controller.abort();
    const controller = new AbortController();
    const result = analyzeRevision(uri, doc.version, revision, controller.signal).finally(() => {
      if (running.get(uri)?.controller === controller) running.delete(uri);
    });
    running.set(uri, { revision, controller, result });
    return result;
  }

  async function analyzeRevision(uri: string, version: number, revision: number, signal: AbortSignal): Promise<Cached | undefined> {
    const started = generation;
    const parsed = URI.parse(uri);
    const settings = await settingsFor(uri);
    const { config, problem } = await configFor(parsed, settings);
    const current = documents.get(uri);
    if (!current || revisions.get(uri) !== revision) return undefined;
    const again = cache.get(uri);
    if (again && again.revision === revision) return again;
    // Incremental: the previous revision's unchanged sections are reused, not parsed again.
    const previous = again?.analysis.document;
    if (again) again.analysis.document = undefined;
    const startedAt = performance.now();
    const linted = isMarkdown(current) ? await lint(uri, version, current.getText(), settings, config, problem, previous, signal) : { analysis: EMPTY, diagnostics: [] };
    if (!linted || revisions.get(uri) !== revision) return undefined;
    const { analysis, diagnostics } = linted;
    if (previous && analysis.document) {
      // Only incremental analyses size the window: they are what typing triggers.
      const t = timingOf(uri);
      const took = performance.now() - startedAt;
      t.ewma = t.ewma === 0 ? took : 0.7 * t.ewma + 0.3 * took;
    }
    const result: Cached = { uri, version, revision, analysis, diagnostics };
    // Settings or a config file changed meanwhile: answer, but do not keep it.
    if (started === generation) cache.set(uri, result);
    return result;
  }

  async function publish(uri: string): Promise<void> {
    const result = await analyzeDocument(uri);
    // Never publish for an older revision: the document may have changed while we worked.
    if (!result || revisions.get(uri) !== result.revision) return;
    await connection.sendDiagnostics({ uri, version: result.version, diagnostics: result.diagnostics });
  }

  /**
   * The coalescing window of `uri`: `planlint.debounceMs`, or this document's measured
   * incremental analysis time (10-300 ms).
   */
  function windowFor(uri: string, settings: Settings): number {
    if (settings.debounceMs !== null) return settings.debounceMs;
    return Math.min(300, Math.max(10, Math.round(timingOf(uri).ewma)));
  }

  function schedule(uri: string, delay: number): void {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        timingOf(uri).pendingSince = undefined;
        if (!pull) void publish(uri).catch((e) => connection.console.error(String(e)));
      }, delay),
    );
  }

  async function relintAll(): Promise<void> {
    generation++;
    cache.clear();
    for (const under of running.values()) under.controller.abort();
    running.clear();
    if (pull) {
      await connection.languages.diagnostics.refresh().catch(() => undefined);
      return;
    }
    for (const doc of documents.all()) schedule(doc.uri, 0);
  }

  documents.onDidOpen((e) => {
    if (!pull) schedule(e.document.uri, 0);
  });
  documents.onDidChangeContent(async (e) => {
    const uri = e.document.uri;
    revisions.set(uri, nextRevision++);
    if (pull) return;
    const settings = await settingsFor(uri);
    // Leading edge: an edit after a quiet window is linted at once. Edits closer together
    // coalesce until a window passes without one, but wait at most four windows in all.
    const t = timingOf(uri);
    const window = windowFor(uri, settings);
    const now = performance.now();
    let delay = 0;
    if (timers.has(uri) || now - t.lastEdit < window) {
      t.pendingSince ??= now;
      delay = Math.max(0, Math.min(window, t.pendingSince + 4 * window - now));
    }
    t.lastEdit = now;
    schedule(uri, delay);
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    running.get(e.document.uri)?.controller.abort();
    revisions.delete(e.document.uri);
    cache.delete(e.document.uri);
    settingsByUri.delete(e.document.uri);
    timing.delete(e.document.uri);
    if (!pull) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }).catch(() => undefined);
  });

  connection.onDidChangeConfiguration((change) => {
    settingsByUri.clear();
    if (!configurationCapability) globalSettings = parseSettings((change.settings as { planlint?: unknown } | undefined)?.planlint);
    void relintAll();
  });
  connection.onDidChangeWatchedFiles(() => {
    loader = new ConfigLoader();
    void relintAll();
  });

  /**
   * Answers a request about document `uri` with `fn` over its analysis, or `fallback` when the
   * document is not open or changed meanwhile. A failure is logged and answered with
   * `fallback`: one broken feature must not break the editor's requests.
   */
  async function withDoc<T>(method: string, uri: string, fallback: T, fn: (doc: Cached) => T): Promise<T> {
    try {
      const doc = await analyzeDocument(uri);
      return doc ? fn(doc) : fallback;
    } catch (error) {
      connection.console.error(`planlint: ${method} failed for ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  }

  connection.languages.diagnostics.on(async (raw) => {
    const params = documentParams('textDocument/diagnostic', raw);
    const result = await withDoc('textDocument/diagnostic', params.textDocument.uri, undefined, (doc) => doc);
    return { kind: DocumentDiagnosticReportKind.Full, items: result?.diagnostics ?? [] };
  });
  connection.onCodeAction((raw) => {
    const params = codeActionParams('textDocument/codeAction', raw);
    return withDoc('textDocument/codeAction', params.textDocument.uri, [], (doc) => features.codeActions(doc, params));
  });
  connection.onDocumentSymbol((raw) => withDoc('textDocument/documentSymbol', documentParams('textDocument/documentSymbol', raw).textDocument.uri, [], (doc) => (doc.analysis.isPlan ? features.documentSymbols(doc) : [])));
  connection.onHover((raw) => {
    const params = positionParams('textDocument/hover', raw);
    return withDoc('textDocument/hover', params.textDocument.uri, null, (doc) => (doc.analysis.isPlan ? features.hover(doc, params.position) : null));
  });
  connection.onDefinition((raw) => {
    const params = positionParams('textDocument/definition', raw);
    return withDoc('textDocument/definition', params.textDocument.uri, null, (doc) => (doc.analysis.isPlan ? features.definition(doc, params.position) : null));
  });
  connection.onReferences((raw) => {
    const params = referenceParams('textDocument/references', raw);
    return withDoc('textDocument/references', params.textDocument.uri, [], (doc) => (doc.analysis.isPlan ? features.references(doc, params.position, params.includeDeclaration) : []));
  });
  connection.onCompletion((raw) => {
    const params = positionParams('textDocument/completion', raw);
    return withDoc('textDocument/completion', params.textDocument.uri, [], (doc) => (doc.analysis.isPlan ? features.completion(doc, params.position) : []));
  });
  connection.onCodeLens((raw) => withDoc('textDocument/codeLens', documentParams('textDocument/codeLens', raw).textDocument.uri, [], (doc) => features.codeLenses(doc)));
  connection.onRequest(ScoreRequest, (raw: unknown) => withDoc(ScoreRequest.method, documentParams(ScoreRequest.method, raw).textDocument.uri, null, (doc) => features.scoreResult(doc)));
  connection.onRequest(OutlineRequest, (raw: unknown) => withDoc(OutlineRequest.method, documentParams(OutlineRequest.method, raw).textDocument.uri, null, (doc) => features.outlineResult(doc)));
  connection.onRequest(InsertSectionRequest, (raw: unknown) => {
    const params = insertSectionParams(InsertSectionRequest.method, raw);
    return withDoc(InsertSectionRequest.method, params.textDocument.uri, null, (doc) => features.insertSection(doc, params.position, params.section));
  });
  connection.onRequest(LintTextRequest, async (raw: unknown) => {
    const { uri, text } = lintTextParams(LintTextRequest.method, raw);
    const settings = await settingsFor(uri);
    const { config, problem } = await configFor(URI.parse(uri), settings);
    const linted = await lint(uri, 0, text, settings, config, problem);
    return { isPlan: linted?.analysis.isPlan ?? false, diagnostics: linted?.diagnostics ?? [] };
  });

  if (process.env.PLANLINT_DEBUG_REQUESTS === '1') {
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
      return doc ? { version: doc.version, text: doc.getText() } : null;
    });
  }

  documents.listen(connection);
  connection.listen();
}
