import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { VERSION, type ResolvedConfig } from '../core/index.js';
import type { AnalysisResult } from './pool.js';

/** Where `--cache` keeps its file when `--cache-location` is not given, relative to the working directory. */
export const DEFAULT_CACHE_DIR = path.join('node_modules', '.cache', 'planlint');

/** The cache file's name inside a cache directory. */
const CACHE_FILE = 'lint-cache.json';

interface CacheFile {
  version: string;
  /** Absolute path → the key its result was computed under, and the result. */
  entries: Record<string, { key: string; result: AnalysisResult }>;
}

/**
 * The `--cache` store of `planlint lint`: each file's analysis, valid while the file's content,
 * its resolved config, `--force` and the planlint version stay the same (the key hashes all
 * four). One JSON file; an unreadable or foreign file is ignored and rewritten.
 */
export class LintCache {
  private readonly configHashes = new WeakMap<ResolvedConfig, string>();
  private readonly next: CacheFile['entries'] = {};
  private changed = false;

  private constructor(
    /** The cache file (absolute). */
    readonly file: string,
    private readonly entries: CacheFile['entries'],
  ) {}

  /**
   * Opens the cache at `location` (a file, or a directory when it exists as one or ends with a
   * path separator), relative to `cwd`; the default is {@link DEFAULT_CACHE_DIR}.
   */
  static async open(location: string | undefined, cwd: string): Promise<LintCache> {
    let file = path.resolve(cwd, location ?? DEFAULT_CACHE_DIR);
    const isDir = location === undefined || /[\\/]$/.test(location) || (await fs.stat(file).then((s) => s.isDirectory(), () => false));
    if (isDir) file = path.join(file, CACHE_FILE);
    let entries: CacheFile['entries'] = {};
    try {
      const data = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<CacheFile>;
      if (data.version === VERSION && data.entries && typeof data.entries === 'object') entries = data.entries;
    } catch {
      // No cache yet, or one that cannot be used: start empty.
    }
    return new LintCache(file, entries);
  }

  /** The key of `text` linted with `config` and `force` by this version. */
  key(text: string, config: ResolvedConfig, force: boolean): string {
    return createHash('sha256').update(`${VERSION}\0${force}\0${this.configHash(config)}\0`).update(text).digest('hex');
  }

  /** The cached result of `file` under `key`, if any. */
  get(file: string, key: string): AnalysisResult | undefined {
    const entry = this.entries[file];
    if (entry?.key !== key) return undefined;
    this.next[file] = entry;
    return entry.result;
  }

  /** Records `result` for `file` under `key`. */
  set(file: string, key: string, result: AnalysisResult): void {
    this.next[file] = { key, result: { isPlan: result.isPlan, kind: result.kind, score: result.score, findings: result.findings, problems: result.problems } };
    this.changed = true;
  }

  /**
   * Writes the entries of this run, plus the earlier entries of files this run did not lint,
   * when a result was added.
   *
   * @throws the I/O error of creating the directory or writing the file
   */
  async save(): Promise<void> {
    if (!this.changed) return;
    const data: CacheFile = { version: VERSION, entries: { ...this.entries, ...this.next } };
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(data));
    await fs.rename(tmp, this.file);
  }

  private configHash(config: ResolvedConfig): string {
    let hash = this.configHashes.get(config);
    if (!hash) {
      const plain = JSON.stringify(config, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v instanceof Set ? [...v] : v));
      hash = createHash('sha256').update(plain).digest('hex');
      this.configHashes.set(config, hash);
    }
    return hash;
  }
}
