import type { Nodes } from 'mdast';
import type { Span } from '../text.js';
import { spanOf } from './mdast.js';
import type { Evidence } from './plan.js';

/** What a fact says about the place it stands in: stages take the first fact of each kind in them. */
export type FactKind = 'dod' | 'dodTbd' | 'tests' | 'testsTbd' | 'rollbackTbd' | 'publish' | 'rollback' | 'health' | 'owner' | 'estimate' | 'status' | 'production' | 'change';

/** One piece of evidence found in the document: a heading, label, phrase, command or table column. */
export interface Fact extends Evidence {
  kind: FactKind;
  /** 0-based offset of the fact's start (`span.start.offset`). */
  offset: number;
  /** Set on heading facts: the heading's section end (0-based offset). */
  sectionEnd?: number;
  fromHeading?: boolean;
  /** Set on facts said by a heading or a label (not in passing): explicit evidence wins over mentions. */
  explicit?: boolean;
}

/** Facts by kind, each list in the order found (sorted by offset once merged, see {@link mergeFacts}). */
export type FactMap = Map<FactKind, Fact[]>;

/** Appends a fact of `kind` at `node` (an mdast node or a span) to `sink`. */
export function addFact(sink: FactMap, kind: FactKind, node: Nodes | Span, text: string, extra: Partial<Fact> = {}): void {
  const span = 'start' in node && 'end' in node && !('type' in node) ? node : spanOf(node as Nodes);
  const list = sink.get(kind) ?? [];
  list.push({ kind, span, text, offset: span.start.offset, ...extra });
  sink.set(kind, list);
}

/**
 * All facts: heading facts, then the sections' facts, each kind's list sorted by offset (a
 * stable sort: at equal offsets heading facts come first).
 */
export function mergeFacts(fromHeadings: FactMap, fromSections: FactMap): FactMap {
  const facts: FactMap = new Map();
  for (const [kind, list] of fromHeadings) facts.set(kind, [...list]);
  for (const [kind, list] of fromSections) {
    const into = facts.get(kind);
    if (into) for (const f of list) into.push(f);
    else facts.set(kind, [...list]);
  }
  for (const list of facts.values()) list.sort((a, b) => a.offset - b.offset);
  return facts;
}

/** Index of the first fact at or after `offset` in a list sorted by offset. */
function lowerBound(list: Fact[], offset: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.offset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first fact of `kind` in the 0-based offsets `[start, end)` of merged `facts`. */
export function firstIn(facts: FactMap, kind: FactKind, start: number, end: number): Fact | undefined {
  const list = facts.get(kind) ?? [];
  const f = list[lowerBound(list, start)];
  return f && f.offset < end ? f : undefined;
}
