import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { suppressedFindings } from '../server/src/core/suppressions.js';
import { analyze, defaultConfig, sectionStarts, type Directive, type Finding } from '../server/src/core/index.js';
import { EMPTY_CELL, parseDuration } from '../server/src/core/model/patterns.js';
import { generatePlan } from '../server/src/tools/plan-generator.js';

const CORE = path.join(__dirname, '..', 'server', 'src', 'core');

/** Every `.ts` file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/**
 * The source of every pattern in the core, with where it is: regular expression literals, and
 * the string or template arguments of `new RegExp(…)` (their `\\` read as `\`).
 */
function corePatterns(): Array<{ where: string; source: string }> {
  const out: Array<{ where: string; source: string }> = [];
  for (const file of sources(CORE)) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const where = (n: ts.Node) => `${path.relative(CORE, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
    const visit = (n: ts.Node): void => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) out.push({ where: where(n), source: n.getText(sf) });
      if (ts.isNewExpression(n) && n.expression.getText(sf) === 'RegExp' && n.arguments?.[0]) {
        out.push({ where: where(n), source: n.arguments[0].getText(sf).replace(/\\\\/g, '\\') });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

/**
 * Two unbounded whitespace runs with only optional pieces between them (`\s*#?\s*`,
 * `\s*[:=]?\s*\**\s*`): on a run of spaces that does not match, every way of sharing the
 * spaces between them is tried, a power of the run's length.
 */
const SIDE_BY_SIDE_RUNS = /\\s[*+](?:(?:\\.|\[(?:\\.|[^\]\\])*\]|[^\\()[\]|])[?*]|\((?:\?:)?(?:\\.|[^()\\])*\)[?*])*\\s[*+]/;

describe('patterns in linear time', () => {
  it('finds the patterns of the core', () => {
    const patterns = corePatterns();
    expect(patterns.length).toBeGreaterThan(250);
    expect(SIDE_BY_SIDE_RUNS.test(String.raw`/\btotal\s*[:=]?\s*\**\s*(\d+)/`)).toBe(true);
    expect(SIDE_BY_SIDE_RUNS.test(String.raw`/\b(stage)\s*#?\s*(\d+)/`)).toBe(true);
    expect(SIDE_BY_SIDE_RUNS.test(String.raw`/\b(stage)\s*(?:#\s*)?(\d+)/`)).toBe(false);
  });

  it('no pattern of the core puts two whitespace runs side by side', () => {
    expect(corePatterns().filter((p) => SIDE_BY_SIDE_RUNS.test(p.source)).map((p) => `${p.where} ${p.source}`)).toEqual([]);
  });

  it('a "Total" line followed by thousands of spaces is read, and is no total', () => {
    const line = `Total${' '.repeat(5000)}as agreed`;
    const plan = analyze(`# Plan: search\n\n## Stage 1: Index (2 days)\n\n## Stage 2: Ship (3 days)\n\n${line}\n\nTotal: 6 days\n`, defaultConfig(), { force: true }).plan!;
    expect(plan.totals.map((t) => [t.text, t.span.start.line])).toEqual([['6 days', 9]]);
  });

  it('durations after long runs of spaces and tabs: found where a search from each space would find them', () => {
    const run = ' \t'.repeat(50_000);
    expect(parseDuration(`x${run}y`)).toBeUndefined();
    expect(parseDuration(`${run}5 days`)).toMatchObject({ min: 40, text: '5 days', index: 0 });
    expect(parseDuration(`took${run}2h`)).toMatchObject({ min: 2, index: 5 });
    expect(parseDuration(`took 2h`)).toMatchObject({ index: 5 });
    expect(parseDuration(`a~ 3d`)).toMatchObject({ min: 24, index: 2 });
    expect(parseDuration(`(~4h)`)).toMatchObject({ text: '~4h', index: 1 });
  });

  it('the linear forms match what the former patterns matched', () => {
    // The patterns as they were, kept here only to compare with on short strings.
    const durationBefore = /(?<![\w.])~?\s*(\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?))?\s*(hours?|hrs?|h|days?|d|person[- ]days?|pd|weeks?|wks?|w)\b/i;
    const emptyBefore = /^\s*(?:|-+|—|–|tbd|tbc|todo|\?+|n\/?a\?)\s*$/i;
    const piece = fc.constantFrom(' ', '  ', '\t', '\n', '~', '1', '2.5', '-', '–', 'to', 'days', 'h', 'w', 'x', '.', 'a', 'tbd', '?', '—', 'n/a?', '(', ')');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const s = pieces.join('');
        const m = durationBefore.exec(s);
        const d = parseDuration(s);
        expect(d ? [d.index, d.text] : undefined).toEqual(m ? [m.index, m[0].trim()] : undefined);
        expect(EMPTY_CELL.test(s)).toBe(emptyBefore.test(s));
      }),
      { numRuns: 3000, seed: 9 },
    );
  });
});

describe('line endings', () => {
  const lf = generatePlan(400);
  const variants = { cr: lf.replace(/\n/g, '\r'), crlf: lf.replace(/\n/g, '\r\n') };
  const key = (text: string) => analyze(text, defaultConfig(), { force: true }).findings.map((f) => `${f.span.start.line}:${f.span.start.column}-${f.span.end.line}:${f.span.end.column} ${f.ruleId}`);

  it.each(Object.entries(variants))('a %s document is split into the sections of its LF twin', (_name, text) => {
    const starts = sectionStarts(lf);
    expect(starts.length).toBeGreaterThan(5);
    expect(sectionStarts(text).length).toBe(starts.length);
  });

  it.each(Object.entries(variants))('a %s document gets the findings of its LF twin, on the same lines and columns', (_name, text) => {
    expect(key(text)).toEqual(key(lf));
  });
});

describe('suppression in linear time', () => {
  type Kind = Directive['kind'];
  const span = (line: number, endLine = line) => ({ start: { line, column: 1, offset: line * 100 }, end: { line: endLine, column: 2, offset: endLine * 100 + 1 } });
  /** The former pairwise test of every finding against every directive: the reference. */
  const reference = (directives: Directive[], findings: Finding[]) => {
    const matches = (d: Directive, ruleId: string) => d.rules.length === 0 || d.rules.includes(ruleId);
    const sorted = [...directives].sort((a, b) => a.span.start.offset - b.span.start.offset);
    const out = new Set<number>();
    for (const [i, f] of findings.entries()) {
      const line = f.span.start.line;
      let suppressed = false;
      let blockActive = false;
      for (const d of sorted) {
        if (!matches(d, f.ruleId)) continue;
        if (d.kind === 'disable-file') suppressed = true;
        else if (d.kind === 'disable-line' && d.span.start.line === line) suppressed = true;
        else if (d.kind === 'disable-next-line' && d.span.end.line + 1 === line) suppressed = true;
        else if (d.kind === 'disable' && d.span.start.line <= line) blockActive = true;
        else if (d.kind === 'enable' && d.span.start.line <= line) blockActive = false;
      }
      if (suppressed || blockActive) out.add(i);
    }
    return out;
  };
  const rule = fc.constantFrom('missing-dod', 'placeholder-text', 'missing-owner');
  const directive = fc.record({
    kind: fc.constantFrom<Kind>('disable', 'enable', 'disable-next-line', 'disable-line', 'disable-file', 'disable', 'enable'),
    rules: fc.array(rule, { maxLength: 2 }),
    line: fc.integer({ min: 1, max: 30 }),
    lines: fc.integer({ min: 0, max: 2 }),
  });
  const finding = fc.record({ ruleId: rule, line: fc.integer({ min: 1, max: 30 }) });

  it('suppresses what the pairwise test suppressed', () => {
    fc.assert(
      fc.property(fc.array(directive, { maxLength: 12 }), fc.array(finding, { maxLength: 20 }), (ds, fs) => {
        const directives: Directive[] = ds.map((d) => ({ kind: d.kind, rules: d.rules, reason: undefined, span: span(d.line, d.line + d.lines) }));
        const findings = fs.map((f) => ({ ruleId: f.ruleId, messageId: 'x', severity: 'warning', message: 'x', span: span(f.line) }) as Finding);
        expect([...suppressedFindings(directives, findings)].sort((a, b) => a - b)).toEqual([...reference(directives, findings)].sort((a, b) => a - b));
      }),
      { numRuns: 2000, seed: 4 },
    );
  });
});
