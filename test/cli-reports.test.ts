import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { palette } from '../server/src/cli/io.js';
import { toStylish } from '../server/src/cli/format-stylish.js';
import { isRoot, jsonFiles, NOBODY, planlint, WEAK_PLAN as WEAK, writeUnder } from './helpers/cli.js';

// What the CLI says agrees with what it did: non-plans and templates in one line, counts that
// -q does not change, every failure with its file and reason and never "no problems", and the
// ignorePatterns of a discovered config.

const NOTES = '# Meeting notes\n\nWe talked.\n';
const posix = process.platform !== 'win32';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'planlint-reports-'));
});

const write = (rel: string, text = WEAK): string => writeUnder(dir, rel, text);

describe('non-plans and templates', () => {
  it('are one summary line; --verbose lists them; -q keeps the file counts', async () => {
    write('plan.md');
    for (const n of [1, 2, 3, 4]) write(`notes-${n}.md`, NOTES);
    write('templates/a.md');
    write('templates/b.md');
    const r = await planlint(['lint', '.'], dir);
    expect(r.stdout).toContain('\n4 files are not plans, 2 are templates; --verbose lists them\n');
    expect(r.stdout).not.toMatch(/notes-\d\.md|templates\//);
    expect(r.stdout).toMatch(/in 7 files, 4 not plans, 2 templates$/m);
    const verbose = await planlint(['lint', '--verbose', '.'], dir);
    for (const n of [1, 2, 3, 4]) expect(verbose.stdout).toContain(`notes-${n}.md  not a plan (use --force to lint it anyway)`);
    expect(verbose.stdout).toContain('templates/a.md  template (use --force to lint it anyway)');
    const quiet = await planlint(['lint', '-q', '.'], dir);
    expect(quiet.stdout).not.toContain('warning  ');
    expect(quiet.stdout).toMatch(/^✔ no problems in 7 files, 4 not plans, 2 templates$/m);
    expect(quiet.stdout).toContain('4 files are not plans, 2 are templates; --verbose lists them');
  });
});

describe('failures name the file and the reason and never say "no problems"', () => {
  it('a path that matches nothing', async () => {
    const r = await planlint(['lint', 'nope.md'], dir);
    expect(r.stderr).toBe('planlint: nope.md: no such file or directory\n');
    expect(r.stdout).toBe('✖ 1 path matched nothing; no files linted\n');
    expect(r.code).toBe(2);
  });

  it.skipIf(!posix)('a file that cannot be read', async () => {
    write('a.md');
    chmodSync(write('secret.md'), 0o000);
    chmodSync(dir, 0o755);
    const r = await planlint(['lint', '.'], dir, isRoot ? NOBODY : undefined);
    expect(r.stdout).toMatch(/^secret\.md {2}not read\n {2}error {2}cannot read file: EACCES \(permission denied\)$/m);
    expect(r.stdout).toMatch(/^✖ 1 file not read; \d+ problems .* in 2 files$/m);
    expect(r.stdout).not.toContain('no problems');
    expect(r.code).toBe(2);
  });

  it('a file whose analysis failed is not called "not a plan"', () => {
    const report = { path: 'plan.md', isPlan: false, kind: 'not-a-plan' as const, score: undefined, findings: [], lines: undefined, errors: ['rule missing-dod failed: boom'] };
    const out = toStylish([report], palette(false));
    expect(out).toBe('plan.md  not a plan\n  error  rule missing-dod failed: boom\n\n✖ 1 file failed; 0 problems in 1 file, 1 not a plan');
    expect(out).not.toContain('--force');
  });

  it('score: a missing file, a directory without plans, and --min-score', async () => {
    const missing = await planlint(['score', 'nope.md'], dir);
    expect(missing.stderr).toBe('planlint: nope.md: no such file or directory\n');
    expect(missing.code).toBe(2);
    write('notes/a.md', NOTES);
    const folder = await planlint(['score', 'notes'], dir);
    expect(folder.stderr).toContain('notes holds no plan to score');
    expect(folder.stderr).not.toMatch(/EISDIR|ENOENT/);
    expect(folder.code).toBe(2);
    write('plan.md');
    const low = await planlint(['score', '--min-score', '90', 'plan.md'], dir);
    expect(low.stderr).toBe('planlint: plan.md scores 15, below --min-score 90\n');
    expect(low.code).toBe(1);
  });
});

describe('ignorePatterns', () => {
  it('of a discovered .planlintrc.json apply, relative to its folder; a file named on the command line is linted', async () => {
    write('docs/.planlintrc.json', '{ "ignorePatterns": ["archive", "drafts/*.md"] }');
    write('docs/plan.md');
    write('docs/archive/old.md');
    write('docs/drafts/d.md');
    write('archive/top.md');
    const r = await planlint(['lint', '-f', 'json', '.'], dir);
    expect(jsonFiles(r).map((f) => f.path)).toEqual(['archive/top.md', 'docs/plan.md']);
    const inside = await planlint(['lint', '-f', 'json', 'docs'], dir);
    expect(jsonFiles(inside).map((f) => f.path)).toEqual(['docs/plan.md']);
    const named = await planlint(['lint', '-f', 'json', 'docs/drafts/d.md'], dir);
    expect(jsonFiles(named).map((f) => f.path)).toEqual(['docs/drafts/d.md']);
  });

  it('an invalid config is said once, however many files it applies to', async () => {
    write('.planlintrc.json', '{ "rules": { "missing-dod": "warn" } }');
    write('a.md');
    write('b.md');
    const r = await planlint(['lint', '.'], dir);
    expect(r.stderr.match(/Invalid config/g)).toHaveLength(1);
    expect(r.code).toBe(2);
  });
});
