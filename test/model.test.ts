import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { analyze, defaultConfig, rules, sectionStarts } from '../server/src/core/index.js';
import { defineRule } from '../server/src/core/rule.js';

const model = (text: string) => analyze(text, defaultConfig(), { force: true }).plan!;

describe('plan model', () => {
  it('reads stages with decorations, evidence, owners, estimates and done markers', () => {
    const plan = model(
      [
        '# Plan: search', // 1
        '',
        '## Phase 1: Index ✅ (Owner: Ana) (2 days)', // 3
        '',
        '- [x] Build the indexer',
        '',
        '**DoD:** `npm test` passes', // 7
        '',
        '## Phase 2: Deploy to production', // 9
        '',
        'Rollback: `helm rollback search`',
        '',
        '## Risks',
        '',
        '- Index drift: rebuild nightly',
      ].join('\n'),
    );
    expect(plan.stages.map((s) => [s.key, s.title, s.kind, s.headingSpan.start.line])).toEqual([
      ['phase 1', 'Phase 1: Index', 'build', 3],
      ['phase 2', 'Phase 2: Deploy to production', 'deploy', 9],
    ]);
    const [one, two] = plan.stages;
    expect(one!.owner?.text).toBe('Ana');
    expect(one!.estimate).toMatchObject({ min: 16, max: 16 });
    expect(one!.done).toBeDefined();
    expect(one!.dod?.span.start.line).toBe(7);
    expect(one!.tests?.text).toBe('npm test');
    expect(two!.rollback).toBeDefined();
    expect(two!.changesRunningSystem && two!.production).toBe(true);
    expect(plan.risks).toEqual([expect.objectContaining({ text: 'Index drift: rebuild nightly', hasMitigation: true })]);
  });

  it('treats numbered headings under an Implementation parent and stage tables as stages', () => {
    const numbered = model('# Rollout\n\n## Implementation\n\n### 1. Schema\n\n### 2. API\n\n## Notes\n\n### 1. Not a stage\n');
    expect(numbered.stages.map((s) => s.title)).toEqual(['1. Schema', '2. API']);
    const table = model('# Plan\n\n| Stage | Owner | DoD |\n| --- | --- | --- |\n| 1. Schema | Ana | migration applied |\n| 2. API | | |\n| Total | | |\n');
    expect(table.stages.map((s) => [s.title, s.source, s.owner?.text, Boolean(s.dod)])).toEqual([
      ['1. Schema', 'table-row', 'Ana', true],
      ['2. API', 'table-row', undefined, false],
    ]);
  });

  it('makes one implicit stage reported on the title when there are no stages', () => {
    const plan = model('Intro line\n\n# Migration runbook\n\nRun the migration.\n');
    expect(plan.stages).toHaveLength(1);
    expect(plan.stages[0]).toMatchObject({ source: 'implicit', headingSpan: { start: { line: 3, column: 1 } } });
  });

  it('reads requirements, Kiro criteria and their references', () => {
    const plan = model(
      '# Tasks\n\n### Requirement 1: Login\n\n1. WHEN a user signs in THEN ...\n2. WHEN ...\n\n## Tasks\n\n- [ ] 1. Build login\n  - _Requirements: 1.2_\n',
    );
    expect(plan.requirements).toEqual([expect.objectContaining({ id: '1', family: 'kiro', criteria: ['1.1', '1.2'] })]);
    expect(plan.references.map((r) => `${r.family}:${r.id}`)).toContain('kiro:1.2');
  });

  it('measures columns in UTF-16 code units', () => {
    const plan = model('# Plan 🚀 x\n\n## Stage 1: 🚀 Build TODO\n');
    // 🚀 is two UTF-16 code units, so TODO starts at column 22, not 21.
    expect(plan.placeholders[0]!.span.start).toMatchObject({ line: 3, column: 22 });
    expect('## Stage 1: 🚀 Build TODO'.indexOf('TODO') + 1).toBe(22);
  });

  it('splits sections only at headings outside fences, HTML blocks and front matter', () => {
    const text = '---\ntitle: x\n# no\n---\n# A\n```\n# no\n```\n<div>\n# no\n</div>\n\n<!--\n# no\n-->\n## B\n    # indented code\n~~~~\n# no\n~~~\n# no\n~~~~\n### C\n';
    const starts = sectionStarts(text).map((o) => text.slice(o, text.indexOf('\n', o)));
    expect(starts).toEqual(['---', '# A', '## B', '### C']);
  });
});

describe('never crash, never lose text', () => {
  const throwing = defineRule({
    id: 'always-throws',
    title: 'A rule that throws',
    rationale: 'Used to prove that one failing rule does not stop the others.',
    defaultSeverity: 'warning',
    fixable: false,
    options: z.strictObject({}),
    messages: {},
    notes: [],
    *check() {
      throw new Error('boom');
    },
  });

  it('contains an exception inside one rule and reports the rest', () => {
    const dod = rules.find((r) => r.id === 'missing-dod')!;
    const result = analyze('# Plan\n\n## Stage 1: Build\n\n## Stage 2: Ship\n\ntext\n', defaultConfig(), { rules: [throwing, dod] });
    expect(result.problems).toEqual([{ ruleId: 'always-throws', message: 'Rule always-throws failed and was skipped: boom' }]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['missing-dod', 'missing-dod']);
  });

  it.each([
    ['empty', ''],
    ['only whitespace', '\n\n   \n'],
    ['binary noise', Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')],
    ['deep block quotes', `# Plan\n\n${'>'.repeat(3000)} deep\n`],
    ['deep lists', `# Plan\n\n${Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n')}\n`],
    ['unclosed fence', '# Plan\n\n## Stage 1\n\n```\n# not a heading\n'],
    ['broken front matter', '---\n: : :\n  - [\n---\n# Plan\n'],
    ['lone surrogates', '# Plan \ud800\n\n## Stage 1: \udc00 TODO\n'],
  ])('analyzes %s without throwing', (_name, text) => {
    const result = analyze(text, defaultConfig(), { force: true });
    expect(Array.isArray(result.findings)).toBe(true);
  });

  it('analyzes a 20,000-line plan', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `## Stage ${i + 1}: Work\n\n- [ ] Task FR-${i}\n\n**DoD:** done\n\n`).join('');
    const result = analyze(`# Plan\n\n${text}`);
    expect(result.plan!.stages).toHaveLength(2000);
    expect(result.problems).toEqual([]);
  });

  it('reads nested stage headings as stages of their own, nested in their parent', () => {
    const plan = model(
      [
        '# Plan: payments v2', // 1
        '',
        '## Step 3: Production rollout (Owner: Ana)', // 3
        '',
        '**Rollback:** turn the flag off',
        '',
        '### Stage A: Internal users', // 7
        '',
        '- [ ] Enable for staff', // 9
        '',
        '### Stage B: All users', // 11
        '',
        '- [ ] Enable for everyone', // 13
        '',
        '## Step 4: Cleanup', // 15
      ].join('\n'),
    );
    expect(plan.stages.map((s) => [s.key, s.headingSpan.start.line, s.parent])).toEqual([
      ['step 3', 3, undefined],
      ['stage a', 7, 0],
      ['stage b', 11, 0],
      ['step 4', 15, undefined],
    ]);
    const [rollout, a, b] = plan.stages;
    expect(a!.owner?.text).toBe('Ana');
    expect(a!.rollback).toBeDefined();
    expect(a!.dod).toBeUndefined();
    expect(a!.tasks.map((t) => t.span.start.line)).toEqual([9]);
    expect(b!.tasks.map((t) => t.span.start.line)).toEqual([13]);
    expect(rollout!.tasks.map((t) => t.span.start.line)).toEqual([9, 13]);
  });

  it('reads stage headings in the forms plans write them', () => {
    const plan = model(
      [
        '# Plan: search',
        '## Phase One: Index', // 2
        '## Milestone M2: Ranking', // 3
        '## 1\uFE0F\u20E3 Phase 3: Rollout', // 4
        '## 第四阶段：上线', // 5
        '## Final Phase: Polish', // 6
        '## Current status', // 7: not a stage
      ].join('\n'),
    );
    expect(plan.stages.map((s) => [s.headingSpan.start.line, s.key])).toEqual([
      [2, 'phase one'],
      [3, 'milestone m2'],
      [4, 'phase 3'],
      [5, '阶段 四'],
      [6, undefined],
    ]);
  });
});
