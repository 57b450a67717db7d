import type { Plan } from '../model/plan.js';

/** A piece of code the plan shows: the text of an inline code span, or one line of a code block. */
export interface CodeSegment {
  text: string;
  /** 0-based offset of the segment's first character. */
  offset: number;
}

/** An inline code span on one line (one or two backticks). */
const INLINE_CODE = /(`{1,2})([^`\r\n]+?)\1(?!`)/g;

/**
 * The code in `[start, end)` of the plan (0-based offsets), in document order: every line of a
 * fenced or indented code block (fence lines, comment lines and shell prompts `$ ` left out) and every inline
 * code span outside code blocks. Lines in an unclosed fence count as code.
 */
export function codeSegments(plan: Plan, start = 0, end = plan.text.length): CodeSegment[] {
  const { lines, codeRanges } = plan;
  const out: CodeSegment[] = [];
  const first = lines.point(start).line;
  const last = lines.point(Math.max(start, end - 1)).line;
  let range = firstRangeEndingAfter(codeRanges, lines.lineStart(first));
  for (let line = first; line <= last; line++) {
    const at = lines.lineStart(line);
    const text = lines.lineText(line);
    while (range < codeRanges.length && codeRanges[range]![1] <= at) range++;
    const inBlock = range < codeRanges.length && codeRanges[range]![0] <= at;
    if (inBlock || (plan.unclosedBlock !== undefined && at > plan.unclosedBlock)) {
      if (/^\s*(?:`{3,}|~{3,}|#|\/\/)/.test(text)) continue;
      const prompt = /^\s*(?:[$>]\s+)?/.exec(text)![0];
      const body = text.slice(prompt.length).trimEnd();
      if (body !== '') out.push({ text: body, offset: at + prompt.length });
      continue;
    }
    for (const m of text.matchAll(INLINE_CODE)) out.push({ text: m[2]!.trim(), offset: at + (m.index ?? 0) + m[1]!.length });
  }
  return out;
}

/** Index of the first of the sorted, disjoint `ranges` that ends after the 0-based `offset` (a binary search). */
export function firstRangeEndingAfter(ranges: ReadonlyArray<readonly [number, number]>, offset: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]![1] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The most frequent of `items` by `key`, the first seen on a tie; `undefined` when there are none. */
export function mostFrequent<T>(items: readonly T[], key: (item: T) => string): T | undefined {
  const counts = new Map<string, { item: T; count: number }>();
  for (const item of items) {
    const k = key(item);
    const entry = counts.get(k);
    if (entry) entry.count++;
    else counts.set(k, { item, count: 1 });
  }
  let best: { item: T; count: number } | undefined;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best?.item;
}
