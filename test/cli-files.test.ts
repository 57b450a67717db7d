import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { isRoot, jsonFiles, NOBODY, planlint, writeUnder } from './helpers/cli.js';

const PLAN = '# Plan: ship search\n\n## Stage 1: Build the index\n\n- [ ] Index documents\n';
const posix = process.platform !== 'win32';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'planlint-files-'));
});

const write = (rel: string, text = PLAN): string => writeUnder(dir, rel, text);

describe.skipIf(!posix)('directory walking', () => {
  it('lints a file once through a symbolic link loop and a second link to it', async () => {
    write('a.md');
    mkdirSync(path.join(dir, 'sub'));
    symlinkSync('..', path.join(dir, 'sub', 'loop'));
    symlinkSync('a.md', path.join(dir, 'alias.md'));
    const r = await planlint(['lint', '-f', 'json', '.'], dir);
    expect(jsonFiles(r).map((f) => f.path)).toEqual(['a.md']);
    expect(r.code).toBe(0);
    const glob = await planlint(['lint', '-f', 'json', '**/*.md'], dir);
    expect(jsonFiles(glob).map((f) => f.path)).toEqual(['a.md']);
  });

  it('a glob through two link loops ends (it grew exponentially before)', async () => {
    write('a.md');
    mkdirSync(path.join(dir, 'sub'));
    symlinkSync('..', path.join(dir, 'sub', 'up'));
    symlinkSync('..', path.join(dir, 'sub', 'up2'));
    const r = await planlint(['lint', '-f', 'json', '**/*.md'], dir);
    expect(jsonFiles(r).map((f) => f.path)).toEqual(['a.md']);
  });

  it('never leaves the linted folder through a symbolic link, and --fix does not write there', async () => {
    write('root/a.md');
    const outside = write('out/o.md');
    write('out/deep/d.md');
    symlinkSync('../out/o.md', path.join(dir, 'root', 'olink.md'));
    symlinkSync('../out', path.join(dir, 'root', 'outdir'));
    const r = await planlint(['lint', '-f', 'json', 'root'], dir);
    expect(jsonFiles(r).map((f) => f.path)).toEqual(['root/a.md']);
    expect(r.stderr).toMatch(/root\/olink\.md: symbolic link to .*out[/\\]o\.md, outside root; skipped/);
    expect(r.code).toBe(0);
    await planlint(['lint', '--fix', 'root'], dir);
    expect(readFileSync(outside, 'utf8')).toBe(PLAN);
    expect(readFileSync(path.join(dir, 'out', 'deep', 'd.md'), 'utf8')).toBe(PLAN);
    // Nothing has a fix (section skeletons are suggestions): --fix writes nothing anywhere.
    expect(readFileSync(path.join(dir, 'root', 'a.md'), 'utf8')).toBe(PLAN);
  });

  it('a negated glob only subtracts; alone it lints nothing and says why', async () => {
    write('plan.md');
    write('notes.md');
    write('sub/more.md');
    write('LICENSE', 'MIT\n');
    write('tool.js', 'x\n');
    const lone = await planlint(['lint', '-f', 'json', '!notes.md'], dir);
    expect(jsonFiles(lone)).toEqual([]);
    expect(lone.stderr).toBe("planlint: !notes.md: a negated glob only removes files from the paths given before it (for example: planlint . '!notes.md')\n");
    expect(lone.code).toBe(2);
    const subtracted = await planlint(['lint', '-f', 'json', '.', '!notes.md'], dir);
    expect(jsonFiles(subtracted).map((f) => f.path)).toEqual(['plan.md', 'sub/more.md']);
    const folder = await planlint(['lint', '-f', 'json', '.', '!sub'], dir);
    expect(jsonFiles(folder).map((f) => f.path)).toEqual(['notes.md', 'plan.md']);
    const glob = await planlint(['lint', '-f', 'json', '**/*.md', '!**/more.md'], dir);
    expect(jsonFiles(glob).map((f) => f.path)).toEqual(['notes.md', 'plan.md']);
  });

  it('reports a FIFO with the reason and exits 2 without opening it', async () => {
    write('a.md');
    execFileSync('mkfifo', [path.join(dir, 'pipe.md')]);
    const walk = await planlint(['lint', '-f', 'json', '.'], dir);
    expect(jsonFiles(walk)).toContainEqual(expect.objectContaining({ path: 'pipe.md', errors: ['not a regular file (FIFO); not read'] }));
    expect(walk.code).toBe(2);
    const explicit = await planlint(['lint', 'pipe.md'], dir);
    expect(explicit.stdout).toMatch(/^pipe\.md {2}not read\n {2}error {2}not a regular file \(FIFO\); not read$/m);
    expect(explicit.code).toBe(2);
    const score = await planlint(['score', 'pipe.md'], dir);
    expect(score.stderr).toContain('pipe.md: not a regular file (FIFO); not read');
    expect(score.code).toBe(2);
  });

  it('a directory named like a markdown file: a walk lints the files in it, a glob reports it', async () => {
    write('notes.md/inside.md');
    const walk = await planlint(['lint', '-f', 'json', '.'], dir);
    expect(jsonFiles(walk).map((f) => f.path)).toEqual(['notes.md/inside.md']);
    expect(walk.code).toBe(0);
    const glob = await planlint(['lint', '-f', 'json', '*.md'], dir);
    expect(jsonFiles(glob)).toEqual([expect.objectContaining({ path: 'notes.md', errors: ['is a directory, not a file; not read'] })]);
    expect(glob.code).toBe(2);
  });

  it('a broken symbolic link is a notice, not a failure', async () => {
    write('a.md');
    symlinkSync('nowhere.md', path.join(dir, 'gone.md'));
    const r = await planlint(['lint', '-f', 'json', '.'], dir);
    expect(jsonFiles(r).map((f) => f.path)).toEqual(['a.md']);
    expect(r.stderr).toContain('gone.md: broken symbolic link; skipped');
    expect(r.code).toBe(0);
  });
});

describe.skipIf(!posix)('unreadable files', () => {
  it('reports a file without read permission with the reason and exits 2', async () => {
    write('a.md');
    const secret = write('secret.md');
    chmodSync(secret, 0o000);
    chmodSync(dir, 0o755);
    // Root reads any file: run the CLI as an unprivileged user when the test runs as root.
    const r = await planlint(['lint', '-f', 'json', '.'], dir, isRoot ? NOBODY : undefined);
    expect(jsonFiles(r)).toEqual([expect.objectContaining({ path: 'a.md' }), expect.objectContaining({ path: 'secret.md', errors: ['cannot read file: EACCES (permission denied)'] })]);
    expect(r.code).toBe(2);
  });

  it('reports a folder it cannot read, lints the rest, and exits 2', async () => {
    write('a.md');
    write('private/p.md');
    write('sub/s.md');
    chmodSync(path.join(dir, 'private'), 0o700);
    chmodSync(dir, 0o755);
    if (!isRoot) chmodSync(path.join(dir, 'private'), 0o000);
    const r = await planlint(['lint', '.'], dir, isRoot ? NOBODY : undefined);
    chmodSync(path.join(dir, 'private'), 0o700);
    expect(r.stdout).toMatch(/^private {2}not read\n {2}error {2}cannot read this directory: EACCES \(permission denied\); its files and possibly others were not linted$/m);
    expect(r.stdout).toMatch(/^sub\/s\.md {2}score/m);
    expect(r.stdout).toMatch(/^✖ 1 file not read; 4 problems \(0 errors, 4 warnings, 0 infos\) in 3 files$/m);
    expect(r.stdout).not.toContain('no problems');
    expect(r.code).toBe(2);
  });
});

describe('size-bounded reads', () => {
  it('reports a file over the size limit without reading it, and exits 2', async () => {
    write('big.md', `# Notes\n\n${'x'.repeat(5 * 1024 * 1024)}\n`);
    write('small.md');
    const r = await planlint(['lint', '-f', 'json', '.'], dir);
    const files = jsonFiles(r);
    expect(files[0]).toMatchObject({ path: 'big.md', errors: [`is ${5 * 1024 * 1024 + 10} bytes, over the 5 MB size limit (--max-file-size-mb); not read`] });
    expect(files[1]).toMatchObject({ path: 'small.md', kind: 'plan' });
    expect(r.code).toBe(2);
  });

  it('--max-file-size-mb sets the limit for lint and score', async () => {
    write('plan.md', `${PLAN}\n${'Some text.\n'.repeat(200)}`);
    const low = await planlint(['lint', '--max-file-size-mb', '0.001', 'plan.md'], dir);
    expect(low.stdout).toMatch(/plan\.md {2}not read\n {2}error {2}is 0\.002 MB, over the 0\.001 MB size limit/);
    expect(low.code).toBe(2);
    expect((await planlint(['lint', '--max-file-size-mb', '1', 'plan.md'], dir)).code).toBe(0);
    expect((await planlint(['score', '--max-file-size-mb', '0.001', 'plan.md'], dir)).code).toBe(2);
    expect((await planlint(['lint', '--max-file-size-mb', '0', 'plan.md'], dir)).code).toBe(2);
  });
});
