/**
 * The properties every analysis must have, checked by test/property-*.test.ts on generated and
 * mutated documents (fast-check): analysis never fails, every range lies inside the document,
 * incremental analysis equals full analysis, and every fix inserts only, keeps every original
 * line, line ending and BOM, and converges; a long section parsed in pieces gives the tree of
 * one parse.
 *
 * The normal test run checks a few thousand cases with a fixed seed. `npm run fuzz` runs 100,000
 * (`PLANLINT_FUZZ_RUNS`, split between the two files) with a random seed it prints;
 * `PLANLINT_FUZZ_SEED=<seed> npm run fuzz` replays a run.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';
import { analyze, applyEdits, defaultConfig, fixText, LineIndex, type Analysis, type Span, type TextEdit } from '../../server/src/core/index.js';
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
function notAnInsertion(text: string, fixed: string, what: string): string | undefined {
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
}

/** A small edit of `text` (delete or duplicate a chunk), the earlier version in incremental checks. */
export function earlier(text: string, at: number, length: number): string {
  const start = Math.floor(at * text.length);
  return length % 2 ? text.slice(0, start) + text.slice(start + length) : text.slice(0, start) + text.slice(start, start + length) + text.slice(start);
}

export const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

