/**
 * `.planlintrc.json` in the editor: its problems are diagnostics on the config file itself, at
 * the offending key, and plans keep linting with the last good config (or the defaults), which
 * the user is told once per distinct problem, never as an error on every plan.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAME, ConfigError, defaultConfig, parseConfig, type ConfigIssue, type ResolvedConfig } from '../core/index.js';

/** True for a document named `.planlintrc.json`. */
export function isConfigFile(uri: string): boolean {
  return path.posix.basename(URI.parse(uri).path) === CONFIG_FILE_NAME;
}

/** The diagnostic of one config issue, on its range in `doc` (the start of the file when it has none). */
function issueDiagnostic(doc: Pick<TextDocument, 'positionAt'>, issue: ConfigIssue): Diagnostic {
  const [start, end] = issue.range ?? [0, 0];
  return {
    range: { start: doc.positionAt(start), end: doc.positionAt(end) },
    severity: DiagnosticSeverity.Error,
    source: 'planlint',
    code: 'config',
    message: issue.path ? `${issue.path}: ${issue.message}` : issue.message,
  };
}

/** The problems of a config file's text as diagnostics on it; none when the config is valid. */
export function configDiagnostics(doc: Pick<TextDocument, 'positionAt' | 'getText' | 'uri'>): Diagnostic[] {
  try {
    parseConfig(doc.getText(), URI.parse(doc.uri).fsPath);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => issueDiagnostic(doc, i));
    throw error;
  }
}

/** What {@link ConfigFallback} needs from the server. */
export interface ConfigFallbackHost {
  /** Shows `message` to the user (once per distinct problem) and logs it. */
  notify(message: string): void;
  /** Publishes diagnostics for a config file that is not open in the editor. */
  publish(uri: string, diagnostics: Diagnostic[]): void;
  /** Whether the config file is open in the editor (then its own diagnostics cover it). */
  isOpen(uri: string): boolean;
}

/**
 * Remembers the last good config per config file and stands in with it when the file turns
 * invalid: the plans keep their findings, the file gets its diagnostics (pushed when it is not
 * open), and the user is told once.
 */
export class ConfigFallback {
  private readonly lastGood = new Map<string, ResolvedConfig>();
  /** Per config file: the message already shown, and whether diagnostics were pushed for it. */
  private readonly reported = new Map<string, { message: string; pushed: boolean }>();

  constructor(private readonly host: ConfigFallbackHost) {}

  /** Records a config that loaded; clears what was reported for its file. */
  good(config: ResolvedConfig): ResolvedConfig {
    if (config.file) {
      this.lastGood.set(config.file, config);
      const was = this.reported.get(config.file);
      if (was?.pushed) this.host.publish(URI.file(config.file).toString(), []);
      this.reported.delete(config.file);
    }
    return config;
  }

  /**
   * The config to lint with while `error.file` is invalid: its last good version, else the
   * defaults. Reports the problem once per distinct message; diagnostics for a file that is
   * not open are placed on the file as it is on disk now.
   */
  async fallback(error: ConfigError): Promise<ResolvedConfig> {
    const previous = this.lastGood.get(error.file);
    const first = error.issues[0];
    const what = first ? `${first.line ? `line ${first.line}: ` : ''}${first.path ? `${first.path}: ` : ''}${first.message}` : 'invalid';
    const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
    const message = `planlint: ${error.file} is invalid: ${what}${more}. Plans are linted with ${previous ? 'its last valid version' : 'the default config'} until it is fixed.`;
    const was = this.reported.get(error.file);
    if (was?.message !== message) {
      this.host.notify(message);
      const entry = { message, pushed: was?.pushed ?? false };
      this.reported.set(error.file, entry);
      const uri = URI.file(error.file).toString();
      const text = this.host.isOpen(uri) ? undefined : await readFile(error.file, 'utf8').catch(() => undefined);
      // Unless the file was fixed (or broke differently) meanwhile.
      if (text !== undefined && this.reported.get(error.file) === entry) {
        const doc = TextDocument.create(uri, 'jsonc', 0, text);
        this.host.publish(uri, error.issues.map((i) => issueDiagnostic(doc, i)));
        entry.pushed = true;
      }
    }
    return previous ?? defaultConfig();
  }

  /** The config file `uri` was deleted: its pushed diagnostics go, and so does its last good version. */
  deleted(uri: string): void {
    const file = URI.parse(uri).fsPath;
    const was = this.reported.get(file);
    if (was?.pushed) this.host.publish(uri, []);
    this.reported.delete(file);
    this.lastGood.delete(file);
  }

  /** The config file `uri` was opened: its own diagnostics replace any pushed for it. */
  opened(uri: string): void {
    const file = URI.parse(uri).fsPath;
    const was = this.reported.get(file);
    if (!was?.pushed) return;
    this.host.publish(uri, []);
    was.pushed = false;
  }
}
