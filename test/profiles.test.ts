import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, detectProfile, parseConfig, PROFILE_NAMES, PROFILES } from '../server/src/core/index.js';
import { headingTexts } from '../server/src/core/model/headings.js';
import { corpusFiles, hasCorpus } from './helpers/corpus.js';

const fixture = (rule: string, name: string) => readFileSync(path.join(__dirname, 'fixtures', rule, name), 'utf8');
const KEP_TEMPLATE_TESTS = fixture('undefined-tests', 'invalid-kep-test-plan-template.md');
const KEP_TEMPLATE_ROLLBACK = fixture('missing-rollback', 'invalid-kep-enablement-template.md');
const unanswered = (text: string, ...args: Parameters<typeof analyze> extends [string, ...infer R] ? R : never) =>
  analyze(text, ...args).findings.filter((f) => f.messageId === 'unanswered').map((f) => `${f.ruleId}:${f.span.start.line}`);

describe('profiles', () => {
  it('are data: every built-in profile names itself and its traceability', () => {
    expect(Object.keys(PROFILES)).toEqual([...PROFILE_NAMES]);
    for (const name of PROFILE_NAMES) expect(PROFILES[name]).toMatchObject({ name, ruleOptions: { traceability: 'coverage' } });
  });

  it('are detected from the path and the headings', () => {
    const h = (...texts: string[]) => texts.map((text) => ({ text }));
    expect(detectProfile('keps/sig-node/753-sidecars/README.md', [])).toBe('kep');
    expect(detectProfile('enhancements/x.md', h('Graduation Criteria', 'Production Readiness Review Questionnaire'))).toBe('kep');
    expect(detectProfile('docs/plan.md', h('Graduation Criteria'))).toBe('generic');
    expect(detectProfile('app/.kiro/specs/x/requirements-es.md', [])).toBe('kiro');
    expect(detectProfile('specs/001-export/spec.md', [])).toBe('spec-kit');
    expect(detectProfile('docs/spec.md', [])).toBe('generic');
    expect(detectProfile(undefined, [])).toBe('generic');
  });

  it.skipIf(!hasCorpus)('are detected from the same heading text as the model gives, before the model is built (every corpus plan)', () => {
    let plans = 0;
    for (const [rel, text] of corpusFiles({ sets: true })) {
      const a = analyze(text, undefined, { path: rel });
      if (!a.plan || !a.document) continue;
      plans++;
      expect(headingTexts(a.document).map((h) => h.text), rel).toEqual(a.plan.headings.map((h) => h.text));
    }
    expect(plans).toBeGreaterThan(50);
  });

  it('kep: an unanswered Test Plan and Feature Enablement and Rollback are reported on their headings', () => {
    expect(analyze(KEP_TEMPLATE_TESTS).profile).toBe('kep');
    expect(unanswered(KEP_TEMPLATE_TESTS)).toEqual(['undefined-tests:7']);
    expect(unanswered(KEP_TEMPLATE_ROLLBACK)).toEqual(['missing-rollback:19']);
  });

  it('kep: the same text under another profile gets no such finding (config, front matter, caller)', () => {
    expect(unanswered(KEP_TEMPLATE_TESTS, parseConfig('{ "profile": "generic" }', '/r/.planlintrc.json'))).toEqual([]);
    expect(unanswered(`---\nplanlint: { profile: generic }\n---\n${KEP_TEMPLATE_TESTS}`)).toEqual([]);
    expect(unanswered(KEP_TEMPLATE_TESTS, undefined, { profile: 'spec-kit' })).toEqual([]);
    // And a KEP profile named for a plain plan asks the same of its sections.
    const plain = '# Rollout plan\n\n## Test Plan\n\n- `<package>`: `<date>` - `<test coverage>`\n\n## Stage 1: Build\n\n- [ ] Write the code\n';
    expect(unanswered(plain)).toEqual([]);
    expect(unanswered(plain, parseConfig('{ "profile": "kep" }', '/r/.planlintrc.json'))).toEqual(['undefined-tests:3']);
  });

  it('kep: each template line alone is no answer, and one answer line is', () => {
    const base = KEP_TEMPLATE_ROLLBACK;
    expect(unanswered(base.replace('- [ ] Feature gate (also', '- [x] Feature gate (also').replace('  - Feature gate name:', '  - Feature gate name: PodRestartBudget'))).toEqual([]);
    expect(unanswered(base.replace('- [ ] Feature gate (also', '- [x] Feature gate (also'))).toEqual(['missing-rollback:19']);
    expect(unanswered(base.replace('###### Can the feature be disabled', 'Yes: turning the gate off ignores the field.\n\n###### Can the feature be disabled'))).toEqual([]);
  });
});
