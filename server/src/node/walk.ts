import { promises as fs, type Dirent, type Stats } from 'node:fs';
import * as path from 'node:path';
import { globby, isDynamicPattern } from 'globby';
import picomatch from 'picomatch';
import { describeError, fileType } from './read.js';

/** Markdown file extensions linted when a directory is given. */
export const MARKDOWN_GLOB = '**/*.{md,markdown,mdx}';

/**
 * Hidden folders that hold plan sets (Kiro's `.kiro/specs/`, spec-kit's `.specify/specs/`): a
 * directory walk skips hidden folders but looks into these.
 */
export const PLAN_SET_GLOBS = ['**/.kiro/specs/**/*.{md,markdown,mdx}', '**/.specify/specs/**/*.{md,markdown,mdx}'];

/** A Markdown file name: `.md`, `.markdown` or `.mdx`, any case. */
export const MARKDOWN_NAME = /\.(?:md|markdown|mdx)$/i;

/** A path with the reason it is reported. */
export interface PathNote {
  /** Absolute path as found (not resolved through symbolic links). */
  file: string;
  reason: string;
}

/** Result of {@link expandPaths}. */
export interface Expansion {
  /** Regular files to lint: absolute paths as found, sorted, one per real path. */
  files: string[];
  /** Arguments that matched nothing, with the reason. */
  missing: Array<{ arg: string; reason: string }>;
  /**
   * Paths that were found but cannot be linted (a FIFO, socket or device; a directory a glob
   * named; a directory that could not be read): failures.
   */
  unreadable: PathNote[];
  /** Paths left out on purpose (symbolic links leading outside the linted roots, broken links): notices. */
  skipped: PathNote[];
}

/**
 * Expands CLI arguments to files:
 *
 * - a file is taken as is (even when ignored, and through a symbolic link wherever it leads);
 * - a directory expands to its markdown files honoring `.gitignore` files and `ignore` globs;
 *   hidden folders are skipped, except the plan-set folders of {@link PLAN_SET_GLOBS};
 * - anything else is a glob, relative to `cwd`;
 * - an argument starting with `!` is a negated glob: it only removes files (and every file
 *   under a directory it matches) from what the other arguments found. Negations alone select
 *   nothing and each is reported in `missing` with a hint, as markdownlint-cli2 (globby's
 *   `expandNegationOnlyPatterns: false`) and ESLint select nothing.
 *
 * Directories and globs never follow a symbolic link to a directory (the directory it points
 * to is linted when it is inside the argument anyway), so a link loop cannot repeat files; a
 * symbolic link to a file is linted when its real path is inside the argument's real path and
 * skipped otherwise. A file reached by several paths is linted once, under its own path when
 * that is one of them. Non-regular files are reported, never opened.
 */
export async function expandPaths(args: string[], cwd: string, ignore: string[] = []): Promise<Expansion> {
  const negated = args.filter(isNegation).map((a) => normalizePattern(a.slice(1)));
  const positive = args.filter((a) => !isNegation(a));
  const walker = new Walker(cwd, ['**/node_modules/**', '**/.git/**', ...ignore]);
  if (positive.length === 0) {
    const missing = args.filter(isNegation).map((arg) => ({ arg, reason: `a negated glob only removes files from the paths given before it (for example: planlint . '${arg}')` }));
    return { files: [], missing, unreadable: [], skipped: [] };
  }
  for (const arg of positive) await walker.expand(arg);
  const excluded = negated.length ? excludedBy(negated, cwd) : () => false;
  const keep = (note: PathNote) => !excluded(note.file);
  return {
    files: [...walker.byReal.values()].filter((f) => !excluded(f)).sort(),
    missing: walker.missing,
    unreadable: walker.unreadable.filter(keep),
    skipped: walker.skipped.filter(keep),
  };
}

function isNegation(arg: string): boolean {
  return arg.length > 1 && arg.startsWith('!');
}

function normalizePattern(pattern: string): string {
  return pattern.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/** A test for files that a negated glob removes: the file or one of its folders matches. */
function excludedBy(patterns: string[], cwd: string): (file: string) => boolean {
  const match = picomatch(patterns, { dot: true });
  return (file) => {
    const rel = path.relative(cwd, file).split(path.sep).join('/');
    const candidates = rel.startsWith('../') || path.isAbsolute(rel) ? [file.split(path.sep).join('/')] : [rel];
    for (const full of candidates) {
      const parts = full.split('/');
      for (let n = parts.length; n > 0; n--) if (match(parts.slice(0, n).join('/'))) return true;
    }
    return false;
  };
}

/** True when `real` is `root` or below it. */
function inside(real: string, root: string): boolean {
  const rel = path.relative(root, real);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

type Entry = { path: string; dirent: Pick<Dirent, 'isFile' | 'isDirectory' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice' | 'isSymbolicLink'> };

class Walker {
  /** Real path → the path the file is linted under. */
  readonly byReal = new Map<string, string>();
  readonly missing: Expansion['missing'] = [];
  readonly unreadable: PathNote[] = [];
  readonly skipped: PathNote[] = [];

  constructor(
    private readonly cwd: string,
    private readonly ignore: string[],
  ) {}

  async expand(arg: string): Promise<void> {
    const abs = path.resolve(this.cwd, arg);
    let stat: Stats | undefined;
    try {
      stat = await fs.stat(abs);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        this.unreadable.push({ file: abs, reason: `cannot read: ${describeError(error)}` });
        return;
      }
    }
    if (stat?.isFile()) {
      this.add(abs, await fs.realpath(abs));
    } else if (stat?.isDirectory()) {
      const found = await this.walk([MARKDOWN_GLOB, ...PLAN_SET_GLOBS], abs, await fs.realpath(abs), arg, false);
      if (found === 0) this.missing.push({ arg, reason: 'no markdown files in this directory' });
    } else if (stat) {
      this.unreadable.push({ file: abs, reason: `not a regular file (${fileType(stat)}); not read` });
    } else if (isDynamicPattern(arg)) {
      const pattern = arg.replace(/\\/g, '/');
      const base = path.resolve(this.cwd, picomatch.scan(pattern).base || '.');
      const root = await fs.realpath(base).catch(() => undefined);
      const found = root ? await this.walk(pattern, this.cwd, root, arg, true) : 0;
      if (found === 0) this.missing.push({ arg, reason: 'no files match this pattern' });
    } else {
      this.missing.push({ arg, reason: 'no such file or directory' });
    }
  }

  /** Lints `pattern`'s matches under `cwd` that lie inside `root`; returns how many entries it reported or added. */
  private async walk(pattern: string | string[], cwd: string, root: string, arg: string, isGlob: boolean): Promise<number> {
    const options = { cwd, gitignore: true, ignore: this.ignore, absolute: true, dot: false, followSymbolicLinks: false, onlyFiles: false, objectMode: true } as const;
    let entries: Entry[];
    let found = 0;
    try {
      entries = await globby(pattern, options);
    } catch (error) {
      const where = (error as NodeJS.ErrnoException).path ?? cwd;
      this.unreadable.push({ file: where, reason: `cannot read this directory: ${describeError(error)}; its files and possibly others were not linted` });
      found++;
      entries = await globby(pattern, { ...options, suppressErrors: true }).catch(() => []);
    }
    for (const entry of entries) {
      const file = path.normalize(entry.path);
      const { dirent } = entry;
      if (dirent.isDirectory()) {
        // A directory named like a markdown file: a walk lints the files inside it; a glob named it.
        if (isGlob && MARKDOWN_NAME.test(file)) {
          this.unreadable.push({ file, reason: 'is a directory, not a file; not read' });
          found++;
        }
        continue;
      }
      found++;
      if (!dirent.isFile() && !dirent.isSymbolicLink()) {
        this.unreadable.push({ file, reason: `not a regular file (${fileType(dirent)}); not read` });
        continue;
      }
      let target: Stats;
      let real: string;
      try {
        target = await fs.stat(file);
        real = await fs.realpath(file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (dirent.isSymbolicLink() && (code === 'ENOENT' || code === 'ELOOP')) this.skipped.push({ file, reason: `${code === 'ELOOP' ? 'symbolic link loop' : 'broken symbolic link'}; skipped` });
        else this.unreadable.push({ file, reason: `cannot read: ${describeError(error)}` });
        continue;
      }
      if (target.isDirectory()) {
        found--;
        continue;
      }
      if (!target.isFile()) {
        this.unreadable.push({ file, reason: `not a regular file (${fileType(target)}); not read` });
        continue;
      }
      if (!inside(real, root)) {
        this.skipped.push({ file, reason: `symbolic link to ${real}, outside ${arg}; skipped` });
        continue;
      }
      this.add(file, real);
    }
    return found;
  }

  private add(file: string, real: string): void {
    const known = this.byReal.get(real);
    if (known === undefined || (file === real && known !== real)) this.byReal.set(real, file);
  }
}
