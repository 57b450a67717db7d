import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeSet, ConfigError, declaredSet, detectPlanSets, frontMatterOf, parseConfig } from '../server/src/core/index.js';
import { planlint } from './helpers/cli.js';

const REQS = ['# Checkout requirements', '', '## Requirements', '', '- **FR-001**: Users can pay by card', '- **FR-002**: Users can pay by invoice', '- **FR-003**: Admins can refund a payment', ''].join('\n');
const TASKS = ['# Checkout tasks', '', '- [ ] T001 Card payments for FR-001', '- [ ] T002 Invoice payments for FR-002', '- [ ] T003 Refunds for FR-004', ''].join('\n');
const declare = (text: string, yaml: string) => `---\n${yaml}\n---\n${text}`;

/** Writes `files` (relative path → text) under a new temporary folder and returns it. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'planlint-sets-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('front matter declarations', () => {
  it('reads planlint.set and planlint.profile, and names each bad key', () => {
    expect(declaredSet(frontMatterOf(declare('# x', 'planlint: { set: checkout, profile: kiro }')))).toEqual({ set: 'checkout', profile: 'kiro', problems: [] });
    expect(declaredSet(frontMatterOf(declare('# x', 'planlint: true')))).toBeUndefined();
    expect(declaredSet(frontMatterOf('# no front matter'))).toBeUndefined();
    expect(declaredSet(frontMatterOf(declare('# x', 'planlint: { set: "", profile: rfc, sett: a }')))!.problems).toEqual([
      'front matter planlint.set: expected a non-empty name of the plan set, got ""',
      'front matter planlint.profile: expected one of generic, spec-kit, kiro, kep, got "rfc"',
      'front matter planlint: unknown key "sett"; expected set or profile',
    ]);
  });

  it('reports a bad declaration as a notice on line 1 of the analysis', () => {
    const a = analyze(declare(TASKS, 'planlint: { set: [a] }'));
    expect(a.problems).toContainEqual(expect.objectContaining({ severity: 'info', line: 1, message: expect.stringContaining('front matter planlint.set: expected a non-empty name') }));
  });

  it('groups the files of a folder that declare the same set, and only those', () => {
    const d = new Map([
      ['f/a.md', { set: 'checkout', profile: undefined, problems: [] }],
      ['f/b.md', { set: 'checkout', profile: 'kiro' as const, problems: [] }],
      ['f/c.md', { set: 'other', profile: undefined, problems: [] }],
      ['g/d.md', { set: 'checkout', profile: undefined, problems: [] }],
    ]);
    const sets = detectPlanSets(['f/a.md', 'f/b.md', 'f/c.md', 'g/d.md', 'g/spec.md'], { declarations: d });
    expect(sets).toEqual([{ layout: 'declared', profile: 'kiro', name: 'checkout', folder: 'f', variant: '', files: [{ path: 'f/a.md', role: 'other' }, { path: 'f/b.md', role: 'other' }] }]);
  });

  it('resolves IDs across a declared set in analyzeSet', () => {
    const out = analyzeSet([
      { path: 'f/reqs.md', text: declare(REQS, 'planlint: { set: checkout }') },
      { path: 'f/work.md', text: declare(TASKS, 'planlint: { set: checkout }') },
    ]);
    expect(out.map((r) => r.analysis.findings.filter((f) => f.ruleId === 'uncovered-requirement' || f.ruleId === 'unknown-reference').map((f) => `${f.ruleId}:${f.span.start.line}`))).toEqual([['uncovered-requirement:10'], ['unknown-reference:8']]);
  });
});

describe('config: sets and profile', () => {
  const config = (text: string) => parseConfig(text, '/repo/.planlintrc.json');

  it('resolves sets entries against the config file folder, and sets: false', () => {
    expect(config('{ "sets": [{ "files": ["docs/*/*.md"], "profile": "kiro" }] }').sets).toEqual({ detect: true, base: '/repo', entries: [{ files: ['docs/*/*.md'], profile: 'kiro' }] });
    expect(config('{ "sets": false }').sets).toEqual({ detect: false, base: '/repo', entries: [] });
    expect(config('{ "profile": "kep" }').profile).toBe('kep');
    expect(config('{}').profile).toBe('auto');
  });

  it('names the key and what was expected for a bad value', () => {
    const issues = (text: string) => {
      try {
        config(text);
      } catch (error) {
        return (error as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
      }
      throw new Error('expected a ConfigError');
    };
    expect(issues('{ "sets": "yes" }')).toEqual(['sets: invalid value; expected true, false or a list of { "files": [globs], "profile": "generic" | "spec-kit" | "kiro" | "kep" }']);
    expect(issues('{ "sets": [{ "files": [] }, { "files": [""], "profile": "rfc" }] }')).toEqual([
      'sets[0].files: expected at least one glob',
      'sets[1].files[0]: an empty glob matches no file; expected a glob such as "docs/features/*/*.md"',
      'sets[1].profile: expected one of "generic", "spec-kit", "kiro" or "kep"',
    ]);
    expect(issues('{ "profile": "rfc" }')[0]).toBe('profile: expected one of "auto", "generic", "spec-kit", "kiro" or "kep"');
  });

  it('groups configured files per folder, and turns layout detection off with sets: false', () => {
    const sets = (value: unknown) => ({ sets: parseConfig(JSON.stringify({ sets: value }), '/repo/.planlintrc.json').sets, profile: 'auto' as const });
    const paths = ['/repo/docs/a/x-spec.md', '/repo/docs/a/x-tasks.md', '/repo/docs/b/y.md', '/repo/specs/1/spec.md', '/repo/specs/1/tasks.md'];
    const configured = sets([{ files: ['docs/**/*.md'], profile: 'spec-kit' }]);
    expect(detectPlanSets(paths, { configOf: () => configured }).map((s) => `${s.layout} ${s.profile} ${s.folder} ${s.files.length}`)).toEqual(['configured spec-kit /repo/docs/a 2', 'spec-kit spec-kit /repo/specs/1 2']);
    expect(detectPlanSets(paths, { configOf: () => sets(false) })).toEqual([]);
  });

  it('in planlint lint: a configured set, a declared set and sets: false', async () => {
    const root = tree({
      'on/.planlintrc.json': '{ "sets": [{ "files": ["feature/*.md"] }] }',
      'on/feature/reqs.md': REQS,
      'on/feature/work.md': TASKS,
      'off/.planlintrc.json': '{ "sets": false }',
      'off/specs/1/spec.md': REQS,
      'off/specs/1/tasks.md': TASKS,
      'declared/reqs.md': declare(REQS, 'planlint: { set: checkout }'),
      'declared/work.md': declare(TASKS, 'planlint:\n  set: checkout'),
    });
    const r = await planlint(['lint', '--format', 'json', '.'], root);
    const files = (JSON.parse(r.stdout) as { files: Array<{ path: string; findings: Array<{ ruleId: string; line: number }> }> }).files;
    const cross = Object.fromEntries(files.map((f) => [f.path, f.findings.filter((x) => x.ruleId === 'uncovered-requirement' || x.ruleId === 'unknown-reference').map((x) => `${x.ruleId}:${x.line}`)]));
    expect(cross).toEqual({
      'declared/reqs.md': ['uncovered-requirement:10'],
      'declared/work.md': ['unknown-reference:9'],
      'off/specs/1/spec.md': [],
      'off/specs/1/tasks.md': [],
      'on/feature/reqs.md': ['uncovered-requirement:7'],
      'on/feature/work.md': ['unknown-reference:5'],
    });
  });
});
