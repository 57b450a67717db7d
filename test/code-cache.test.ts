import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheFileOf, cacheHeader, compileBundle } from '../server/src/node/code-cache.js';

// The CLI bundle is loaded with the code cache the build made for it (server/src/node/code-cache.ts,
// scripts/code-cache.mjs); a cache made for any other text is never used.

const root = path.join(__dirname, '..');
const bundle = path.join(root, 'dist', 'cli.js');
const source = readFileSync(bundle, 'utf8');
const cache = readFileSync(cacheFileOf(bundle));
const work = mkdtempSync(path.join(os.tmpdir(), 'planlint-code-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `planlint lint --format json` of the examples through the bin in `dir` (a copy of bin/ and dist/). */
function lintExamples(dir: string): string {
  const run = spawnSync(process.execPath, [path.join(dir, 'bin', 'planlint.js'), 'lint', '--format', 'json', 'examples'], { cwd: root, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return run.stdout;
}

/** A copy of the bin and the CLI bundle in a fresh folder, with `cacheBytes` as the cache (none when undefined). */
function install(name: string, cacheBytes: Buffer | undefined, bundleText = source): string {
  const dir = path.join(work, name);
  for (const f of ['bin/planlint.js', 'dist/code-cache.js']) {
    const to = path.join(dir, f);
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(path.join(root, f), to);
  }
  writeFileSync(path.join(dir, 'dist', 'cli.js'), bundleText);
  if (cacheBytes) writeFileSync(path.join(dir, 'dist', 'cli.js.cache'), cacheBytes);
  return dir;
}

describe('the CLI code cache', () => {
  it('is made by the build for this bundle and this Node, and V8 takes it', () => {
    const header = cacheHeader(source);
    expect(cache.subarray(0, header.length).equals(header)).toBe(true);
    expect(compileBundle(bundle, source, cache.subarray(header.length)).cached).toBe(true);
  });

  it('gives the output a run without it gives', () => {
    expect(lintExamples(install('cached', cache))).toBe(lintExamples(install('uncached', undefined)));
  });

  it('is not used for a bundle of another text, even of the same length', () => {
    // The same length is all V8 checks: the header's hash is what keeps this cache away.
    const other = source.replace('Lint software implementation plans written in Markdown.', 'Lint software implementation plans written in MARKDOWN.');
    expect(other.length).toBe(source.length);
    expect(other).not.toBe(source);
    const header = cacheHeader(other);
    expect(cache.subarray(0, header.length).equals(header)).toBe(false);
    const dir = install('other', cache, other);
    const help = spawnSync(process.execPath, [path.join(dir, 'bin', 'planlint.js'), '--help'], { encoding: 'utf8' });
    expect(help.stdout).toContain('written in MARKDOWN.');
  });

  it('is ignored when it is damaged or empty', () => {
    const header = cacheHeader(source);
    const damaged = Buffer.concat([header, Buffer.from('not a code cache')]);
    const expected = lintExamples(install('plain', undefined));
    expect(lintExamples(install('damaged', damaged))).toBe(expected);
    expect(lintExamples(install('empty', Buffer.alloc(0)))).toBe(expected);
  });
});
