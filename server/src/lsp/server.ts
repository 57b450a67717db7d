/**
 * The planlint language server: a thin adapter over the core. It keeps the latest analysis of
 * each open document, lints on open and (debounced) on change, pushes diagnostics to clients
 * without pull support and answers `textDocument/diagnostic` for clients with it.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import picomatch from 'picomatch';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { analyze, CONFIG_FILE_NAME, ConfigError, defaultConfig, parseSettings, VERSION, withSettings, type Analysis, type ParsedDocument, type ResolvedConfig, type Settings } from '../core/index.js';
import { ConfigLoader } from '../node/files.js';
import { FIX_ALL_KIND, InsertSectionRequest, LintTextRequest, OutlineRequest, ScoreRequest } from '../protocol.js';
import * as features from './features.js';
import type { AnalyzedDocument } from './features.js';

const EMPTY: Analysis = { plan: undefined, document: undefined, isPlan: false, kind: 'not-a-plan', kindReason: 'not analyzed', findings: [], score: undefined, problems: [] };

interface Cached extends AnalyzedDocument {
  /** Diagnostics of the analysis plus any config problem, computed once per version. */
  diagnostics: Diagnostic[];
}

/**
 * Wires the planlint server onto `connection` and starts listening.
 *
 * @param connection a connection from `createConnection` (stdio, IPC or streams)
 */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, Cached>();
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
  let globalSettings: Settings = parseSettings({});
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
    return picomatch.isMatch(rel, settings.include, { dot: true });
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
        problem: { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: 'planlint', code: 'config', message: `${message}\nLinting with the default config until it is fixed.` },
      };
    }
  }

  /**
   * Lints `text` as document `uri` at `version` (carried in each diagnostic for its quick fixes):
   * the enable setting, the size limit, `planlint.include`, and a config problem shown first.
   * Shared by open documents and `planlint/lintText`.
   */
  function lint(uri: string, version: number, text: string, settings: Settings, config: ResolvedConfig, problem: Diagnostic | undefined, previous?: ParsedDocument): { analysis: Analysis; diagnostics: Diagnostic[] } {
    if (!settings.enable) return { analysis: EMPTY, diagnostics: [] };
    const limit = settings.maxDocumentSizeMB * 1024 * 1024;
    if (text.length > limit / 4 && Buffer.byteLength(text) > limit) {
      const mb = (Buffer.byteLength(text) / 1024 / 1024).toFixed(1);
      return {
        analysis: EMPTY,
        diagnostics: [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
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
    const analysis = analyze(text, config, { path: parsed.path, force: included(parsed, settings), previous });
    for (const p of analysis.problems) connection.console.error(`${uri}: ${p.message}`);
    const diagnostics = analysis.isPlan || analysis.findings.length ? features.diagnostics({ uri, version, analysis }) : [];
    if (problem && analysis.isPlan) diagnostics.unshift(problem);
    return { analysis, diagnostics };
  }

  /**
   * Analyzes the current version of `uri` unless the cache already has it. Resolves to
   * undefined when the document closed or changed while the config was loading.
   */
  async function analyzeDocument(uri: string): Promise<Cached | undefined> {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const cached = cache.get(uri);
    if (cached && cached.version === doc.version) return cached;
    const version = doc.version;
    const parsed = URI.parse(uri);
    const settings = await settingsFor(uri);
    const { config, problem } = await configFor(parsed, settings);
    const current = documents.get(uri);
    if (!current || current.version !== version) return undefined;
    // Incremental: the previous version's unchanged sections are reused, not parsed again.
    const previous = cached?.analysis.document;
    if (cached) cached.analysis.document = undefined;
    const started = performance.now();
    const { analysis, diagnostics } = isMarkdown(current) ? lint(uri, version, current.getText(), settings, config, problem, previous) : { analysis: EMPTY, diagnostics: [] };
    if (previous && analysis.document) {
      // Only incremental analyses size the window: they are what typing triggers.
      const t = timingOf(uri);
      const took = performance.now() - started;
      t.ewma = t.ewma === 0 ? took : 0.7 * t.ewma + 0.3 * took;
    }
    const result: Cached = { uri, version, analysis, diagnostics };
    cache.set(uri, result);
    return result;
  }

  async function publish(uri: string): Promise<void> {
    const result = await analyzeDocument(uri);
    // Never publish for an older version: the document may have changed while we worked.
    if (!result || documents.get(uri)?.version !== result.version) return;
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
    cache.clear();
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
    if (pull) return;
    const uri = e.document.uri;
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
    cache.delete(e.document.uri);
    settingsByUri.delete(e.document.uri);
    timing.delete(e.document.uri);
    if (!pull) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
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

  connection.languages.diagnostics.on(async (params) => {
    const result = await analyzeDocument(params.textDocument.uri);
    return { kind: DocumentDiagnosticReportKind.Full, items: result?.diagnostics ?? [] };
  });

  const withDoc = <T>(uri: string, fallback: T, fn: (doc: Cached) => T) =>
    analyzeDocument(uri).then(
      (doc) => (doc ? fn(doc) : fallback),
      (error) => {
        connection.console.error(`planlint: ${String(error)}`);
        return fallback;
      },
    );

  connection.onCodeAction((params) => withDoc(params.textDocument.uri, [], (doc) => features.codeActions(doc, params)));
  connection.onDocumentSymbol((params) => withDoc(params.textDocument.uri, [], (doc) => (doc.analysis.isPlan ? features.documentSymbols(doc) : [])));
  connection.onHover((params) => withDoc(params.textDocument.uri, null, (doc) => (doc.analysis.isPlan ? features.hover(doc, params.position) : null)));
  connection.onDefinition((params) => withDoc(params.textDocument.uri, null, (doc) => (doc.analysis.isPlan ? features.definition(doc, params.position) : null)));
  connection.onReferences((params) => withDoc(params.textDocument.uri, [], (doc) => (doc.analysis.isPlan ? features.references(doc, params.position, params.context.includeDeclaration) : [])));
  connection.onCompletion((params) => withDoc(params.textDocument.uri, [], (doc) => (doc.analysis.isPlan ? features.completion(doc, params.position) : [])));
  connection.onCodeLens((params) => withDoc(params.textDocument.uri, [], (doc) => features.codeLenses(doc)));
  connection.onRequest(ScoreRequest, (params) => withDoc(params.textDocument.uri, null, (doc) => features.scoreResult(doc)));
  connection.onRequest(OutlineRequest, (params) => withDoc(params.textDocument.uri, null, (doc) => features.outlineResult(doc)));
  connection.onRequest(InsertSectionRequest, (params) => withDoc(params.textDocument.uri, null, (doc) => features.insertSection(doc, params.position, params.section)));
  connection.onRequest(LintTextRequest, async ({ uri, text }) => {
    const settings = await settingsFor(uri);
    const { config, problem } = await configFor(URI.parse(uri), settings);
    const { analysis, diagnostics } = lint(uri, 0, text, settings, config, problem);
    return { isPlan: analysis.isPlan, diagnostics };
  });

  documents.listen(connection);
  connection.listen();
}
