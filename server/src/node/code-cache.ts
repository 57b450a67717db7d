// Loading the CLI bundle with a V8 code cache made for it at build time.
//
// A fresh `planlint` process compiles every function of the bundle it runs the first time it
// calls it: about 50 ms of a short run (measured: `lint` on one small file took 0.21 s without
// the cache and 0.16 s with it; on the 96 corpus plans about 4% of the run). The build runs the
// CLI once on the example plans and the rule fixtures (scripts/code-cache.mjs) and keeps the
// code V8 compiled, so a run starts with it instead of compiling it again.
//
// V8 checks a code cache only against the length of the source, the V8 version and its flags;
// a cache of another build of the same length would be accepted and run the wrong code. So the
// cache file starts with a header naming the Node version and the SHA-256 of the bundle's text,
// and any other bundle is loaded by `require`, as without a cache.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** The start of a cache file's header line. */
const MAGIC = 'planlint-code-cache 1';

/** The cache file of `bundle`: beside it, `.cache` added. */
export function cacheFileOf(bundle: string): string {
  return `${bundle}.cache`;
}

/** The header line of a cache for `source` under this Node (its version fixes the V8 version). */
export function cacheHeader(source: string): Buffer {
  return Buffer.from(`${MAGIC} ${process.version} ${createHash('sha256').update(source).digest('hex')}\n`);
}

/** A CommonJS bundle compiled and run through `vm`, with what a cache for it is made from. */
export interface CompiledBundle {
  /** The bundle's `module.exports`. */
  exports: unknown;
  /** The compiled script: `createCachedData()` after a run gives the code V8 compiled in it. */
  script: vm.Script;
  /** The bundle's text. */
  source: string;
  /** Whether a cache was given and V8 used it. */
  cached: boolean;
}

/**
 * Compiles and runs the CommonJS bundle `file` as `require` would (its own `require`, `module`,
 * `exports`, `__filename` and `__dirname`), with `cachedData` when given. The bundle must need
 * nothing of `module` beyond `exports`, and only Node's built-in modules and absolute paths
 * from `require` (esbuild bundles do).
 *
 * @throws what the bundle throws while it runs, and the errors of reading it
 */
export function compileBundle(file: string, source: string, cachedData?: Buffer): CompiledBundle {
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const bundle = { exports: {} as unknown };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  run.call(bundle.exports, bundle.exports, createRequire(file), bundle, file, path.dirname(file));
  return { exports: bundle.exports, script, source, cached: cachedData !== undefined && !script.cachedDataRejected };
}

/**
 * The exports of the CommonJS bundle `file`: run with the code cache of {@link cacheFileOf}
 * when that file was made for this very text under this Node, else loaded by `require`.
 *
 * @throws what the bundle throws while it loads
 */
export function requireBundle(file: string): unknown {
  let source: string;
  let data: Buffer;
  try {
    source = readFileSync(file, 'utf8');
    data = readFileSync(cacheFileOf(file));
  } catch {
    return require(file);
  }
  const header = cacheHeader(source);
  if (data.length <= header.length || !data.subarray(0, header.length).equals(header)) return require(file);
  return compileBundle(file, source, data.subarray(header.length)).exports;
}
