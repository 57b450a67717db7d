import { readFileSync, writeFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeSet, detectPlanSets, rules, type Finding } from '../server/src/core/index.js';
import { planlint } from './helpers/cli.js';
import { CORPUS, corpusFiles, hasCorpus } from './helpers/corpus.js';

const CRON = 'sets/FouadABT__kiroween-dashtact/.kiro/specs/cron-jobs-management';
const JOEY = 'sets/JoeyLearnsToCode__prompt-studio/specs/001-prompt-studio';
const GAZ = 'sets/GaZmagik__claude-memory-plugin/.specify/specs/feature/002-v1.1.0-enhancements';

/** The files of a corpus folder as `{ path, text }`, with `edit` applied to the named files' texts. */
function folder(dir: string, names: string[], edit: Record<string, (text: string) => string> = {}): Array<{ path: string; text: string }> {
  return names.map((name) => {
    const text = readFileSync(path.join(CORPUS, dir, name), 'utf8');
    return { path: `${dir}/${name}`, text: edit[name] ? edit[name](text) : text };
  });
}

const crossFile = (f: Finding) => f.ruleId === 'uncovered-requirement' || (f.ruleId === 'unknown-reference' && f.messageId.startsWith('id'));

describe('detectPlanSets', () => {
  it('groups spec-kit files and Kiro files (per language variant) of one folder, and nothing else', () => {
    const paths = [
      'a/specs/001/spec.md',
      'a/specs/001/tasks.md',
      'a/specs/001/notes.md',
      'k/.kiro/specs/x/requirements.md',
      'k/.kiro/specs/x/design.md',
      'k/.kiro/specs/x/tasks.md',
      'k/.kiro/specs/x/requirements-es.md',
      'k/.kiro/specs/x/tasks-es.md',
      'k/.kiro/specs/y/tasks.md',
      'k/.kiro/specs/y/DEPLOYMENT.md',
      'flat/owner__repo__spec.md',
      'flat/owner__repo__tasks.md',
      'templates/spec.md',
      'templates/tasks.md',
    ];
    const sets = detectPlanSets(paths);
    expect(sets.map((s) => [s.layout, s.folder, s.variant, s.files.map((f) => `${f.role}`).join(',')])).toEqual([
      ['spec-kit', 'a/specs/001', '', 'spec,tasks'],
      ['kiro', 'k/.kiro/specs/x', '', 'requirements,design,tasks'],
      ['kiro', 'k/.kiro/specs/x', 'es', 'requirements,tasks'],
    ]);
  });

  it.skipIf(!hasCorpus)('finds the spec-kit and Kiro folders of corpus/sets and no set among the flat public files', () => {
    const files = corpusFiles({ sets: true }).map(([p]) => p);
    const sets = detectPlanSets(files.filter((p) => p.startsWith('sets/')));
    expect(sets.map((s) => `${s.layout} ${s.folder}${s.variant ? ` (${s.variant})` : ''}: ${s.files.map((f) => path.basename(f.path)).join(' ')}`)).toEqual([
      'kiro sets/FouadABT__kiroween-dashtact/.kiro/specs/cron-jobs-management: design.md requirements.md tasks.md',
      `spec-kit ${GAZ}: plan.md spec.md tasks.md`,
      `spec-kit ${JOEY}: spec.md tasks.md`,
      'kiro sets/RockyBoyRC__SpaceWeirdos/.kiro/specs/6-frontend-backend-api-separation: design.md tasks.md',
      'spec-kit sets/alfredoperez__speckit-companion/specs/514-fast-path-fixture: plan.md tasks.md',
      'kiro sets/gotalab__cc-sdd/.kiro/specs/customer-support-rag-backend-ja: requirements.md tasks.md',
      'kiro sets/llamojha__no-vibe-no-code-kiroween/.kiro/specs/hexagonal-architecture-refactor (es): requirements-es.md tasks-es.md',
    ]);
    expect(detectPlanSets(files.filter((p) => p.startsWith('public/')))).toEqual([]);
  });
});

describe.skipIf(!hasCorpus)('analyzeSet on corpus sets', () => {
  const CRON_FILES = ['requirements.md', 'design.md', 'tasks.md'];

  it('a Kiro set whose tasks trace every criterion has no cross-file finding', () => {
    const result = analyzeSet(folder(CRON, CRON_FILES));
    expect(result.every((r) => r.set?.layout === 'kiro')).toBe(true);
    expect(result.flatMap((r) => r.analysis.findings.filter(crossFile))).toEqual([]);
  });

  it('a Kiro requirement removed from every task is reported at its definition line in requirements.md', () => {
    const drop = (t: string) => t.replaceAll(', 7.1, 7.2, 7.3, 7.4, 7.5_', '_');
    const result = analyzeSet(folder(CRON, CRON_FILES, { 'tasks.md': drop }));
    const [requirements, design, tasks] = result.map((r) => r.analysis.findings.filter(crossFile));
    expect(requirements!.map((f) => [f.ruleId, f.messageId, f.span.start.line, f.message])).toEqual([
      ['uncovered-requirement', 'uncoveredInSet', 91, 'Requirement 7 is not referenced by any file of its plan set (requirements.md, design.md, tasks.md); expected its ID in the task or stage that implements it'],
    ]);
    expect(readFileSync(path.join(CORPUS, CRON, 'requirements.md'), 'utf8').split('\n')[90]).toBe('### Requirement 7');
    expect([...design!, ...tasks!]).toEqual([]);
    // requirements.md alone is not a plan; in its set it is linted for the set's findings.
    expect(result[0]!.analysis.kind).toBe('not-a-plan');
    expect(result[0]!.analysis.isPlan).toBe(true);
  });

  it('a reference to a criterion that no file of the Kiro set defines is reported where it is', () => {
    const add = (t: string) => t.replace('6.3, 6.4, 6.5, 7.1', '6.3, 6.4, 6.5, 9.2, 7.1');
    const files = folder(CRON, CRON_FILES, { 'tasks.md': add });
    const line = files[2]!.text.split('\n').findIndex((l) => l.includes('9.2')) + 1;
    const result = analyzeSet(files);
    expect(result[2]!.analysis.findings.filter(crossFile).map((f) => [f.messageId, f.span.start.line, f.message])).toEqual([
      ['idInSet', line, 'Reference to requirement 9.2, which no file of its plan set (requirements.md, design.md, tasks.md) defines; expected one of the defined requirement IDs'],
    ]);
    // Alone, the tasks file defines no requirement, so it checks none of its references.
    expect(analyze(files[2]!.text, undefined, { path: files[2]!.path }).findings.filter(crossFile)).toEqual([]);
  });

  it('a spec-kit task citing an FR that the spec does not define is reported in tasks.md', () => {
    const add = (t: string) => `${t}\n- [ ] T999 Implement the export of FR-099 and FR-001\n`;
    const files = folder(JOEY, ['spec.md', 'tasks.md'], { 'tasks.md': add });
    const result = analyzeSet(files);
    const last = files[1]!.text.split('\n').length - 1;
    expect(result[1]!.analysis.findings.filter(crossFile).map((f) => [f.messageId, f.span.start.line, f.message.split(';')[0]])).toEqual([
      ['idInSet', last, 'Reference to FR-099, which no file of its plan set (spec.md, tasks.md) defines'],
    ]);
  });

  it('a spec-kit spec whose tasks cite no FR gets one summary on its first definition; a requirement dropped from plan.md joins it', () => {
    const names = ['plan.md', 'spec.md', 'tasks.md'];
    const summary = (files: Array<{ path: string; text: string }>) => {
      const found = analyzeSet(files)[1]!.analysis.findings.filter(crossFile);
      expect(found.map((f) => [f.messageId, f.span.start.line])).toEqual([['summaryInSet', 166]]);
      return found[0]!;
    };
    const before = summary(folder(GAZ, names));
    expect(before.message).toContain('65 of 90');
    expect(before.related!.some((r) => r.span.start.line === 294)).toBe(false);
    // SC-023 (spec.md line 294) is cited by plan.md only, as the end of a range.
    const after = summary(folder(GAZ, names, { 'plan.md': (t) => t.replace('SC-018 to SC-023', 'SC-018 to SC-022') }));
    expect(after.message).toContain('66 of 90');
    expect(after.related!.find((r) => r.span.start.line === 294)?.message).toBe('SC-023 is referenced nowhere in the set');
  });

  it('a file in no set gets exactly its single-file analysis', () => {
    const [one] = corpusFiles().filter(([p]) => p.startsWith('public/')).slice(0, 1);
    const [result] = analyzeSet([{ path: one![0], text: one![1] }]);
    expect(result!.set).toBeUndefined();
    expect(result!.analysis.findings).toEqual(analyze(one![1], undefined, { path: one![0] }).findings);
  });
});

describe('analyzeSet', () => {
  const spec = (ids: number[]) => ['# Feature Specification: Export', '', '## Requirements', '', ...ids.map((n) => `- **FR-00${n}**: Users can export report number ${n}`), ''].join('\n');
  const tasks = (refs: string[]) => ['# Tasks: Export', '', '## Phase 1: Build', '', ...refs.map((r, i) => `- [ ] T00${i + 1} Implement ${r}`), ''].join('\n');
  const messages = (files: Array<{ path: string; text: string }>) => analyzeSet(files).flatMap((r) => r.analysis.findings.filter(crossFile).map((f) => `${r.path}:${f.span.start.line} ${f.messageId}`));

  it('produces every cross-file message of the catalogue', () => {
    const individual = messages([
      { path: 'f/spec.md', text: spec([1, 2, 3]) },
      { path: 'f/tasks.md', text: tasks(['FR-001', 'FR-002', 'FR-009']) },
    ]);
    expect(individual).toEqual(['f/spec.md:7 uncoveredInSet', 'f/tasks.md:7 idInSet']);
    const summary = messages([
      { path: 'f/spec.md', text: spec([1, 2, 3, 4]) },
      { path: 'f/tasks.md', text: tasks(['FR-001']) },
    ]);
    expect(summary).toEqual(['f/spec.md:5 summaryInSet']);
    const inSet = rules.flatMap((r) => Object.keys(r.messages).filter((m) => m.endsWith('InSet')));
    expect(inSet.sort()).toEqual(['idInSet', 'summaryInSet', 'uncoveredInSet', 'untracedSummaryInSet', 'untracedTaskInSet']);
    // The task-side messages of full traceability are produced in test/plan-set-checks.test.ts.
  });

  it('a spec alone, or with tasks in another folder, keeps its single-file analysis', () => {
    expect(messages([{ path: 'f/spec.md', text: spec([1, 2, 3]) }, { path: 'g/tasks.md', text: tasks(['FR-009']) }])).toEqual([]);
  });

  it('honours the suppression comments of the file a finding lands in', () => {
    const suppressed = `<!-- planlint-disable-file uncovered-requirement -- traced elsewhere -->\n${spec([1, 2, 3])}`;
    expect(messages([{ path: 'f/spec.md', text: suppressed }, { path: 'f/tasks.md', text: tasks(['FR-001', 'FR-002']) }])).toEqual([]);
  });
});

describe('planlint lint on a plan set', () => {
  it('reports each cross-file finding in its own file, in JSON and SARIF', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'planlint-sets-'));
    const feature = path.join(dir, 'specs', '001-export');
    mkdirSync(feature, { recursive: true });
    writeFileSync(
      path.join(feature, 'spec.md'),
      ['# Feature Specification: Export', '', '## Requirements', '', '- **FR-001**: Users can export a report as CSV', '- **FR-002**: Users can schedule a weekly export', '- **FR-003**: Admins can revoke an export link', ''].join('\n'),
    );
    writeFileSync(
      path.join(feature, 'tasks.md'),
      ['# Tasks: Export', '', '## Phase 1: Build', '', '- [ ] T001 CSV writer for FR-001', '- [ ] T002 Weekly scheduler for FR-002', '- [ ] T003 Link expiry for FR-004', '', '**Done when:** `npm test` passes.', ''].join('\n'),
    );
    writeFileSync(path.join(dir, 'other.md'), ['# Plan: other', '', '## Stage 1: Build', '', '- [ ] Task for FR-009', ''].join('\n'));
    const json = JSON.parse((await planlint(['lint', '--format', 'json', '.'], dir)).stdout) as { files: Array<{ path: string; isPlan: boolean; findings: Array<{ ruleId: string; line: number; message: string }> }> };
    const pick = (p: string) => json.files.find((f) => f.path === p)!.findings.filter((f) => f.ruleId === 'uncovered-requirement' || f.ruleId === 'unknown-reference').map((f) => `${f.line} ${f.ruleId} ${f.message.split(';')[0]}`);
    expect(pick('specs/001-export/spec.md')).toEqual(['7 uncovered-requirement Requirement FR-003 is not referenced by any file of its plan set (spec.md, tasks.md)']);
    expect(pick('specs/001-export/tasks.md')).toEqual(['7 unknown-reference Reference to FR-004, which no file of its plan set (spec.md, tasks.md) defines']);
    // A file outside the set is linted alone, as before.
    expect(pick('other.md')).toEqual([]);
    const sarif = JSON.parse((await planlint(['lint', '--format', 'sarif', 'specs/001-export'], dir)).stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
    };
    const located = sarif.runs[0]!.results.filter((r) => r.ruleId === 'uncovered-requirement' || r.ruleId === 'unknown-reference').map((r) => `${r.ruleId} ${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}`);
    expect(located.sort()).toEqual(['uncovered-requirement specs/001-export/spec.md:7', 'unknown-reference specs/001-export/tasks.md:7']);
  });

  it('walks into .kiro/specs of a directory argument, and still skips other hidden folders', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'planlint-sets-'));
    const feature = path.join(dir, '.kiro', 'specs', 'cleanup');
    mkdirSync(feature, { recursive: true });
    mkdirSync(path.join(dir, '.notes'));
    writeFileSync(
      path.join(feature, 'requirements.md'),
      ['# Requirements Document', '', '### Requirement 1', '', '#### Acceptance Criteria', '', '1. THE system SHALL delete expired tokens every 6 hours', '2. THE system SHALL log the count of deleted tokens', ''].join('\n'),
    );
    writeFileSync(path.join(feature, 'tasks.md'), ['# Implementation Plan', '', '- [ ] 1. Add the cleanup job', '  - _Requirements: 1.1, 1.3_', ''].join('\n'));
    writeFileSync(path.join(dir, '.notes', 'plan.md'), WEAK_PLAN);
    const json = JSON.parse((await planlint(['lint', '--format', 'json', '.'], dir)).stdout) as { files: Array<{ path: string; findings: Array<{ ruleId: string; line: number; message: string }> }> };
    expect(json.files.map((f) => f.path)).toEqual(['.kiro/specs/cleanup/requirements.md', '.kiro/specs/cleanup/tasks.md']);
    expect(json.files[1]!.findings.filter((f) => f.ruleId === 'unknown-reference').map((f) => `${f.line} ${f.message.split(';')[0]}`)).toEqual([
      '4 Reference to requirement 1.3, which no file of its plan set (requirements.md, tasks.md) defines',
    ]);
  });
});

const WEAK_PLAN = '# Plan: ship search\n\n## Stage 1: Build the index\n\n- [ ] Index documents\n';
