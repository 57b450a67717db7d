/**
 * The `planlint.*` settings of each document: pulled with `workspace/configuration` per document
 * when the client supports it (cached until the settings change), otherwise the ones the client
 * sent at initialize or with `workspace/didChangeConfiguration`. Problems in them are shown once.
 */
import * as path from 'node:path';
import picomatch from 'picomatch';
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';
import type { URI } from 'vscode-uri';
import { parseSettingsReport, type Settings } from '../core/index.js';

/** The settings of open documents. */
export class DocumentSettings {
  /** True when the client answers `workspace/configuration` (set at initialize). */
  pullsConfiguration = false;
  /** The workspace folders (file system paths), which `planlint.include` globs are relative to. */
  folders: string[] = [];
  private global: Settings = parseSettingsReport({}).settings;
  private readonly byUri = new Map<string, Promise<Settings>>();
  /** Settings problems already shown to the user, so that each is shown once. */
  private readonly shown = new Set<string>();

  constructor(private readonly connection: Connection) {}

  /** Settings from a client's raw `planlint` object; each problem is logged and shown once. */
  parse(value: unknown): Settings {
    const { settings, problems } = parseSettingsReport(value);
    for (const problem of problems) {
      this.connection.console.error(problem);
      if (this.shown.has(problem)) continue;
      this.shown.add(problem);
      // A notification, not window/showMessageRequest: the client need not answer it.
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: problem }).catch(() => undefined);
    }
    return settings;
  }

  /** The settings every document has when the client does not answer `workspace/configuration`. */
  setGlobal(value: unknown): void {
    this.global = this.parse(value);
  }

  /** The settings of document `uri`. */
  for(uri: string): Promise<Settings> {
    if (!this.pullsConfiguration) return Promise.resolve(this.global);
    let s = this.byUri.get(uri);
    if (!s) {
      s = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'planlint' }).then(
        (v) => this.parse(v),
        () => this.global,
      );
      this.byUri.set(uri, s);
    }
    return s;
  }

  /**
   * After `workspace/didChangeConfiguration` (`sent`: the `planlint` object a client without
   * `workspace/configuration` sends): reads the settings again and resolves to whether any of
   * those read before (every document's, a workspace folder's, the global ones) differ. VS Code
   * sends one right after the server registers for it, with nothing changed: re-linting then
   * would throw away the analysis of the plan being opened.
   */
  async reload(sent: unknown): Promise<boolean> {
    const before = new Map(this.byUri);
    const global = JSON.stringify(this.global);
    this.byUri.clear();
    if (!this.pullsConfiguration) this.setGlobal(sent);
    if (JSON.stringify(this.global) !== global) return true;
    for (const [uri, old] of before) {
      const [was, now] = await Promise.all([old, this.for(uri)]);
      if (JSON.stringify(was) !== JSON.stringify(now)) return true;
    }
    return false;
  }

  /** Forgets the cached settings of `uri`, or of every document. */
  forget(uri?: string): void {
    if (uri === undefined) this.byUri.clear();
    else this.byUri.delete(uri);
  }

  /** Whether `uri` matches `planlint.include`: then it is linted as a plan whatever its content. */
  included(uri: URI, settings: Settings): boolean {
    if (uri.scheme !== 'file' || settings.include.length === 0) return false;
    const file = uri.fsPath.split(path.sep).join('/');
    const root = this.folders.find((f) => uri.fsPath.startsWith(f + path.sep));
    const rel = root ? path.relative(root, uri.fsPath).split(path.sep).join('/') : file.replace(/^\/+/, '');
    try {
      return picomatch.isMatch(rel, settings.include, { dot: true });
    } catch (error) {
      this.connection.console.error(`planlint.include: ${String(error)}`);
      return false;
    }
  }
}
