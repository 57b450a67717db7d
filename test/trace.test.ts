import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, traceMatrix } from '../server/src/core/index.js';
import { planlint } from './helpers/cli.js';

const SPEC = ['# Feature Specification: Export', '', '## Requirements', '', '- **FR-001**: Users can export a report as CSV', '- **FR-002**: Users can schedule a weekly export', '- **FR-003**: Admins can revoke | an export link', ''].join('\n');
const PLAN = ['# Implementation Plan: Export', '', '## Approach', '', 'The scheduler (FR-002) reuses the nightly job runner.', ''].join('\n');
const TASKS = [
  '# Tasks: Export',
  '',
  '## Phase 1: Build',
  '',
  '- [ ] T001 CSV writer for FR-001 in src/csv.ts',
  '- [ ] T002 Unit tests for the CSV writer (FR-001) with `npm test`',
  '- [ ] T003 Weekly scheduler',
  '  - Cron entry in the job runner',
  '  - Covers FR-002',
  '',
].join('\n');

describe('traceMatrix', () => {
  it('rows per requirement with the tasks, test tasks and other lines that cite it', () => {
    const members = [
      { path: 's/spec.md', plan: analyze(SPEC).plan! },
      { path: 's/plan.md', plan: analyze(PLAN).plan! },
      { path: 's/tasks.md', plan: analyze(TASKS).plan! },
    ];
    const rows = traceMatrix(members).rows.map((r) => ({ label: r.label, at: `${r.definedIn.path}:${r.definedIn.line}`, tasks: r.tasks.map((t) => `${t.id}@${t.line}`), tests: r.tests.map((t) => `${t.id}@${t.line}`), cited: r.citations.map((c) => `${c.path}:${c.line}`) }));
    expect(rows).toEqual([
      { label: 'FR-001', at: 's/spec.md:5', tasks: ['T001@5'], tests: ['T002@6'], cited: [] },
      { label: 'FR-002', at: 's/spec.md:6', tasks: ['T003@7'], tests: [], cited: ['s/plan.md:5'] },
      { label: 'FR-003', at: 's/spec.md:7', tasks: [], tests: [], cited: [] },
    ]);
  });
});

describe('planlint trace', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'planlint-trace-'));
  mkdirSync(path.join(root, 'specs', '001-export'), { recursive: true });
  for (const [name, text] of [['spec.md', SPEC], ['plan.md', PLAN], ['tasks.md', TASKS]]) writeFileSync(path.join(root, 'specs', '001-export', name!), text!);
  writeFileSync(path.join(root, 'notes.md'), '# Notes\n\nNothing here.\n');

  it('prints a Markdown table per set', async () => {
    const r = await planlint(['trace', 'specs'], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        '## specs/001-export',
        '',
        'spec-kit: plan.md, spec.md, tasks.md',
        '',
        '| Requirement | Defined in | Tasks | Tests | Also cited in |',
        '|---|---|---|---|---|',
        '| FR-001 Users can export a report as CSV | spec.md:5 | T001 (tasks.md:5) | T002 (tasks.md:6) | — |',
        '| FR-002 Users can schedule a weekly export | spec.md:6 | T003 (tasks.md:7) | — | plan.md:5 |',
        '| FR-003 Admins can revoke \\| an export link | spec.md:7 | — | — | — |',
        '',
        '2 of 3 requirements cited by a task; 1 by a test task.',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON with --format json', async () => {
    const r = await planlint(['trace', '--format', 'json', '.'], root);
    const out = JSON.parse(r.stdout) as { sets: Array<{ folder: string; profile: string; summary: unknown; requirements: Array<{ label: string; tasks: Array<{ path: string; line: number; id: string }> }> }> };
    expect(out.sets.map((s) => [s.folder, s.profile, s.summary])).toEqual([['specs/001-export', 'spec-kit', { requirements: 3, withTask: 2, withTest: 1 }]]);
    expect(out.sets[0]!.requirements[0]!.tasks).toEqual([{ path: 'specs/001-export/tasks.md', line: 5, id: 'T001', text: 'T001 CSV writer for FR-001 in src/csv.ts' }]);
  });

  it('exits 2 and says what it expected when no plan set is found', async () => {
    const r = await planlint(['trace', 'notes.md'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('planlint: no plan set under notes.md; expected a spec-kit or Kiro feature folder');
  });
});
