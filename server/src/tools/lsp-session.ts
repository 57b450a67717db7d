import { spawn, type ChildProcess } from 'node:child_process';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node';
import type { InitializationOptions } from '../protocol.js';

/**
 * A real LSP client session against the real server process over stdio (the tests and
 * `npm run bench` use it). Diagnostics are
 * recorded as they arrive; `diagnostics()` waits for one that matches, never on a timer.
 */
export class LspSession {
  readonly published: PublishDiagnosticsParams[] = [];
  /** When each of `published` arrived (`performance.now()` milliseconds), index for index. */
  readonly receivedAt: number[] = [];
  private waiters: Array<{ match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  readonly connection: ProtocolConnection;
  /** The server process. */
  readonly process: ChildProcess;
  initializeResult!: InitializeResult;

  /**
   * @param server path of the built server bundle (`dist/server.js`), started with this Node
   *   over stdio; or a server process already started, its stdin and stdout piped
   * @param env variables added to this process's environment for a server it starts
   */
  constructor(server: string | ChildProcess, env: Record<string, string> = {}) {
    this.process = typeof server === 'string' ? spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } }) : server;
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.receivedAt.push(performance.now());
      this.waiters = this.waiters.filter((w) => (w.match(p) ? (w.resolve(p), false) : true));
    });
    this.connection.listen();
  }

  /**
   * Sends `initialize` and `initialized`.
   *
   * @param settings `planlint.*` settings sent in `initializationOptions.settings`
   * @param options the other `initializationOptions` (what an editor's client declares)
   */
  async initialize(capabilities: ClientCapabilities, rootUri: string | null = null, settings?: unknown, options?: Omit<InitializationOptions, 'settings'>): Promise<InitializeResult> {
    this.initializeResult = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      capabilities,
      workspaceFolders: null,
      initializationOptions: settings === undefined && options === undefined ? undefined : { ...options, ...(settings === undefined ? {} : { settings }) },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return this.initializeResult;
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version, text } });
  }

  change(uri: string, text: string, version: number): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Replaces `range` of the document with `text` (an incremental change, as editors send). */
  edit(uri: string, version: number, range: Range, text: string): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  /** The first publication (already received or still to come) that matches. */
  diagnostics(match: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    const done = this.published.find(match);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  async dispose(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // The process may already be gone.
    }
    this.connection.dispose();
    this.process.kill();
  }
}
