import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, applyEdits, defaultConfig, rules, SCORE_WEIGHTS, selectEdits, type Score } from '../server/src/core/index.js';
import { DOD_EXEMPT_KINDS, TESTS_EXEMPT_KINDS, RISK_MIN_STAGES } from '../server/src/core/score.js';
import { CORPUS, hasCorpus } from './helpers/corpus.js';

// Completeness score v2 (shared/spec/rules.md, "Completeness score"): components apply or not,
// with the reason; the total is renormalised over the weights that apply; unfilled sections
// count as absent; prose and list risks under a Risks heading count.

const score = (text: string, path?: string): Score => analyze(text, defaultConfig(), { force: true, path }).score!;
const md = (...lines: string[]) => `${lines.join('\n')}\n`;

/** Two build stages, each with a filled DoD and tests: nothing deployed, no IDs, gates or owners. */
const SMALL = md(
  '# Plan: parser refactor',
  '',
  '## Stage 1: Extract the tokenizer',
  '',
  '- [ ] Move tokenizing into `tokenizer.ts`',
  '',
  '**Done when:** `npm test` passes with the tokenizer tests moved.',
  '',
  '**Tests:** unit tests for every token kind.',
  '',
  '## Stage 2: Extract the printer',
  '',
  '- [ ] Move printing into `printer.ts`',
  '',
  '**Done when:** `npm test` passes and the printer has its own module.',
  '',
  '**Tests:** snapshot tests for every node type.',
);

/** Three stages, one deployed to production, nothing else: findings for DoD, tests, rollback and risks. */
const WEAK = md('# Plan: ship search', '', '## Stage 1: Build the index', '', '- [ ] Index documents', '', '## Stage 2: Deploy to production', '', '- [ ] Deploy', '', '## Stage 3: Announce', '', '- [ ] Post the release notes');

describe('score v2: applicability and renormalisation', () => {
  it('leaves out the components that do not apply, each with its reason, and renormalises over the rest', () => {
    const s = score(SMALL);
    expect(s.components.requirements).toEqual({ applicable: false, reason: 'no requirement IDs defined', weight: 20 });
    expect(s.components.rollback).toMatchObject({ applicable: false, reason: expect.stringContaining('changes no running system') });
    expect(s.components.gates).toMatchObject({ applicable: false, reason: 'no CI gates declared' });
    expect(s.components.risks).toMatchObject({ applicable: false, reason: `fewer than ${RISK_MIN_STAGES} stages and no change to a running system` });
    expect(s.components.owners).toMatchObject({ applicable: false, reason: 'no stage or plan names an owner' });
    expect(s.components.done).toMatchObject({ applicable: true, value: 1, covered: 2, total: 2, weight: 15 });
    expect(s.components.tests).toMatchObject({ applicable: true, value: 1, covered: 2, total: 2 });
    expect(s.components.clarity).toMatchObject({ applicable: true, value: 1, covered: 0 });
    expect(s.applicableWeight).toBe(15 + 15 + 10);
    // v1 scored the five components that do not apply as 0: 40/100 for a complete small plan.
    expect(s.total).toBe(100);
  });

  it('applies requirements, rollback, risks and owners when the plan gives them something to count', () => {
    const s = score(
      md(
        '# Plan: sessions in Redis',
        '',
        '## Requirements',
        '',
        '- FR-001: sessions survive a restart',
        '- FR-002: sessions expire after 30 minutes',
        '',
        '## Stage 1: Build the store (Owner: Ana)',
        '',
        '- [ ] Implement `RedisSessionStore` (FR-001)',
        '',
        '**Done when:** `npm test` passes.',
        '',
        '**Tests:** integration tests against a Redis container.',
        '',
        '## Stage 2: Deploy to production',
        '',
        '- [ ] Deploy the new store to production behind the existing API',
        '',
        '**Done when:** error rate < 1% for 24 hours.',
      ),
    );
    expect(s.components.requirements).toMatchObject({ applicable: true, covered: 1, total: 2, value: 0.5 });
    expect(s.components.rollback).toMatchObject({ applicable: true, covered: 0, total: 1, value: 0 });
    expect(s.components.risks).toMatchObject({ applicable: true, covered: 0, total: 0, value: 0, detail: 'no risks section' });
    expect(s.components.owners).toMatchObject({ applicable: true, covered: 1, total: 2, value: 0.5 });
    expect(s.components.gates.applicable).toBe(false);
    const applicable = Object.values(s.components).filter((c) => c.applicable);
    const weight = applicable.reduce((sum, c) => sum + c.weight, 0);
    expect(s.applicableWeight).toBe(weight);
    expect(weight).toBe(100 - SCORE_WEIGHTS.gates);
    const expected = applicable.reduce((sum, c) => sum + (c.applicable ? c.value * c.weight : 0), 0) / weight;
    expect(s.total).toBe(Math.round(100 * expected));
  });

  it('uses the default exemptions of the rules it mirrors: missing-dod, undefined-tests, missing-risks', () => {
    const option = (id: string, key: string) => (rules.find((r) => r.id === id)!.options.parse({}) as Record<string, unknown>)[key];
    expect(option('missing-dod', 'exemptKinds')).toEqual(DOD_EXEMPT_KINDS);
    expect(option('undefined-tests', 'exemptKinds')).toEqual(TESTS_EXEMPT_KINDS);
    expect(option('missing-risks', 'minStages')).toBe(RISK_MIN_STAGES);
  });

  it('does not apply tests to a plan whose stages build no code', () => {
    const s = score(md('# Plan: handbook', '', '## Stage 1: Write the docs', '', '- [ ] Draft the runbook', '', '**Done when:** reviewed by two maintainers.'));
    expect(s.components.tests).toMatchObject({ applicable: false, reason: expect.stringContaining('no stage builds or changes code') });
  });

  it('reads the plan model, not the findings: turning every rule off changes nothing', () => {
    const off = defaultConfig();
    for (const r of rules) off.rules.set(r.id, { ...off.rules.get(r.id)!, severity: 'off' });
    const loud = analyze(WEAK, defaultConfig(), { force: true });
    expect(loud.findings.length).toBeGreaterThan(0);
    const quiet = analyze(WEAK, off, { force: true });
    expect(quiet.findings).toEqual([]);
    expect(quiet.score).toEqual(loud.score);
  });
});

describe('score v2: stubs and empty templates', () => {
  const STUB = md('# Tasks: fast path', '', '- [x] **T001** Stamp step boundaries in the fold', '- [x] **T002** Load specs on the fast path', '- [x] **T003** Add fast-path coverage to the evals');
  /** A plan skeleton as templates ship it: every section a slot, a comment or guidance. */
  const TEMPLATE = md(
    '# Implementation Plan: [FEATURE]',
    '',
    '## Phase 1: [Phase name]',
    '',
    '- [ ] [Task description]',
    '',
    '### Definition of Done',
    '',
    '- [ ] [Verifiable outcome]',
    '',
    '### Tests',
    '',
    '<!-- Which tests does this phase add? -->',
    '',
    '## Phase 2: Deploy to production',
    '',
    '- [ ] [Deploy step]',
    '',
    '### Definition of Done',
    '',
    'Consider the following when you define done:',
    '',
    '- What signals will be looked at?',
    '- How will a reviewer check them?',
    '',
    '## Rollback',
    '',
    '- Trigger: TODO',
    '- Steps: `<command>`',
    '',
    '## Risks',
    '',
    '| Risk | Likelihood | Impact | Mitigation |',
    '| --- | --- | --- | --- |',
    '| [Risk] | TBD | TBD | TBD |',
  );

  it('a stub and an empty template score at least 20 points below a complete plan', () => {
    const complete = score(SMALL).total;
    expect(complete).toBe(100);
    expect(complete - score(STUB).total).toBeGreaterThanOrEqual(20);
    const template = score(TEMPLATE);
    expect(template.components.done).toMatchObject({ value: 0 });
    expect(template.components.rollback).toMatchObject({ applicable: true, value: 0 });
    expect(template.components.risks).toMatchObject({ applicable: true, value: 0 });
    expect(complete - template.total).toBeGreaterThanOrEqual(20);
  });
});

describe('score v2: unfilled sections count as absent', () => {
  const withDod = (...body: string[]) => score(md('# Plan: cache', '', '## Stage 1: Build the cache', '', '- [ ] Add an LRU cache', '', '### Definition of Done', '', ...body));
  const none = score(md('# Plan: cache', '', '## Stage 1: Build the cache', '', '- [ ] Add an LRU cache'));

  it.each([
    ['TBD', ['TBD']],
    ['N/A', ['N/A']],
    ['an HTML comment', ['<!-- what done means -->']],
    ['a TODO-led checklist item', ['- [ ] TODO: a verifiable outcome (a command that passes, a metric with a threshold)']],
    ['template slots', ['- [ ] [Describe the verifiable outcome]', '- [ ] `<command>` passes']],
    ['a scenario made of slots', ['1. **Given** [initial state], **When** [action], **Then** [expected outcome]']],
    ['a snippet tab stop', ['- [ ] ${1:expected result}']],
    ['labelled slots', ['- Trigger: TODO (the signal)', '- Steps: <commands>']],
    ['guidance for the author', ['Consider the following when you write this section:', '', '- What must be true when the stage is done?', '- How will a reviewer check it?', '', 'No need to list every test case.']],
  ])('a DoD holding only %s is unfilled: scores as no DoD', (_name, body) => {
    const s = withDod(...body);
    expect(s.components.done).toMatchObject({ value: 0, covered: 0, total: 1 });
    expect(s.components.done).toEqual(none.components.done);
  });

  it.each([
    ['one concrete line', ['- [ ] `npm test` passes with the cache tests']],
    ['a sentence beside a question', ['The cache serves 95% of reads from memory.', '', '- Is the eviction policy right?']],
    ['a link', ['- [ ] [Benchmarks](https://example.com/bench) show p95 < 5 ms']],
    ['a task tag', ['- [ ] [P] hit rate above 80% in the load test']],
  ])('a DoD with %s is filled', (_name, body) => {
    expect(withDod(...body).components.done).toMatchObject({ value: 1, covered: 1 });
  });

  it('a label that introduces only slots is unfilled; one followed by a real list is filled', () => {
    const labelled = (...items: string[]) => score(md('# Plan: cache', '', '## Stage 1: Build the cache', '', '- [ ] Add an LRU cache', '', '**Acceptance Criteria:**', '', ...items));
    expect(labelled('- [ ] TODO', '- [ ] [expected result]').components.done).toMatchObject({ value: 0 });
    expect(labelled('- [ ] hit rate above 80% in the load test').components.done).toMatchObject({ value: 1 });
  });

  it('an unfilled Rollback skeleton under a deploy stage is no rollback, even when the plan has one elsewhere', () => {
    const plan = (stageRollback: string[]) =>
      score(md('# Plan: move', '', '## Stage 1: Deploy the API to production', '', '- [ ] Deploy the API', '', ...stageRollback, '## Stage 2: Deploy the UI to production', '', '- [ ] Deploy the UI', '', '**Rollback:** `kubectl rollout undo deployment/ui`'));
    const skeleton = plan(['### Rollback', '', '- Trigger: TODO (the signal and threshold that start a rollback)', '- Steps: TODO (the commands that undo the change, in order)', '']);
    expect(skeleton.components.rollback).toMatchObject({ applicable: true, covered: 1, total: 2 });
    expect(skeleton.components.rollback).toEqual(plan([]).components.rollback);
    expect(plan(['**Rollback:** `kubectl rollout undo deployment/api`', '']).components.rollback).toMatchObject({ covered: 2, total: 2 });
  });

  it('applying every suggestion with its slots unfilled never raises the score', () => {
    const before = score(WEAK);
    const analysis = analyze(WEAK, defaultConfig(), { force: true });
    // Suggestions with slots (a requirement ID added to a stage has none: it completes the edit).
    const { edits, count } = selectEdits(analysis.findings, (f) => f.suggestions?.find((s) => s.edits.some((e) => e.snippet?.includes('${'))));
    expect(count).toBeGreaterThan(0);
    const after = score(applyEdits(WEAK, edits).text);
    expect(after.total).toBeLessThanOrEqual(before.total);
    for (const name of ['done', 'tests', 'rollback', 'risks'] as const) {
      const [b, a] = [before.components[name], after.components[name]];
      expect(a.applicable && a.value, name).toBe(b.applicable && b.value);
    }
  });
});

describe('score v2: risks', () => {
  const threeStages = ['# Plan: billing export', '', '## Stage 1: Build the exporter', '', '- [ ] Write the exporter', '', '## Stage 2: Build the scheduler', '', '- [ ] Schedule nightly runs', '', '## Stage 3: Build the report', '', '- [ ] Render the report', ''];

  it('counts prose under a Risks heading, one risk per paragraph, mitigated or not', () => {
    const s = score(
      md(
        ...threeStages,
        '## Risks and Mitigations',
        '',
        'The main risks are:',
        '',
        'Exports can time out on large accounts. We page the query in batches of 1,000 rows.',
        '',
        'The report format might confuse finance users who expect the old columns.',
      ),
    );
    expect(s.components.risks).toMatchObject({ applicable: true, covered: 1, total: 2, value: 0.5 });
  });

  it('does not count questions, guidance for the author or TBD under a Risks heading as risks', () => {
    const s = score(
      md(
        ...threeStages,
        '## Risks and Mitigations',
        '',
        'What are the risks of this proposal and how do we mitigate. Think broadly. For example, consider security.',
        '',
        'How will security be reviewed and by whom?',
        '',
        'TBD',
        '',
        'Exports can time out on large accounts.',
      ),
    );
    expect(s.components.risks).toMatchObject({ applicable: true, covered: 0, total: 1 });
  });

  it('counts list risks under a Risks heading, and Drawbacks prose as accepted costs', () => {
    const list = score(md(...threeStages, '## Risks', '', '- Slow exports: page the query in batches', '- Timezone bugs could shift totals'));
    expect(list.components.risks).toMatchObject({ covered: 1, total: 2 });
    const drawbacks = score(md(...threeStages, '## Drawbacks', '', 'A second export path to maintain until the old one is removed.'));
    expect(drawbacks.components.risks).toMatchObject({ covered: 1, total: 1, value: 1 });
  });

  it('a risks section that names no risk (TBD, slots) scores 0, as no section does', () => {
    const tbd = score(md(...threeStages, '## Risks', '', 'TBD'));
    // An unfilled section counts as absent (spec v2).
    expect(tbd.components.risks).toMatchObject({ applicable: true, value: 0, total: 0, detail: 'no risks section' });
    const none = score(md(...threeStages));
    expect(none.components.risks).toMatchObject({ applicable: true, value: 0, detail: 'no risks section' });
  });
});

describe.skipIf(!hasCorpus)('score v2 on real documents: stubs and templates stay far below complete plans', () => {
  const file = (name: string) => path.join(CORPUS, 'public', name);
  const real = (name: string, force = false) => analyze(readFileSync(file(name), 'utf8'), defaultConfig(), { force, path: `corpus/public/${name}` }).score!;
  const COMPLETE = ['JustAGameZA__coding-agent__docs__CHAT-REFACTOR-ARCHITECTURE-PLAN.md', 'kubernetes__enhancements__keps__sig-apps__1847-autoremove-statefulset-pvcs__README.md'];
  const STUBS = ['alfredoperez__speckit-companion__specs__327-install-banner-responsive__tasks.md', 'alfredoperez__speckit-companion__specs__514-fast-path-fixture__tasks.md'];
  const TEMPLATES = [
    'openshift__enhancements__guidelines__enhancement_template.md',
    'kubernetes__enhancements__keps__NNNN-kep-template__README.md',
    'github__spec-kit__templates__spec-template.md',
    'github__spec-kit__templates__plan-template.md',
    'github__spec-kit__templates__tasks-template.md',
  ];

  it.each([...STUBS.map((n) => [n, false] as const), ...TEMPLATES.map((n) => [n, true] as const)].filter(([n]) => existsSync(file(n))))('%s scores at least 20 points below every complete plan', (name, force) => {
    const low = real(name, force).total;
    for (const complete of COMPLETE.filter((n) => existsSync(file(n)))) expect(real(complete).total - low, `${name} vs ${complete}`).toBeGreaterThanOrEqual(20);
  });

  it('the OpenShift enhancement template, copied as a plan, has its guidance-only Test Plan unfilled', () => {
    const name = 'openshift__enhancements__guidelines__enhancement_template.md';
    if (!existsSync(file(name))) return;
    const s = analyze(readFileSync(file(name), 'utf8'), defaultConfig(), { force: true, path: 'docs/enhancement.md' }).score!;
    expect(s.components.tests).toMatchObject({ applicable: true, value: 0 });
  });

  it('the KEP counts its three prose risks and its drawback', () => {
    const name = COMPLETE[1]!;
    if (!existsSync(file(name))) return;
    const plan = analyze(readFileSync(file(name), 'utf8'), defaultConfig(), { path: `corpus/public/${name}` }).plan!;
    expect(plan.risks.map((r) => r.drawback)).toEqual([false, false, false, true]);
  });
});
