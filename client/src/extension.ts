/**
 * planlint for VS Code: starts the bundled language server over IPC and adds the commands, the
 * Plan Outline view and the score in the status bar. No analysis happens here.
 */
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { trackCursor } from './focus';
import type { InitializationOptions } from '../../server/src/protocol';
import { PlanOutlineProvider } from './outline-view';
import { RULE_DOCS_COMMAND, ruleDocsMiddleware } from './rule-docs';
import { ScoreStatus } from './status';

/** The running client, or undefined while the server is stopped or failed to start. */
export interface ClientHandle {
  readonly client: LanguageClient | undefined;
  readonly output: vscode.LogOutputChannel;
  /** Whether requests can be sent now. */
  ready(): boolean;
  restart(): Promise<void>;
}

/** What `activate` returns: the client, the outline view and the status item (used by tests). */
export interface PlanlintApi {
  /** Milliseconds from activation start until the language server answered `initialize`. */
  activationMs: number;
  handle: ClientHandle;
  outline: PlanOutlineProvider;
  status: ScoreStatus;
}

let handle: Handle | undefined;

class Handle implements ClientHandle {
  client: LanguageClient | undefined;
  constructor(
    readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
  ) {}

  ready(): boolean {
    return this.client?.state === State.Running;
  }

  async start(): Promise<void> {
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: 'markdown', scheme: 'file' },
        { language: 'markdown', scheme: 'untitled' },
        { language: 'markdown', scheme: 'vscode-vfs' },
        // Its problems are diagnostics on the config file itself, at the offending key.
        { scheme: 'file', pattern: '**/.planlintrc.json' },
      ],
      outputChannel: this.output,
      // VS Code's Markdown support owns document symbols (Outline, Go to Symbol, breadcrumbs);
      // the Plan Outline view shows planlint's. Rule docs open from the bundled pages.
      initializationOptions: { settings: vscode.workspace.getConfiguration('planlint'), documentSymbols: false, ruleDocsCommand: RULE_DOCS_COMMAND } satisfies InitializationOptions,
      middleware: ruleDocsMiddleware,
    };
    this.client = new LanguageClient('planlint', 'planlint', serverOptions, clientOptions);
    try {
      await this.client.start();
    } catch (error) {
      this.output.appendLine(`planlint server failed to start: ${String(error)}`);
      void vscode.window.showErrorMessage('planlint: the language server failed to start; see "planlint: Show Output".');
    }
  }

  async restart(): Promise<void> {
    if (this.client) await this.client.stop().catch(() => undefined);
    this.client = undefined;
    await this.start();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<PlanlintApi> {
  const started = Date.now();
  const output = vscode.window.createOutputChannel('planlint', { log: true });
  handle = new Handle(context, output);
  const outline = new PlanOutlineProvider(handle);
  const status = new ScoreStatus(handle);
  const view = vscode.window.createTreeView('planlint.outline', { treeDataProvider: outline });
  outline.attach(view);
  context.subscriptions.push(output, outline, status, view);
  registerCommands(context, handle, outline);
  context.subscriptions.push(trackCursor(handle));
  await handle.start();
  const activationMs = Date.now() - started;
  output.info(`planlint activated in ${activationMs} ms (server ${handle.ready() ? 'running' : 'not running'})`);
  void outline.refresh();
  void status.refresh();
  return { activationMs, handle, outline, status };
}

export async function deactivate(): Promise<void> {
  await handle?.client?.stop().catch(() => undefined);
}
