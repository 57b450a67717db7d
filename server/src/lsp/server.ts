/**
 * The planlint language server: a thin adapter over the core. It keeps the latest analysis of
 * each open document, lints on open and (debounced) on change, pushes diagnostics to clients
 * without pull support and answers `textDocument/diagnostic` for clients with it.
 *
 * Plan sets (workspace.ts): a workspace index of the workspace folders' Markdown files, read
 * once and kept current from file events and open documents; an open document's analysis is
 * its own (incremental, cached per revision) joined with the other files of its set by the
 * cross-file pass, and a change re-publishes (or refreshes) the set's other open documents.
 * `workspace/diagnostic` reports every indexed file.
 *
 * Robustness: requests check their params (requests.ts, params.ts); documents are kept in
 * sync whatever analysis does (text-sync.ts); an analysis is cached per content revision (not
 * per client version, which a client may repeat) and shared by the requests that wait for it;
 * large documents are analyzed in a worker within a time and memory budget (lint.ts).
 */
import { performance } from 'node:perf_hooks';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { analyze, CONFIG_FILE_NAME, ConfigError, defaultConfig, VERSION, withSettings, type ParsedDocument, type ResolvedConfig, type Settings } from '../core/index.js';
import { ConfigLoader } from '../node/files.js';
import { CursorNotification, FIX_ALL_KIND } from '../protocol.js';
import { registerDebugRequests } from './debug.js';
import { MARKDOWN_GLOB, MARKDOWN_NAME } from '../node/walk.js';
import { EditSchedule } from './edit-schedule.js';
import { EditTrace } from './edit-trace.js';
import { DocumentSettings } from './settings.js';
import { EMPTY, LINE_ZERO, lintDocument, WORKER_MIN_CHARS, type Linted } from './lint.js';
import { registerRequests } from './requests.js';
import type { ClientSupport } from './code-actions.js';
import { clientOptions } from './client-options.js';
import { ConfigFallback, configDiagnostics, isConfigFile } from './config-file.js';
import { documentSync } from './text-sync.js';
import { QuietTyping } from './typing.js';
import type { MemberState } from './set-view.js';
import { PlanWorkspace } from './workspace.js';
import { indexFiles } from './workspace-files.js';

interface Cached extends MemberState {
  /** The content revision analyzed: it changes with every open and change of the document. */
  revision: number;
}

/**
 * Wires the planlint server onto `connection` and starts listening.
 *
 * @param connection a connection from `createConnection` (stdio, IPC or streams)
 */
export function startServer(connection: Connection): void {
  /** With PLANLINT_DEBUG_REQUESTS=1: the timing of each analysis and request, in the client's log. */
  const debug = process.env.PLANLINT_DEBUG_REQUESTS === '1' ? (message: string) => connection.console.log(`[${new Date().toISOString().slice(11, 23)}] ${message}`) : undefined;
  // Quiet typing: held diagnostics give way when a word is finished or the document saved.
  const typing = new QuietTyping((uri) => {
    if (pull) void connection.languages.diagnostics.refresh().catch(() => undefined);
    else edits.schedule(uri, 0);
  });
  const documents = new TextDocuments({
    create: documentSync.create,
    update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number) {
      const updated = documentSync.update(doc, changes, version);
      typing.edited(updated, changes);
      return updated;
    },
  });
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
  const trace = new EditTrace(process.env.PLANLINT_DEBUG_REQUESTS === '1');
  const edits = new EditSchedule((uri) => {
    void (pull ? Promise.resolve() : publish(uri))
      .then(() => workspace.propagate(uri))
      .catch((e) => connection.console.error(String(e)));
  });
  let loader = new ConfigLoader();
  let pull = false;
  let refreshCapability = false;
  let watchCapability = false;
  let foldersCapability = false;
  const client: ClientSupport = { snippetEdits: false };
  const documentSettings = new DocumentSettings(connection);
  const configs = new ConfigFallback({
    notify(message) {
      connection.console.warn(message);
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }).catch(() => undefined);
    },
    publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }).catch(() => undefined),
    isOpen: (uri) => documents.get(uri) !== undefined,
  });
  /** The workspace folders on disk (`file:` URIs), which the workspace index reads. */
  let diskFolders: string[] = [];

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pull = Boolean(caps.textDocument?.diagnostic);
    refreshCapability = Boolean(caps.workspace?.diagnostics?.refreshSupport);
    documentSettings.pullsConfiguration = Boolean(caps.workspace?.configuration);
    watchCapability = Boolean(caps.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    foldersCapability = Boolean(caps.workspace?.workspaceFolders);
    // A SnippetTextEdit only lives in a TextDocumentEdit, so it needs documentChanges too.
    client.snippetEdits = Boolean(caps.workspace?.workspaceEdit?.snippetEditSupport && caps.workspace.workspaceEdit.documentChanges);
    const options = clientOptions(params.initializationOptions);
    client.ruleDocsCommand = options.ruleDocsCommand;
    documentSettings.setGlobal(options.settings);
    documentSettings.folders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
    if (documentSettings.folders.length === 0 && params.rootUri) documentSettings.folders = [URI.parse(params.rootUri).fsPath];
    const folderUris = params.workspaceFolders?.length ? params.workspaceFolders.map((f) => f.uri) : params.rootUri ? [params.rootUri] : [];
    diskFolders = folderUris.map((u) => URI.parse(u)).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
    return {
      capabilities: {
        // Saves are reported for planlint.run "onSave".
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.SourceFixAll], resolveProvider: false },
        ...(options.documentSymbols ? { documentSymbolProvider: { label: 'Plan' } } : {}),
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        // "-" after a prefix ("FR-", "T-"): ID completion shows while typing, also where the editor has quick suggestions off (VS Code in Markdown).
        completionProvider: { resolveProvider: false, triggerCharacters: ['-'] },
        codeLensProvider: { resolveProvider: false },
        renameProvider: { prepareProvider: true },
        ...(foldersCapability ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
        ...(pull ? { diagnosticProvider: { identifier: 'planlint', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
      },
      serverInfo: { name: 'planlint', version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (documentSettings.pullsConfiguration) await connection.client.register(DidChangeConfigurationNotification.type, { section: 'planlint' }).catch(() => undefined);
    if (watchCapability) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }, { globPattern: MARKDOWN_GLOB }] }).catch(() => undefined);
    }
    if (foldersCapability) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => URI.parse(f.uri).fsPath));
        documentSettings.folders = [...documentSettings.folders.filter((f) => !removed.has(f)), ...e.added.map((f) => URI.parse(f.uri).fsPath)];
        diskFolders = [...diskFolders.filter((f) => !removed.has(f)), ...e.added.map((f) => URI.parse(f.uri)).filter((u) => u.scheme === 'file').map((u) => u.fsPath)];
        startIndex();
      });
    }
    startIndex();
  });

  const settingsFor = (uri: string): Promise<Settings> => documentSettings.for(uri);
  const included = (uri: URI, s: Settings): boolean => documentSettings.included(uri, s);

  function isMarkdown(doc: TextDocument): boolean {
    return doc.languageId === 'markdown' || MARKDOWN_NAME.test(doc.uri);
  }

  async function configFor(uri: URI, settings: Settings): Promise<{ config: ResolvedConfig; problem?: Diagnostic }> {
    if (uri.scheme !== 'file') return { config: withSettings(defaultConfig(), settings) };
    try {
      return { config: withSettings(configs.good(await loader.forFile(uri.fsPath)), settings) };
    } catch (error) {
      // An invalid config file gets its own diagnostics; plans keep linting with its last good version.
      if (error instanceof ConfigError) return { config: withSettings(await configs.fallback(error), settings) };
      const message = `Could not read the planlint config: ${String(error)}`;
      return {
        config: withSettings(defaultConfig(), settings),
        problem: { range: LINE_ZERO, severity: DiagnosticSeverity.Error, source: 'planlint', code: 'config', message: `${message}\nLinting with the default config until it is fixed.` },
      };
    }
  }

  /**
   * Lints `text` as document `uri` at `version` (see {@link lintDocument}); `planlint.include`
   * forces plan rules, like --force. Shared by open documents and `planlint/lintText`.
   */
  function lint(uri: string, version: number, text: string, settings: Settings, config: ResolvedConfig, problem: Diagnostic | undefined, previous?: ParsedDocument, signal?: AbortSignal, inProcess = false): Promise<Linted | undefined> {
    return lintDocument({ uri, version, text, settings, config, problem, previous, signal, inProcess, force: included(URI.parse(uri), settings), log: (m) => connection.console.error(m) });
  }

  /**
   * Gives the cached worker analysis of `uri` (at `revision`) the parse a worker does not send
   * back, once the diagnostics are out: the next edit's analysis is then incremental in process
   * instead of a full one while the user types.
   */
  /** Per document, the seed (see {@link seedParse}) waiting for the diagnostics of `revision` to be published. */
  const seeds = new Map<string, { revision: number; run: () => void }>();

  function seedParse(uri: string, revision: number, settings: Settings): void {
    const current = () => {
      const cached = cache.get(uri);
      return documents.get(uri) && cached && cached.revision === revision && revisions.get(uri) === revision && !cached.analysis.document ? cached : undefined;
    };
    const cached = current();
    if (!cached) return;
    // A whole analysis, not only the parse: its sections carry the model's walks the next edit reuses.
    const seeded = analyze(documents.get(uri)!.getText(), cached.config, { path: URI.parse(uri).path, force: included(URI.parse(uri), settings) });
    if (current() === cached) cached.analysis.document = seeded.document;
  }

  /**
   * Analyzes the current revision of `uri` unless the cache already has it or an analysis of
   * it is under way. Resolves to undefined when the document closed or changed while the
   * config was loading or a worker analyzed it.
   */
  function analyzeOwn(uri: string): Promise<Cached | undefined> {
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
    trace.started(uri, revision);
    const started = generation;
    const begun = performance.now();
    const parsed = URI.parse(uri);
    const settings = await settingsFor(uri);
    const { config, problem } = await configFor(parsed, settings);
    const configured = performance.now();
    const current = documents.get(uri);
    if (!current || revisions.get(uri) !== revision) return undefined;
    const again = cache.get(uri);
    if (again && again.revision === revision) return again;
    // Incremental: the previous revision's unchanged sections are reused, not parsed again.
    const previous = again?.analysis.document;
    if (again) again.analysis.document = undefined;
    const startedAt = performance.now();
    const text = current.getText();
    const large = text.length > WORKER_MIN_CHARS;
    const inProcess = large && edits.inProcess(uri);
    const linted = isConfigFile(uri)
      ? { analysis: EMPTY, diagnostics: configDiagnostics(current) }
      : isMarkdown(current)
        ? await lint(uri, version, text, settings, config, problem, previous, signal, inProcess)
        : { analysis: EMPTY, diagnostics: [] };
    if (!linted || revisions.get(uri) !== revision) return undefined;
    const { analysis, diagnostics } = linted;
    const took = performance.now() - startedAt;
    const ok = analysis !== EMPTY && !diagnostics.some((d) => d.code === 'analysis-budget');
    const seed = edits.analyzed(uri, took, { large: large && isMarkdown(current), incremental: Boolean(previous && analysis.document), ok, chars: text.length, cpuMs: linted.cpuMs });
    const result: Cached = { uri, version, revision, analysis, diagnostics, config, problem, stamp: `g${started}r${revision}` };
    debug?.(`analyzed ${uri} r${revision}: settings and config ${(configured - begun).toFixed(0)} ms, analysis ${took.toFixed(0)} ms${large && !inProcess ? ' (worker)' : ''}${started === generation ? '' : ', not kept (settings changed)'}`);
    // Settings or a config file changed meanwhile: answer, but do not keep it.
    if (started === generation) cache.set(uri, result);
    if (seed) {
      const run = () => {
        try {
          seedParse(uri, revision, settings);
        } catch (e) {
          connection.console.error(String(e));
        }
      };
      // Pushed diagnostics go out first (see publish); pulled ones are answered meanwhile.
      if (pull) setImmediate(run);
      else seeds.set(uri, { revision, run });
    }
    return result;
  }

  /** The current analysis of open document `uri` within its plan set (see workspace.ts). */
  async function analyzeDocument(uri: string): Promise<Cached | undefined> {
    const own = await analyzeOwn(uri);
    return own && workspace.withSet(own);
  }

  async function publish(uri: string): Promise<void> {
    const result = await analyzeDocument(uri);
    // Never publish for an older revision: the document may have changed while we worked.
    if (!result || revisions.get(uri) !== result.revision) return;
    const visible = typing.visible(uri, result.diagnostics);
    workspace.reportedTo(uri, visible);
    await connection.sendDiagnostics({ uri, version: result.version, diagnostics: visible });
    trace.published(uri, result.version, result.revision);
    // A large plan's in-process analysis after the worker's runs once its diagnostics are out.
    const seed = seeds.get(uri);
    if (seed?.revision === result.revision) {
      seeds.delete(uri);
      setImmediate(seed.run);
    }
  }

  const workspace: PlanWorkspace = new PlanWorkspace({
    connection,
    ...indexFiles({
      settingsFor,
      configFor,
      lint: (uri, text, settings, config, problem) => lint(uri, 0, text, settings, config, problem),
      loader: () => loader,
      rootOf: (file): string | undefined => workspace.index.rootOf(file),
      log: (m) => connection.console.error(m),
    }),
    log: (m) => connection.console.error(m),
    isOpen: (uri) => documents.get(uri) !== undefined,
    // A member that changed while it was analyzed joins its set with its last analysis, rather than being left out.
    own: async (uri) => (await analyzeOwn(uri)) ?? cache.get(uri),
    pull: () => pull,
    refreshSupport: () => refreshCapability,
    versionOf: (uri) => documents.get(uri)?.version,
    republish: (uri) => edits.schedule(uri, 0),
  });

  function startIndex(): void {
    void workspace.rebuild(diskFolders).catch((e) => connection.console.error(`planlint: workspace index: ${String(e)}`));
  }

  async function relintAll(): Promise<void> {
    generation++;
    cache.clear();
    for (const under of running.values()) under.controller.abort();
    running.clear();
    startIndex();
    if (pull) {
      await connection.languages.diagnostics.refresh().catch(() => undefined);
      return;
    }
    for (const doc of documents.all()) edits.schedule(doc.uri, 0);
  }

  documents.onDidOpen((e) => {
    if (isConfigFile(e.document.uri)) configs.opened(e.document.uri);
    if (isMarkdown(e.document)) void workspace.opened(e.document.uri).catch((error) => connection.console.error(String(error)));
    if (!pull) edits.schedule(e.document.uri, 0);
  });
  documents.onDidChangeContent(async (e) => {
    const uri = e.document.uri;
    trace.arrived(uri, e.document.version);
    revisions.set(uri, nextRevision++);
    // Pull mode: the client asks; a plan set's other files still need to hear of the edit.
    if (pull && !workspace.index.setOf(uri)) return;
    const settings = await settingsFor(uri);
    typing.mode(uri, settings.run, settings.focus);
    // With planlint.run "onSave", the next save publishes.
    if (typing.waitsForSave(uri)) return;
    edits.edited(uri, settings.debounceMs, running.has(uri));
  });
  documents.onDidSave((e) => typing.saved(e.document.uri));
  connection.onNotification(CursorNotification, (raw: unknown) => {
    const p = raw as { textDocument?: { uri?: unknown }; line?: unknown };
    if (typeof p?.textDocument?.uri === 'string' && Number.isInteger(p.line)) typing.cursor(p.textDocument.uri, p.line as number);
  });
  documents.onDidClose((e) => {
    edits.closed(e.document.uri);
    seeds.delete(e.document.uri);
    trace.closed(e.document.uri);
    running.get(e.document.uri)?.controller.abort();
    revisions.delete(e.document.uri);
    cache.delete(e.document.uri);
    documentSettings.forget(e.document.uri);
    typing.closed(e.document.uri);
    if (!pull) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }).catch(() => undefined);
    void workspace.closed(e.document.uri).catch((error) => connection.console.error(String(error)));
  });

  connection.onDidChangeConfiguration((change) => {
    // Only a real change re-lints (see DocumentSettings.reload).
    void documentSettings
      .reload((change.settings as { planlint?: unknown } | undefined)?.planlint)
      .then((changed) => (changed ? relintAll() : undefined))
      .catch((e) => connection.console.error(String(e)));
  });
  connection.onDidChangeWatchedFiles((params) => {
    for (const c of params.changes) if (c.type === FileChangeType.Deleted && isConfigFile(c.uri)) configs.deleted(c.uri);
    const config = params.changes.filter((c) => isConfigFile(c.uri));
    if (config.length || params.changes.length === 0) {
      loader = new ConfigLoader();
      void relintAll();
      return;
    }
    void workspace.filesChanged(params.changes).catch((e) => connection.console.error(`planlint: file events: ${String(e)}`));
  });

  registerRequests(
    connection,
    analyzeDocument,
    async (uri, text) => {
      // A file of the workspace index, unchanged on disk: its diagnostics within its plan set.
      const parsed = URI.parse(uri);
      if (parsed.scheme === 'file' && workspace.index.inRoots(parsed.fsPath)) await workspace.index.ready;
      if (!documents.get(uri) && workspace.index.diskFile(uri)?.text === text) return workspace.stateOf(uri);
      const settings = await settingsFor(uri);
      const { config, problem } = await configFor(URI.parse(uri), settings);
      return lint(uri, 0, text, settings, config, problem);
    },
    () => client,
    (doc) => typing.visible(doc.uri, doc.diagnostics),
    (uri, diagnostics) => workspace.reportedTo(uri, diagnostics),
    debug,
  );
  connection.languages.diagnostics.onWorkspace((params, token) => workspace.workspaceDiagnostics(params.previousResultIds ?? [], token));
  if (debug) registerDebugRequests(connection, documents, (uri) => edits.inProcess(uri), debug, trace);

  documents.listen(connection);
  connection.listen();
}
