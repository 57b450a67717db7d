import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeSet, parseConfig, type ApplicableComponent } from '../server/src/core/index.js';
import { planlint } from './helpers/cli.js';

const SPEC = ['# Feature Specification: Export', '', '## Requirements', '', '- **FR-001**: Users can export a report as CSV', '- **FR-002**: Users can schedule a weekly export', '- **FR-003**: Admins can revoke an export link', ''].join('\n');
const stages = (n: number, body: (i: number) => string[]) => Array.from({ length: n }, (_, i) => [`## Phase ${i + 1}: Build part ${i + 1}`, '', ...body(i + 1), '']).flat();
/** A tasks file of three build phases (enough stages for missing-risks), each with a test task. */
const TASKS = ['# Tasks: Export', '', ...stages(3, (i) => [`- [ ] T00${i} Implement FR-00${i} in src/export${i}.ts`, `- [ ] T01${i} Unit tests for FR-00${i} (\`npm test\`)`]), '**Checkpoint**: `npm test` passes', ''].join('\n');
const PLAN_WITH_RISKS = ['# Implementation Plan: Export', '', '## Risks', '', '| Risk | Mitigation |', '|---|---|', '| CSV injection | Escape leading =, +, - and @ |', ''].join('\n');
const PLAN_NO_RISKS = ['# Implementation Plan: Export', '', '## Summary', '', 'Export reports as CSV files on demand and weekly.', ''].join('\n');
const FULL = parseConfig('{ "rules": { "uncovered-requirement": ["warning", { "traceability": "full" }] } }', '/r/.planlintrc.json');

const findings = (files: Array<{ path: string; text: string }>, config = undefined as Parameters<typeof analyzeSet>[1], rule?: string) =>
  analyzeSet(files, config).flatMap((r) => r.analysis.findings.filter((f) => !rule || f.ruleId === rule).map((f) => `${r.path}:${f.span.start.line} ${f.ruleId}/${f.messageId}`));

describe('missing-risks across a plan set', () => {
  it('risks in plan.md satisfy tasks.md; without them tasks.md keeps its finding', () => {
    expect(analyze(TASKS).findings.map((f) => f.ruleId)).toContain('missing-risks');
    expect(findings([{ path: 'f/plan.md', text: PLAN_WITH_RISKS }, { path: 'f/tasks.md', text: TASKS }], undefined, 'missing-risks')).toEqual([]);
    expect(findings([{ path: 'f/plan.md', text: PLAN_NO_RISKS }, { path: 'f/tasks.md', text: TASKS }], undefined, 'missing-risks')).toEqual(['f/tasks.md:1 missing-risks/missing']);
  });

  it('the score counts the risks of the set too, and nothing else of the file changes', () => {
    const [, tasks] = analyzeSet([{ path: 'f/plan.md', text: PLAN_WITH_RISKS }, { path: 'f/tasks.md', text: TASKS }]);
    const alone = analyze(TASKS, undefined, { path: 'f/tasks.md' }).score!;
    expect(alone.components.risks).toMatchObject({ applicable: true, value: 0 });
    expect(tasks!.analysis.score!.components.risks).toMatchObject({ applicable: true, value: 1, detail: '1 of 1 risk of the plan set with a mitigation' });
    for (const name of ['done', 'tests', 'rollback', 'gates', 'owners', 'clarity'] as const) expect(tasks!.analysis.score!.components[name]).toEqual(alone.components[name]);
  });
});

describe('full traceability', () => {
  const spec = { path: 'f/spec.md', text: SPEC };
  const withUntraced = TASKS.replace('- [ ] T002 Implement FR-002 in src/export2.ts', '- [ ] T002 Implement FR-002 in src/export2.ts\n- [ ] T020 Add a dark mode toggle');

  it('is off by default: a task that cites no requirement is not reported', () => {
    expect(findings([spec, { path: 'f/tasks.md', text: withUntraced }], undefined, 'uncovered-requirement')).toEqual([]);
  });

  it('reports each task that traces to no requirement, not checkpoints or test tasks under a traced parent', () => {
    expect(findings([spec, { path: 'f/tasks.md', text: withUntraced }], FULL, 'uncovered-requirement')).toEqual(['f/tasks.md:11 uncovered-requirement/untracedTaskInSet']);
    const [, tasks] = analyzeSet([spec, { path: 'f/tasks.md', text: withUntraced }], FULL);
    expect(tasks!.analysis.findings.find((f) => f.span.start.line === 11)!.message).toBe(
      'Task "T020 Add a dark mode toggle" traces to no requirement of its plan set (spec.md, tasks.md); expected the requirement IDs it implements (full traceability)',
    );
  });

  it('a task traces through its sub-items (a Kiro _Requirements:_ line); a parent traced only through one subtask does not vouch for another', () => {
    const reqs = ['# Requirements Document', '', '### Requirement 1', '', '1. WHEN a user exports THEN the system SHALL write a CSV file', ''].join('\n');
    const kiroTasks = ['# Implementation Plan', '', '- [ ] 1. Build the exporter', '  - [ ] 1.1 Write the CSV writer', '    - Stream rows to the file', '    - _Requirements: 1.1_', '  - [ ] 1.2 Wire the button', '- [ ] 2. Add a dark mode toggle', '  - Theme switch in the header', ''].join('\n');
    expect(findings([{ path: 'k/requirements.md', text: reqs }, { path: 'k/tasks.md', text: kiroTasks }], FULL, 'uncovered-requirement')).toEqual(['k/tasks.md:7 uncovered-requirement/untracedTaskInSet', 'k/tasks.md:8 uncovered-requirement/untracedTaskInSet']);
    // Sub-items of a task that cites a requirement on its own line are traced by it.
    const nested = ['# Tasks', '', '## Phase 1: Build', '', '- [ ] T001 CSV writer for FR-001', '  - [ ] Stream rows', '  - [ ] Quote fields', ''].join('\n');
    expect(findings([{ path: 'f/spec.md', text: SPEC }, { path: 'f/tasks.md', text: nested }], FULL, 'uncovered-requirement').filter((f) => f.startsWith('f/tasks.md'))).toEqual([]);
  });

  it('when most tasks trace to nothing: one summary on the title of the tasks file', () => {
    const untraced = ['# Tasks: Export', '', '## Phase 1: Build', '', '- [ ] T001 Implement FR-001', '- [ ] T002 Add dark mode', '- [ ] T003 Add a logo', '- [ ] T004 Add a footer', ''].join('\n');
    expect(findings([spec, { path: 'f/tasks.md', text: untraced }], FULL, 'uncovered-requirement')).toEqual(['f/spec.md:6 uncovered-requirement/uncoveredInSet', 'f/spec.md:7 uncovered-requirement/uncoveredInSet', 'f/tasks.md:1 uncovered-requirement/untracedSummaryInSet']);
  });
});

describe('set-wide requirements score', () => {
  it('counts IDs defined anywhere in the set and covered anywhere in it; a file alone keeps its own score', () => {
    const tasks = TASKS.replaceAll('FR-003', 'the revocation');
    const [, inSet] = analyzeSet([{ path: 'f/spec.md', text: SPEC }, { path: 'f/tasks.md', text: tasks }]);
    const req = inSet!.analysis.score!.components.requirements as ApplicableComponent;
    expect([req.covered, req.total, req.detail]).toEqual([2, 3, '2 of 3 requirement IDs of the plan set (spec.md, tasks.md) referenced outside their definitions']);
    expect(analyze(tasks, undefined, { path: 'g/tasks.md' }).score!.components.requirements.applicable).toBe(false);
    const [alone] = analyzeSet([{ path: 'g/tasks.md', text: tasks }]);
    expect(alone!.analysis.score).toEqual(analyze(tasks, undefined, { path: 'g/tasks.md' }).score);
  });

  it('in planlint lint --format json (sets) and planlint score DIR', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'planlint-setscore-'));
    mkdirSync(path.join(root, 'specs', '001-export'), { recursive: true });
    writeFileSync(path.join(root, 'specs', '001-export', 'spec.md'), SPEC);
    writeFileSync(path.join(root, 'specs', '001-export', 'tasks.md'), TASKS.replaceAll('FR-003', 'the revocation'));
    writeFileSync(path.join(root, 'alone.md'), TASKS);
    const lint = JSON.parse((await planlint(['lint', '--format', 'json', '.'], root)).stdout) as { sets: Array<{ folder: string; profile: string; files: string[]; requirements: ApplicableComponent }> };
    expect(lint.sets.map((s) => [s.folder, s.profile, s.files, s.requirements.covered, s.requirements.total])).toEqual([['specs/001-export', 'spec-kit', ['specs/001-export/spec.md', 'specs/001-export/tasks.md'], 2, 3]]);
    const r = await planlint(['score', '--format', 'json', '.'], root);
    expect(r.code).toBe(0);
    const score = JSON.parse(r.stdout) as { files: Array<{ path: string; score: { components: { requirements: { applicable: boolean; covered?: number } } } }>; sets: unknown[] };
    expect(score.files.map((f) => [f.path, f.score.components.requirements.covered ?? null])).toEqual([['alone.md', null], ['specs/001-export/spec.md', 2], ['specs/001-export/tasks.md', 2]]);
    expect(score.sets).toHaveLength(1);
    const text = await planlint(['score', '.'], root);
    expect(text.stdout).toContain('plan set specs/001-export (spec-kit): requirements 67%  2 of 3 requirement IDs of the plan set (spec.md, tasks.md)');
  });
});

describe('Kiro vocabulary', () => {
  it('Spanish requirements (### Requisito N) and references (_Requisitos: 1.2_) resolve across a set', () => {
    const reqs = ['# Documento de Requisitos', '', '## Requisitos', '', '### Requisito 1', '', '#### Criterios de Aceptación', '', '1. CUANDO el usuario exporta ENTONCES el sistema DEBERÁ escribir un CSV', '', '### Requisito 2', '', '1. CUANDO el administrador revoca ENTONCES el enlace DEBERÁ caducar', ''].join('\n');
    const tasks = ['# Plan de Implementación', '', '- [ ] 1. Escribir el exportador CSV', '  - _Requisitos: 1.1_', '- [ ] 2. Revocar enlaces', '  - _Requisitos: 3.1_', ''].join('\n');
    expect(findings([{ path: 'k/requirements-es.md', text: reqs }, { path: 'k/tasks-es.md', text: tasks }], undefined, undefined).filter((f) => /uncovered|unknown/.test(f))).toEqual([
      'k/requirements-es.md:11 uncovered-requirement/uncoveredInSet',
      'k/tasks-es.md:6 unknown-reference/idInSet',
    ]);
  });

  it('a Kiro requirement is named once in the single-file message ("Requirement 2", not "Requirement Requirement 2")', () => {
    const doc = ['# Implementation Plan', '', '### Requirement 1', '', '1. WHEN a user exports THEN the system SHALL write a CSV file', '', '### Requirement 2', '', '1. WHEN an admin revokes THEN the link SHALL expire', '', '## Tasks', '', '- [ ] 1. Build the exporter', '  - _Requirements: 1.1_', ''].join('\n');
    const messages = analyze(doc).findings.filter((f) => f.ruleId === 'uncovered-requirement').map((f) => f.message);
    expect(messages).toEqual(['Requirement 2 is not referenced by any stage, task, DoD or test; expected its ID in the stage or task that implements it']);
    const fr = analyze(['# Plan', '', '- **FR-001**: Users can export a report', '- **FR-002**: Users can revoke a link', '', '## Stage 1: Build', '', '- [ ] Implement FR-001', ''].join('\n')).findings.filter((f) => f.ruleId === 'uncovered-requirement');
    expect(fr.map((f) => f.message)).toEqual(['Requirement FR-002 is not referenced by any stage, task, DoD or test; expected its ID in the stage or task that implements it']);
  });
});

describe('full traceability on Kiro flat numbering', () => {
  it('a parent task is traced by its flat N.M subtasks; an untraced N.M is reported', () => {
    const reqs = ['# Requirements Document', '', '### Requirement 1', '', '1. WHEN a user exports THEN the system SHALL write a CSV file', '2. WHEN the export fails THEN the system SHALL say why', ''].join('\n');
    const tasks = ['# Implementation Plan', '', '- [ ] 1. Build the exporter', '', '- [ ] 1.1 Write the CSV writer', '  - _Requirements: 1.1_', '', '- [ ] 1.2 Add a dark mode toggle', '', '- [ ] 2. Report failures', '  - _Requirements: 1.2_', ''].join('\n');
    expect(findings([{ path: 'k/requirements.md', text: reqs }, { path: 'k/tasks.md', text: tasks }], FULL, 'uncovered-requirement')).toEqual(['k/tasks.md:8 uncovered-requirement/untracedTaskInSet']);
  });
});
