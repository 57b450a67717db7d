import * as path from 'node:path';
import picomatch from 'picomatch';
import type { ResolvedConfig } from '../core/index.js';

/** The `ignorePatterns` test of one CLI run; each config's patterns are compiled once. */
export class IgnoreMatcher {
  private readonly matchers = new WeakMap<ResolvedConfig, (rel: string) => boolean>();

  /**
   * True when `file` is ignored by the `ignorePatterns` of `config`: a pattern matches the
   * file's path or one of its folders, relative to the folder of the config file (the working
   * directory `cwd` for the built-in defaults).
   *
   * @param file absolute path
   */
  ignores(config: ResolvedConfig, file: string, cwd: string): boolean {
    if (config.ignorePatterns.length === 0) return false;
    let match = this.matchers.get(config);
    if (!match) {
      match = picomatch(config.ignorePatterns.map((p) => p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '')), { dot: true });
      this.matchers.set(config, match);
    }
    return under(match, config.file ? path.dirname(config.file) : cwd, file);
  }
}

function under(match: (rel: string) => boolean, base: string, file: string): boolean {
  const rel = path.relative(base, file).split(path.sep).join('/');
  if (rel.startsWith('../') || path.isAbsolute(rel)) return false;
  const parts = rel.split('/');
  for (let n = parts.length; n > 0; n--) if (match(parts.slice(0, n).join('/'))) return true;
  return false;
}
