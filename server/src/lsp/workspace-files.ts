/**
 * The files of the workspace index on disk: which files a workspace folder holds (as
 * `planlint lint FOLDER` walks it, plus the `planlint.include` globs) and how one is read and
 * linted alone, with the settings of its workspace folder and its own config file.
 */
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { ResolvedConfig, Settings } from '../core/index.js';
import { decode } from '../node/encoding.js';
import type { ConfigLoader } from '../node/files.js';
import { readFileBounded, ReadRefusal } from '../node/read.js';
import { expandPaths } from '../node/walk.js';
import type { Linted } from './lint.js';
import type { IndexHost } from './workspace-index.js';

/** What reading the index's files needs from the server. */
export interface IndexFilesDeps {
  /** The `planlint.*` settings for a resource URI (here: a workspace folder's). */
  settingsFor(uri: string): Promise<Settings>;
  configFor(uri: URI, settings: Settings): Promise<{ config: ResolvedConfig; problem?: Diagnostic }>;
  /** Lints `text` as document `uri` (version 0) alone. */
  lint(uri: string, text: string, settings: Settings, config: ResolvedConfig, problem: Diagnostic | undefined): Promise<Linted | undefined>;
  /** The current config loader (replaced when a config file changes). */
  loader(): ConfigLoader;
  /** The workspace folder holding `file`, if any. */
  rootOf(file: string): string | undefined;
  log(message: string): void;
}

/** `listFiles` and `loadFile` of an {@link IndexHost}. */
export function indexFiles(deps: IndexFilesDeps): Pick<IndexHost, 'listFiles' | 'loadFile'> {
  return {
    async listFiles(root) {
      const settings = await deps.settingsFor(URI.file(root).toString());
      if (!settings.enable) return [];
      let ignore: string[] = [];
      try {
        ignore = (await deps.loader().forFile(path.join(root, 'plan.md'))).ignorePatterns;
      } catch {
        // A broken config file is reported on the open documents it applies to.
      }
      return (await expandPaths([root, ...settings.include], root, ignore)).files;
    },
    async loadFile(uri, file) {
      const settings = await deps.settingsFor(URI.file(deps.rootOf(file) ?? path.dirname(file)).toString());
      let text: string;
      try {
        text = decode((await readFileBounded(file, settings.maxDocumentSizeMB * 1024 * 1024)).bytes).text;
      } catch (error) {
        deps.log(`planlint: ${file} is left out of the workspace index: ${error instanceof ReadRefusal ? error.reason : String(error)}`);
        return undefined;
      }
      const { config, problem } = await deps.configFor(URI.parse(uri), settings);
      const linted = await deps.lint(uri, text, settings, config, problem);
      if (!linted) return undefined;
      // The parse tree is only kept for the incremental analysis of open documents.
      const analysis = { ...linted.analysis, document: undefined };
      return { uri, path: file, text, analysis, diagnostics: linted.diagnostics, config, problem };
    },
  };
}
