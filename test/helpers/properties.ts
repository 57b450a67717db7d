/**
 * The properties every analysis must have, checked by test/property-*.test.ts on generated and
 * mutated documents (fast-check): analysis never fails, every range lies inside the document,
 * incremental analysis equals full analysis, a long section parsed in pieces gives the tree of
 * one parse, and every fix and suggestion inserts only, keeps every original line, line ending
 * and BOM, and converges. {@link checkSuggestions} checks the suggestions of a document as an
 * author applies them (test/property-suggestions.test.ts).
 *
 * The normal test run checks a few thousand cases with a fixed seed. `npm run fuzz` runs 100,000
 * (`PLANLINT_FUZZ_RUNS`, split between the two files) with a random seed it prints;
 * `PLANLINT_FUZZ_SEED=<seed> npm run fuzz` replays a run.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';
import { analyze, applyEdits, defaultConfig, fixText, LineIndex, selectEdits, type Analysis, type AnalyzeOptions, type Finding, type Fix, type Span, type TextEdit } from '../../server/src/core/index.js';
import { parseDocument } from '../../server/src/core/parse.js';
import { scanSections } from '../../server/src/core/section-scan.js';
import { detectLineEnding } from '../../server/src/core/text.js';

const config = defaultConfig();
/** Cases of a fuzz run (`npm run fuzz` sets it), 0 in the normal test run. */
export const FUZZ_RUNS = Number(process.env.PLANLINT_FUZZ_RUNS ?? 0);
export const fuzzing = FUZZ_RUNS > 0;
/** The run's seed: `PLANLINT_FUZZ_SEED`, else fixed in the normal run and random when fuzzing. */
export const SEED = process.env.PLANLINT_FUZZ_SEED !== undefined ? Number(process.env.PLANLINT_FUZZ_SEED) : fuzzing ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0 : 20_261_204;
/** Cases of one property: `normal` in the normal run, `share` of a fuzz run. */
export const runs = (normal: number, share: number): number => (fuzzing ? Math.max(1, Math.round(FUZZ_RUNS * share)) : normal);
/** A test's timeout: the normal run is bounded by its case counts, a fuzz run by nothing. */
export const timeout = fuzzing ? 24 * 3_600_000 : 300_000;

/** Everything an analysis says, as test/incremental.test.ts compares it. */
function fingerprint(a: Analysis): string {
  return JSON.stringify({ root: a.document?.root, findings: a.findings, score: a.score, isPlan: a.isPlan, stages: a.plan?.stages.map((s) => [s.title, s.start, s.end]) });
}

/** Lines of `text` with their line endings (`\r\n`, `\n`, `\r`); the last may have none. */
function linesOf(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$/g) ?? [];
}

/** Why `span` does not lie inside the document of `lines`, or undefined. */
function outside(lines: LineIndex, span: Span, what: string): string | undefined {
  for (const p of [span.start, span.end]) {
    if (p.offset < 0 || p.offset > lines.text.length) return `${what}: offset ${p.offset} outside 0..${lines.text.length}`;
    if (p.line < 1 || p.line > lines.lineCount) return `${what}: line ${p.line} outside 1..${lines.lineCount}`;
    const length = lines.lineEnd(p.line) - lines.lineStart(p.line);
    if (p.column < 1 || p.column > length + 1) return `${what}: column ${p.column} outside 1..${length + 1} of line ${p.line}`;
    const at = lines.point(p.offset);
    if (at.line !== p.line || at.column !== p.column) return `${what}: offset ${p.offset} is ${at.line}:${at.column}, not ${p.line}:${p.column}`;
  }
  if (span.end.offset < span.start.offset) return `${what}: ends before it starts`;
  return undefined;
}

function editOutside(text: string, e: TextEdit, what: string): string | undefined {
  if (!(e.start >= 0 && e.start <= e.end && e.end <= text.length)) return `${what}: edit ${e.start}-${e.end} outside 0..${text.length}`;
  return undefined;
}

/** Counts of each line ending kind in `text`. */
function lineEndings(text: string): Record<string, number> {
  const counts: Record<string, number> = { '\n': 0, '\r\n': 0, '\r': 0 };
  for (const m of text.match(/\r\n|\n|\r/g) ?? []) counts[m]!++;
  return counts;
}

/**
 * Why `fixed` is not `text` with lines inserted, or undefined: every original line, with its
 * line ending (trailing spaces and all), appears in order (a last line without one may gain
 * one), the BOM is kept, and only the document's own line ending is added.
 */
export function notAnInsertion(text: string, fixed: string, what: string): string | undefined {
  if (text.startsWith('\uFEFF') !== fixed.startsWith('\uFEFF')) return `${what}: BOM changed`;
  const eol = detectLineEnding(text);
  const before = lineEndings(text);
  const after = lineEndings(fixed);
  // Inserted lines end with the document's line ending; next to a lone CR (which an LF would
  // join into a CRLF) with that line's ending, a kind the document already has.
  for (const kind of Object.keys(before)) {
    if (kind !== eol && after[kind] !== before[kind] && before[kind] === 0) return `${what}: adds ${JSON.stringify(kind)} line endings to a document whose line ending is ${JSON.stringify(eol)}`;
  }
  const original = linesOf(text);
  const out = linesOf(fixed);
  let j = 0;
  for (let i = 0; i < original.length; i++) {
    const line = original[i]!;
    const last = i === original.length - 1 && !/[\r\n]$/.test(line);
    while (j < out.length && !(out[j] === line || (last && out[j]!.replace(/(?:\r\n|\n|\r)$/, '') === line))) j++;
    if (j === out.length) return `${what}: original line ${i + 1} ${JSON.stringify(line.slice(0, 120))} is not kept in place`;
    j++;
  }
  return undefined;
}

/** Why applying `edits` to `text` breaks a fix invariant, or undefined. */
function badFix(text: string, edits: TextEdit[], what: string): string | undefined {
  for (const e of edits) if (e.start !== e.end) return `${what}: replaces text ${JSON.stringify(text.slice(e.start, e.end))}`;
  const { text: fixed, skipped } = applyEdits(text, edits);
  if (skipped.length > 0) return `${what}: ${skipped.length} edits skipped`;
  return notAnInsertion(text, fixed, what);
}

/** Checks every property on `text`; `base` is an earlier version for the incremental comparison. */
let checked = 0;

export function checkDocument(text: string, base: string): void {
  // A fuzz run's test blocks its worker for its whole length, so progress goes to a file.
  if (fuzzing && ++checked % 1_000 === 0 && process.env.PLANLINT_FUZZ_PROGRESS) {
    appendFileSync(process.env.PLANLINT_FUZZ_PROGRESS, `${new Date().toISOString()} pid ${process.pid}: ${checked} cases checked\n`);
  }
  // PLANLINT_FUZZ_CAPTURE keeps the case being checked in a file, so a case that hangs can be
  // replayed (a hang never reaches fast-check's report).
  if (process.env.PLANLINT_FUZZ_CAPTURE) writeFileSync(`${process.env.PLANLINT_FUZZ_CAPTURE}.${process.pid}`, text);
  const full = analyze(text, config, { force: true });
  // (a) nothing failed: no rule or model pass threw, the document was read.
  expect(full.problems.filter((p) => p.severity !== 'info')).toEqual([]);
  expect(full.plan).toBeDefined();
  // (b) every range lies inside the document.
  const lines = new LineIndex(text);
  const problems: string[] = [];
  for (const f of full.findings) {
    const id = `${f.ruleId} at ${f.span.start.line}:${f.span.start.column}`;
    const p = outside(lines, f.span, id) ?? f.related?.map((r) => outside(lines, r.span, `${id} related`)).find(Boolean);
    if (p) problems.push(p);
    for (const fix of [...(f.fix ? [f.fix] : []), ...(f.suggestions ?? [])]) {
      const e = fix.edits.map((x) => editOutside(text, x, `${id} ${fix.title}`)).find(Boolean) ?? badFix(text, fix.edits, `${id} ${fix.title}`);
      if (e) problems.push(e);
    }
  }
  expect(problems).toEqual([]);
  // (c) incremental analysis equals full analysis.
  const previous = analyze(base, config, { force: true });
  const incremental = analyze(text, config, { force: true, previous: previous.document });
  expect(fingerprint(incremental)).toBe(fingerprint(full));
  // (c') a section parsed in pieces, cut at every chunk break, gives the tree of the section parsed whole.
  if (text.length <= 20_000 && scanSections(text, true, 0).breaks.length > 0) {
    expect(JSON.stringify(parseDocument(text, undefined, 0).root)).toBe(JSON.stringify(parseDocument(text, undefined, Number.MAX_SAFE_INTEGER).root));
  }
  // (d) --fix keeps every line, and fixing its result again changes nothing.
  if (full.findings.some((f) => f.fix)) {
    const fixed = fixText(text, config, { force: true });
    expect(notAnInsertion(text, fixed.text, '--fix')).toBeUndefined();
    expect(fixed.analysis.findings.filter((f) => f.fix).map((f) => `${f.ruleId} ${f.span.start.line}: ${f.fix!.title}`)).toEqual([]);
  }
  // (e) a document the quick screen skips is one the full analysis finds no plan in, with no findings.
  const screened = analyze(text, config, { screen: true });
  if (screened.plan === undefined) {
    const unforced = analyze(text, config);
    expect({ kind: unforced.kind, isPlan: unforced.isPlan, findings: unforced.findings.length }).toEqual({ kind: screened.kind, isPlan: false, findings: 0 });
  }
}

/** A small edit of `text` (delete or duplicate a chunk), the earlier version in incremental checks. */
export function earlier(text: string, at: number, length: number): string {
  const start = Math.floor(at * text.length);
  return length % 2 ? text.slice(0, start) + text.slice(start + length) : text.slice(0, start) + text.slice(start, start + length) + text.slice(start);
}

export const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });


/** A suggestion with slots (a snippet): left at its defaults it must read as unfilled. */
const slotted = (s: Fix) => s.edits.some((e) => e.snippet !== undefined);

/** Each slotted suggestion of `findings` as its own candidate, the finding's place and rule kept (for {@link selectEdits}). */
function slottedCandidates(findings: readonly Finding[]): Finding[] {
  return findings.flatMap((f) => (f.suggestions ?? []).filter(slotted).map((s) => ({ ...f, fix: s })));
}

/** What {@link checkSuggestions} looked at: suggestions applied one by one, and whether a set was applied. */
export interface SuggestionCheck {
  single: number;
  set: boolean;
}

/**
 * Checks the suggestions of `text` (spec v2, "Fixes and suggestions"): each one, applied alone,
 * keeps every original line in order with its line ending and the BOM, and (when it has slots,
 * left at their defaults) keeps its finding open and does not raise the score; all slotted
 * suggestions applied together (ordered by {@link selectEdits}) keep every line, do not raise
 * the score, add no status contradiction, and are not offered again, so a second application of
 * the same set changes nothing. At most `maxSingle` suggestions are applied one by one.
 *
 * @returns problems found (empty when all hold) and what was checked
 */
export function checkSuggestions(text: string, options: AnalyzeOptions = {}, maxSingle = 12): { problems: string[]; checked: SuggestionCheck } {
  const problems: string[] = [];
  const before = analyze(text, config, options);
  const score = before.score?.total ?? 0;
  const contradictions = (a: Analysis) => a.findings.filter((f) => f.ruleId === 'status-contradiction').length;
  let single = 0;
  for (const f of before.findings) {
    for (const s of f.suggestions ?? []) {
      if (single >= maxSingle) break;
      single++;
      const what = `${f.ruleId} at ${f.span.start.line}: ${s.title}`;
      const applied = applyEdits(text, s.edits).text;
      const bad = notAnInsertion(text, applied, what);
      if (bad) problems.push(bad);
      if (!slotted(s)) continue;
      const after = analyze(applied, config, options);
      const lines = new Set([f.span.start.line, ...(f.related ?? []).map((r) => r.span.start.line)]);
      if (!after.findings.some((x) => x.ruleId === f.ruleId && lines.has(x.span.start.line))) problems.push(`${what}: left unfilled, the finding is closed`);
      if ((after.score?.total ?? 0) > score) problems.push(`${what}: left unfilled, the score rises ${score} → ${after.score?.total}`);
    }
  }
  const candidates = slottedCandidates(before.findings);
  if (candidates.length === 0) return { problems, checked: { single, set: false } };
  const { edits } = selectEdits(candidates, (f) => f.fix);
  const once = applyEdits(text, edits).text;
  const bad = notAnInsertion(text, once, 'every suggestion');
  if (bad) problems.push(bad);
  const after = analyze(once, config, options);
  if ((after.score?.total ?? 0) > score) problems.push(`every suggestion left unfilled raises the score ${score} → ${after.score?.total}`);
  if (contradictions(after) > contradictions(before)) problems.push('every suggestion adds a status contradiction');
  const titles = new Set(candidates.map((c) => c.fix!.title));
  const again = slottedCandidates(after.findings).filter((c) => titles.has(c.fix!.title));
  const twice = applyEdits(once, selectEdits(again, (f) => f.fix).edits).text;
  if (twice !== once) problems.push(`a second application changes the text (${again.map((c) => c.fix!.title).join('; ')})`);
  return { problems, checked: { single, set: true } };
}
