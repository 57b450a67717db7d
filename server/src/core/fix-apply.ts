// Applying what the rules propose: choosing one edit set per finding in a stable order, and
// `--fix`'s passes over complete mechanical fixes. Pure.
import type { ResolvedConfig } from './config.js';
import { analyze, implicitDefault, type Analysis, type AnalyzeOptions } from './engine.js';
import { applyEdits } from './fix.js';
import type { Finding, Fix, TextEdit } from './rule.js';

/** Result of {@link fixText}. */
export interface FixResult {
  text: string;
  /** Number of fixes applied over all passes. */
  applied: number;
  analysis: Analysis;
}

/**
 * The edits of one fix or suggestion per finding (`pick` chooses it), leaving out any that
 * overlaps one already taken (a finding later in the document is taken first, then by rule id),
 * in the order they land when inserted at one offset: lines that continue the section first,
 * then inserted sections deepest first (a nested stage's subsection, then its parent's, then a
 * plan-level section), so that each lands in the section it belongs to. The order does not
 * depend on the order of `findings`.
 *
 * @returns the edits, for {@link applyEdits}, and how many fixes they make
 */
export function selectEdits(findings: readonly Finding[], pick: (f: Finding) => Fix | undefined): { edits: TextEdit[]; count: number } {
  const edits: TextEdit[] = [];
  const used: Array<[number, number]> = [];
  let count = 0;
  const order = [...findings].sort((a, b) => b.span.start.offset - a.span.start.offset || a.ruleId.localeCompare(b.ruleId) || a.messageId.localeCompare(b.messageId));
  for (const f of order) {
    const fix = pick(f);
    if (!fix || fix.edits.some((e) => used.some(([s, en]) => e.start < en && s < e.end))) continue;
    edits.push(...fix.edits);
    for (const e of fix.edits) used.push([e.start, e.end]);
    count++;
  }
  // A stable sort: at one offset, deeper inserts first; applyEdits keeps this order.
  const ranked = edits.map((e, i) => ({ e, i, depth: insertedDepth(e.text) }));
  ranked.sort((x, y) => x.e.start - y.e.start || y.depth - x.depth || x.i - y.i);
  return { edits: ranked.map((r) => r.e), count };
}

/** The level of the heading an insert opens with (1-6), or 7 for lines that continue a section. */
function insertedDepth(text: string): number {
  const m = /^(?:\r\n|\n|\r)*(#{1,6})[ \t]/.exec(text);
  return m ? m[1]!.length : 7;
}

/**
 * Applies every fix (not suggestions) repeatedly until none is left or 10 passes ran, like
 * ESLint's `--fix`. A fix is complete and mechanical: it inserts no placeholder text and leaves
 * nothing to fill in (section skeletons are suggestions, never applied here); while no rule
 * offers one, the text comes back unchanged. Fixes only insert, so no user text is ever
 * removed. Idempotent: fixing the result again changes nothing.
 */
export function fixText(text: string, config: ResolvedConfig = implicitDefault(), options: AnalyzeOptions = {}): FixResult {
  let current = text;
  let applied = 0;
  let analysis = analyze(current, config, options);
  for (let pass = 0; pass < 10; pass++) {
    const { edits, count } = selectEdits(analysis.findings, (f) => f.fix);
    applied += count;
    if (edits.length === 0) break;
    current = applyEdits(current, edits).text;
    analysis = analyze(current, config, options);
  }
  return { text: current, applied, analysis };
}
