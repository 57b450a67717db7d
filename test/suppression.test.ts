import { describe, expect, it } from 'vitest';
import { analyze } from '../server/src/core/index.js';

const findings = (text: string, rule?: string) =>
  analyze(text, undefined, { force: true })
    .findings.filter((f) => !rule || f.ruleId === rule)
    .map((f) => `${f.span.start.line}:${f.ruleId}`);

/** 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

const PLAN = (head: string, stage2 = '') =>
  `# Plan: x\n\n${head}## Stage 1: Build\n\n- [ ] Build it\n\n${stage2}## Stage 2: Ship\n\n- [ ] Ship it\n`;

describe('inline suppression comments', () => {
  it('disable-next-line silences the named rule on the next line only', () => {
    const text = PLAN('<!-- planlint-disable-next-line missing-dod -- the build stage is tracked elsewhere -->\n');
    const s1 = lineOf(text, 'Stage 1');
    const s2 = lineOf(text, 'Stage 2');
    expect(findings(text, 'missing-dod')).toEqual([`${s2}:missing-dod`]);
    // Other rules still report on the next line (Stage 2 ships: a deploy stage needs no tests of its own).
    expect(findings(text, 'undefined-tests')).toEqual([`${s1}:undefined-tests`]);
  });

  it('disable … enable silences a block; without rule ids it silences every rule', () => {
    const text = PLAN('<!-- planlint-disable -- draft -->\n', '<!-- planlint-enable -->\n\n');
    const s1 = lineOf(text, 'Stage 1');
    const s2 = lineOf(text, 'Stage 2');
    expect(findings(text).filter((l) => l.startsWith(`${s1}:`))).toEqual([]);
    expect(findings(text, 'missing-dod')).toEqual([`${s2}:missing-dod`]);
  });

  it('disable-file silences the named rules everywhere, and other rules still report', () => {
    const text = `<!-- planlint-disable-file missing-dod, undefined-tests -- research notes -->\n${PLAN('')}`;
    expect(findings(text, 'missing-dod')).toEqual([]);
    expect(findings(text, 'undefined-tests')).toEqual([]);
    expect(findings(text, 'missing-rollback')).toEqual([`${lineOf(text, '# Plan')}:missing-rollback`]);
  });

  it('reports unknown rule ids and keeps the finding the comment meant to silence', () => {
    const text = PLAN('<!-- planlint-disable-next-line missing-dodd -- typo -->\n');
    const result = analyze(text, undefined, { force: true });
    expect(result.findings.filter((f) => f.ruleId === 'invalid-suppression').map((f) => [f.span.start.line, f.message])).toEqual([
      [lineOf(text, 'missing-dodd'), 'Suppression comment names unknown rule "missing-dodd"; expected a rule id such as missing-dod'],
    ]);
    expect(findings(text, 'missing-dod')).toEqual([`${lineOf(text, 'Stage 1')}:missing-dod`, `${lineOf(text, 'Stage 2')}:missing-dod`]);
  });

  it('does not read suppression comments inside code', () => {
    const text = PLAN('```markdown\n<!-- planlint-disable-file -->\n```\n\n');
    expect(findings(text, 'missing-dod')).toEqual([`${lineOf(text, 'Stage 1')}:missing-dod`, `${lineOf(text, 'Stage 2')}:missing-dod`]);
  });
});
