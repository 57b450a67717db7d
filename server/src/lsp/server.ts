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
 * per client version, which a client may repeat) and shared by the requests that wait for it
 * (analyses.ts);
 * large documents are analyzed in a worker within a time and memory budget (lint.ts).
 */
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
import { CONFIG_FILE_NAME, ConfigError, defaultConfig, VERSION, withSettings, type ParsedDocument, type ResolvedConfig, type Settings } from '../core/index.js';
import { ConfigLoader } from '../node/files.js';
import { CursorNotification, FIX_ALL_KIND } from '../protocol.js';
import { registerDebugRequests } from './debug.js';
import { MARKDOWN_GLOB } from '../node/walk.js';
import { EditSchedule } from './edit-schedule.js';
import { EditTrace } from './edit-trace.js';
import { DocumentAnalyses, isMarkdown, type Cached } from './analyses.js';
import { DocumentSettings } from './settings.js';
import { LINE_ZERO, lintDocument, type Linted } from './lint.js';
import { registerRequests } from './requests.js';
import type { ClientSupport } from './code-actions.js';
import { clientOptions } from './client-options.js';
import { ConfigFallback, isConfigFile } from './config-file.js';
import { documentSync } from './text-sync.js';
import { QuietTyping } from './typing.js';
import { PlanWorkspace } from './workspace.js';
import { indexFiles } from './workspace-files.js';

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

  const analyses = new DocumentAnalyses({
    documents,
    settingsFor,
    configFor,
    lint,
    included,
    edits,
    trace,
    pull: () => pull,
    error: (m) => connection.console.error(m),
    debug,
  });

  /** The current analysis of open document `uri` within its plan set (see workspace.ts). */
  async function analyzeDocument(uri: string): Promise<Cached | undefined> {
    const own = await analyses.own(uri);
    return own && workspace.withSet(own);
  }

  async function publish(uri: string): Promise<void> {
    const result = await analyzeDocument(uri);
    // Never publish for an older revision: the document may have changed while we worked.
    if (!result || !analyses.isCurrent(uri, result.revision)) return;
    await send(uri, result.version, typing.visible(uri, result.diagnostics));
    trace.published(uri, result.version, result.revision);
    // A large plan's in-process analysis after the worker's runs once its diagnostics are out.
    analyses.published(uri, result.revision);
  }

  /** Pushes `diagnostics` of open document `uri` for `version`, recorded as what `uri` was told (see PlanWorkspace.reportedTo). */
  async function send(uri: string, version: number, diagnostics: Diagnostic[]): Promise<void> {
    workspace.reportedTo(uri, diagnostics);
    await connection.sendDiagnostics({ uri, version, diagnostics });
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
    own: async (uri) => (await analyses.own(uri)) ?? analyses.last(uri),
    pull: () => pull,
    refreshSupport: () => refreshCapability,
    versionOf: (uri) => documents.get(uri)?.version,
    republish: (uri) => edits.schedule(uri, 0),
  });

  function startIndex(): void {
    void workspace.rebuild(diskFolders).catch((e) => connection.console.error(`planlint: workspace index: ${String(e)}`));
  }

  async function relintAll(): Promise<void> {
    analyses.invalidate();
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
    analyses.changed(uri);
    // Pull mode: the client asks; a plan set's other files still need to hear of the edit.
    if (pull && !workspace.index.setOf(uri)) return;
    const settings = await settingsFor(uri);
    typing.mode(uri, settings.run, settings.focus);
    // With planlint.run "onSave", the next save publishes.
    if (typing.waitsForSave(uri)) return;
    // Inside a word being typed the held diagnostics are answered at once, with no analysis:
    // the finished word (or a pause) analyzes the text then (see QuietTyping).
    const held = typing.held(uri);
    if (held) {
      // Quiet typing's held diagnostics (QuietTyping.held), for this version.
      if (!pull) await send(uri, e.document.version, held);
      return;
    }
    edits.edited(uri, settings.debounceMs, analyses.isRunning(uri));
  });
  documents.onDidSave((e) => typing.saved(e.document.uri));
  connection.onNotification(CursorNotification, (raw: unknown) => {
    const p = raw as { textDocument?: { uri?: unknown }; line?: unknown };
    if (typeof p?.textDocument?.uri === 'string' && Number.isInteger(p.line)) typing.cursor(p.textDocument.uri, p.line as number);
  });
  documents.onDidClose((e) => {
    edits.closed(e.document.uri);
    trace.closed(e.document.uri);
    analyses.closed(e.document.uri);
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
    (uri) => typing.held(uri),
  );
  connection.languages.diagnostics.onWorkspace((params, token) => workspace.workspaceDiagnostics(params.previousResultIds ?? [], token));
  if (debug) registerDebugRequests(connection, documents, (uri) => edits.inProcess(uri), debug, trace);

  documents.listen(connection);
  connection.listen();
}
