import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { globby, isDynamicPattern } from 'globby';
import { CONFIG_FILE_NAME, ConfigError, defaultConfig, parseConfig, type ResolvedConfig } from '../core/index.js';

/**
 * Finds and loads `.planlintrc.json` for files, walking up from each file's directory to the
 * filesystem root; the nearest file wins (no cascade). Results are cached per directory for
 * the life of the loader (one CLI run, or until the server invalidates it).
 */
export class ConfigLoader {
  private readonly byDir = new Map<string, Promise<ResolvedConfig>>();

  /**
   * @param explicit a config file given by the user (`--config`): used for every file
   */
  constructor(private readonly explicit?: string) {}

  /**
   * The config for `file`.
   *
   * @throws {ConfigError} when the config file that applies is invalid
   * @throws an I/O error when an explicit config file cannot be read
   */
  async forFile(file: string): Promise<ResolvedConfig> {
    if (this.explicit) return this.load(path.resolve(this.explicit), true);
    return this.forDir(path.dirname(path.resolve(file)));
  }

  private forDir(dir: string): Promise<ResolvedConfig> {
    let cached = this.byDir.get(dir);
    if (!cached) {
      cached = (async () => {
        const candidate = path.join(dir, CONFIG_FILE_NAME);
        if (await exists(candidate)) return this.load(candidate, false);
        const parent = path.dirname(dir);
        return parent === dir ? defaultConfig() : this.forDir(parent);
      })();
      this.byDir.set(dir, cached);
    }
    return cached;
  }

  private async load(file: string, explicit: boolean): Promise<ResolvedConfig> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if (explicit) throw new ConfigError(file, [{ path: '', line: undefined, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}); expected a readable JSON file` }]);
      throw error;
    }
    return parseConfig(text, file);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Markdown file extensions linted when a directory is given. */
export const MARKDOWN_GLOB = '**/*.{md,markdown,mdx}';

/** Result of {@link expandPaths}. */
export interface Expansion {
  files: string[];
  /** Arguments that matched nothing, with the reason. */
  missing: Array<{ arg: string; reason: string }>;
}

/**
 * Expands CLI arguments to markdown files: a file is taken as is (even when ignored); a
 * directory expands to its markdown files honoring `.gitignore` files and `ignore` globs;
 * anything else is a glob. Results are absolute paths, sorted, without duplicates.
 */
export async function expandPaths(args: string[], cwd: string, ignore: string[] = []): Promise<Expansion> {
  const files = new Set<string>();
  const missing: Expansion['missing'] = [];
  const ignoreAll = ['**/node_modules/**', '**/.git/**', ...ignore];
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    let stat: import('node:fs').Stats | undefined;
    try {
      stat = await fs.stat(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isFile()) {
      files.add(abs);
      continue;
    }
    if (stat?.isDirectory()) {
      const found = await globby(MARKDOWN_GLOB, { cwd: abs, gitignore: true, ignore: ignoreAll, absolute: true, dot: false });
      if (found.length === 0) missing.push({ arg, reason: 'no markdown files in this directory' });
      for (const f of found) files.add(path.normalize(f));
      continue;
    }
    if (isDynamicPattern(arg)) {
      const found = await globby(arg.replace(/\\/g, '/'), { cwd, gitignore: true, ignore: ignoreAll, absolute: true });
      if (found.length === 0) missing.push({ arg, reason: 'no files match this pattern' });
      for (const f of found) files.add(path.normalize(f));
      continue;
    }
    missing.push({ arg, reason: 'no such file or directory' });
  }
  return { files: [...files].sort(), missing };
}

/**
 * Replaces `file`'s content atomically: writes a temporary file beside it, keeps the original
 * mode, then renames it over the original. On any failure the original is untouched and the
 * temporary file removed.
 *
 * @throws the I/O error that stopped the write
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.planlint-tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const { mode } = await fs.stat(file);
    await fs.writeFile(tmp, content, { encoding: 'utf8', mode });
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
}
