import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, applyEdits, defaultConfig, fixText, resolveConfig, rules, type Finding, type ResolvedConfig } from '../server/src/core/index.js';
import { FIXTURES, loadFixtures, onlyInserted } from './helpers/fixtures.js';

const fixtures = loadFixtures();
const config = defaultConfig();
/** The config a fixture runs with: defaults, plus its `fixture-options` for its rule. */
const configFor = (f: { rule: string; options: Record<string, unknown> | undefined }): ResolvedConfig =>
  f.options ? resolveConfig({ rules: { [f.rule]: ['warning', f.options] } } as never, undefined) : config;
/** The plain text of an LSP snippet: each `${n:default}` its default, `$n` nothing, escapes undone. */
function snippetDefaults(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i]!;
    if (c === '\\') out += snippet[++i] ?? '';
    else if (c === '$' && snippet[i + 1] === '{') i = snippet.indexOf(':', i);
    else if (c === '$') while (/\d/.test(snippet[i + 1] ?? '')) i++;
    else if (c !== '}') out += c;
  }
  return out;
}

/** `text` with the first suggestion of every finding applied (as an author would, one by one in the editor). */
function suggestAll(text: string, findings: Finding[]): string {
  return applyEdits(text, findings.flatMap((f) => f.suggestions?.[0]?.edits ?? [])).text;
}

const key = (f: { span: { start: { line: number } }; ruleId: string }) => `${f.span.start.line}:${f.ruleId}`;

describe('rule catalogue', () => {
  it.each(rules.map((r) => [r.id, r] as const))('%s has fixtures, messages and metadata', (id, rule) => {
    const own = fixtures.filter((f) => f.rule === id);
    expect(own.some((f) => f.name.startsWith('valid') && f.expected.length === 0), 'a clean fixture').toBe(true);
    expect(own.some((f) => f.name.startsWith('invalid') && f.expected.length > 0), 'a failing fixture').toBe(true);
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.rationale.length).toBeGreaterThan(30);
    expect(rule.notes.length).toBeGreaterThan(0);
    for (const template of Object.values(rule.messages)) expect(template, 'one grammar: "<what is wrong>; expected <what>"').toMatch(/; expected /);
    // Every message of the catalogue is produced by some fixture; the cross-file messages
    // (`…InSet`) come from the plan-set pass and are checked in test/plan-sets.test.ts.
    const produced = new Set(own.flatMap((f) => analyze(f.text, configFor(f), { force: true, only: [id] }).findings.map((x) => x.messageId)));
    expect([...produced].sort()).toEqual(Object.keys(rule.messages).filter((m) => !m.endsWith('InSet')).sort());
  });

  it('has exactly the rule ids of the catalogue, each in a file of its name', () => {
    expect(rules.map((r) => r.id).sort()).toEqual(
      [
        'missing-rollback', 'undefined-tests', 'uncovered-requirement', 'missing-dod', 'missing-owner', 'unmeasurable-criterion',
        'placeholder-text', 'merge-conflict-marker', 'missing-risks', 'incomplete-risk', 'incomplete-gate', 'unknown-reference',
        'duplicate-id', 'dependency-cycle', 'estimate-mismatch', 'status-contradiction', 'missing-migration', 'missing-health-check',
        'empty-section', 'plan-too-long',
      ].sort(),
    );
  });
});

describe.each([...new Set(fixtures.map((f) => f.rule))])('fixtures of %s', (rule) => {
  it.each(fixtures.filter((f) => f.rule === rule).map((f) => [f.name, f] as const))('%s', async (_name, fixture) => {
    const config = configFor(fixture);
    const result = analyze(fixture.text, config, { force: true, only: [rule] });
    expect(result.problems).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === rule).map(key).sort()).toEqual(fixture.expected);

    const fixable = result.findings.filter((f) => f.fix);
    if (fixable.length > 0) {
      const fixed = fixText(fixture.text, config, { force: true, only: [rule] });
      expect(onlyInserted(fixture.text, fixed.text), 'a fix never deletes user text').toBe(true);
      expect(fixed.analysis.findings.filter((f) => f.fix), 'fixed output has nothing left to fix').toEqual([]);
      // A section inserted with placeholder slots is unfilled (spec v2): its finding stays open as `unfilled`.
      expect(fixed.analysis.findings.filter((f) => f.messageId !== 'unfilled' && f.messageId !== 'tbd').length).toBeLessThan(result.findings.length);
      expect(fixText(fixed.text, config, { force: true, only: [rule] }).text, 'fixing is idempotent').toBe(fixed.text);
      if (fixture.text.includes('\r\n')) expect(fixed.text.replace(/\r\n/g, '')).not.toContain('\n');
      await expect(fixed.text).toMatchFileSnapshot(path.join(FIXTURES, rule, '__fixed__', fixture.name));
    }
    const score = result.score?.total ?? 0;
    for (const finding of result.findings.filter((f) => f.suggestions)) {
      for (const suggestion of finding.suggestions!) {
        const applied = applyEdits(fixture.text, suggestion.edits).text;
        expect(onlyInserted(fixture.text, applied)).toBe(true);
        for (const e of suggestion.edits) if (e.snippet !== undefined) expect(snippetDefaults(e.snippet), 'the plain text is the snippet with its slot defaults').toBe(e.text);
        const after = analyze(applied, config, { force: true, only: [rule] });
        // Open: still reported where it was, or (a summary) on a stage it named.
        const lines = new Set([finding.span.start.line, ...(finding.related ?? []).map((r) => r.span.start.line)]);
        const open = after.findings.some((f) => f.ruleId === finding.ruleId && lines.has(f.span.start.line));
        if (suggestion.edits.some((e) => e.snippet !== undefined)) {
          // Slots left at their defaults read as unfilled: the finding stays open and the score does not rise.
          expect(open, `"${suggestion.title}" left unfilled keeps the finding open`).toBe(true);
          expect(after.score?.total ?? 0, `"${suggestion.title}" left unfilled earns no score`).toBeLessThanOrEqual(score);
        } else {
          expect(open, `"${suggestion.title}" (no slots) resolves the finding`).toBe(false);
        }
      }
    }
    const suggested = suggestAll(fixture.text, result.findings);
    if (suggested !== fixture.text) await expect(suggested).toMatchFileSnapshot(path.join(FIXTURES, rule, '__suggested__', fixture.name));
  });
});
