import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileBounded, readFileBoundedSync } from '../server/src/node/read.js';

// The CLI reads with the synchronous reader, the server and `planlint score` with the
// asynchronous one (server/src/node/read.ts): both check and refuse files alike.

const dir = mkdtempSync(path.join(os.tmpdir(), 'planlint-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a reader gives for `file`: its bytes as text and size, or the error it throws. */
async function outcome(read: () => Promise<{ bytes: Buffer; stat: { size: number } }>): Promise<string> {
  try {
    const { bytes, stat } = await read();
    return `read ${bytes.length} bytes (stat ${stat.size}): ${bytes.toString('utf8').slice(0, 40)}`;
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe('reading a file within a size limit', () => {
  const plan = path.join(dir, 'plan.md');
  writeFileSync(plan, '# Plan\n\n## Stage 1\n');
  const big = path.join(dir, 'big.md');
  writeFileSync(big, 'x'.repeat(200_000));
  const linked = path.join(dir, 'link.md');
  symlinkSync(plan, linked);
  const folder = path.join(dir, 'folder.md');
  mkdirSync(folder);
  const pipe = path.join(dir, 'pipe.md');
  execFileSync('mkfifo', [pipe]);
  const cases: Array<[string, string, number]> = [
    ['a regular file', plan, 1024],
    ['a file read in several pieces', big, 1_000_000],
    ['a file over the limit', big, 100_000],
    ['a symbolic link to a file', linked, 1024],
    ['a directory', folder, 1024],
    ['a FIFO (never opened)', pipe, 1024],
    ['a missing file', path.join(dir, 'missing.md'), 1024],
  ];

  it.each(cases)('gives the same outcome synchronously and not, for %s', async (_, file, limit) => {
    const sync = await outcome(async () => readFileBoundedSync(file, limit));
    const async = await outcome(() => readFileBounded(file, limit));
    expect(sync).toBe(async);
  });

  it('reads whole files and refuses the others with their reason', async () => {
    expect(await outcome(async () => readFileBoundedSync(big, 1_000_000))).toMatch(/^read 200000 bytes \(stat 200000\)/);
    expect(await outcome(async () => readFileBoundedSync(big, 100_000))).toContain('over the 0.095 MB size limit');
    expect(await outcome(async () => readFileBoundedSync(pipe, 1024))).toContain('not a regular file (FIFO); not read');
    expect(await outcome(async () => readFileBoundedSync(folder, 1024))).toContain('not a regular file (directory); not read');
  });
});
