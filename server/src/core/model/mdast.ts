import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { LineIndex, Span } from '../text.js';

/** The span of a node without a position: the start of the document, empty. */
const NOWHERE: Span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/**
 * The source span of an mdast node: 1-based lines, 1-based UTF-16 columns, 0-based offsets
 * (an offset the parser did not set reads as 0). `parseDocument` gives every node a position;
 * a node without one (built by hand) reads as an empty span at the start of the document.
 */
export function spanOf(node: Nodes): Span {
  const p = node.position;
  if (!p) return { start: { ...NOWHERE.start }, end: { ...NOWHERE.end } };
  return {
    start: { line: p.start.line, column: p.start.column, offset: p.start.offset ?? 0 },
    end: { line: p.end.line, column: p.end.column, offset: p.end.offset ?? 0 },
  };
}

/** The 0-based start offset of a node, as {@link spanOf} gives it (0 without a position), without building a span. */
export function startOf(node: Nodes): number {
  return node.position?.start.offset ?? 0;
}

/** The 0-based end offset of a node, as {@link spanOf} gives it (0 without a position), without building a span. */
export function endOf(node: Nodes): number {
  return node.position?.end.offset ?? 0;
}

/** The memo tables filled during the current {@link withNodeMemo} call; undefined outside one. */
let filled: Array<Map<Nodes, unknown>> | undefined;

/**
 * `fn` remembering its result per node while a {@link withNodeMemo} call runs (outside one it
 * computes every time). `fn` must read only the node's text and children, never its position,
 * and its result must not be changed by callers: every caller in the build shares it.
 *
 * @param fn a pure function of a node's content
 */
export function memoized<T>(fn: (node: Nodes) => T): (node: Nodes) => T {
  const table = new Map<Nodes, T>();
  return (node) => {
    if (filled === undefined) return fn(node);
    const known = table.get(node);
    if (known !== undefined || table.has(node)) return known as T;
    if (table.size === 0) filled.push(table);
    const value = fn(node);
    table.set(node, value);
    return value;
  };
}

/**
 * Runs `run` with {@link memoized} functions remembering their results, so passes that read the
 * same node (a heading's cleaned text) share one computation. The memo lives only
 * for this call (a nested call shares the outer one): nodes do not change during a build, and
 * nothing is remembered across builds, so an edit that replaces or reuses a node can never read
 * a stale result.
 *
 * @param run the work to do; its result is returned, and what it throws is rethrown
 */
export function withNodeMemo<T>(run: () => T): T {
  if (filled !== undefined) return run();
  const tables: Array<Map<Nodes, unknown>> = (filled = []);
  try {
    return run();
  } finally {
    filled = undefined;
    for (const table of tables) table.clear();
    lastNode = priorNode = undefined;
    lastText = priorText = '';
  }
}

const TO_STRING = { includeHtml: false, includeImageAlt: false } as const;

/** The two parent nodes whose text {@link plain} gave last in the current build, and their texts. */
let lastNode: Nodes | undefined;
let lastText = '';
let priorNode: Nodes | undefined;
let priorText = '';

/**
 * The text of a node and its descendants, without HTML and image alt text. Within a
 * {@link withNodeMemo} call the texts of the last two parent nodes asked for are kept: the
 * passes over one paragraph (slot, step, labels, dependencies) ask for the same text in turn. A
 * memo of every paragraph's text kept for a whole build cost the garbage collector what it saved.
 */
export function plain(node: Nodes): string {
  if (filled === undefined || !('children' in node)) return toString(node, TO_STRING);
  if (node === lastNode) return lastText;
  if (node === priorNode) return priorText;
  const text = toString(node, TO_STRING);
  priorNode = lastNode;
  priorText = lastText;
  lastNode = node;
  lastText = text;
  return text;
}

/** Called on each node of a {@link visit}; returns false to skip the node's children. */
export type Visitor = (node: Nodes) => boolean;

/** Depth-first, pre-order walk of `node` and its descendants. Iterative: any depth of tree is fine. */
export function visit(node: Nodes | Root, fn: Visitor): void {
  const stack: Array<Nodes | Root> = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (!fn(n as Nodes)) continue;
    if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as Nodes);
  }
}

/** Whether `node` or a descendant is inline code. */
export function hasInlineCode(node: Nodes): boolean {
  let found = false;
  visit(node, (n) => {
    if (n.type === 'inlineCode') found = true;
    return !found;
  });
  return found;
}

/** The part of `span` on its first line (from its start to that line's end or its own end). */
export function firstLineSpan(lines: LineIndex, span: Span): Span {
  const end = Math.min(lines.lineEnd(span.start.line), span.end.offset);
  return { start: span.start, end: lines.point(Math.max(end, span.start.offset)) };
}

/**
 * The whole line, within `span`, holding the character at `index` (a 0-based UTF-16 index) of
 * `value`, the node's text: lines are counted by the newlines of `value` before `index`.
 */
export function lineSpanAt(lines: LineIndex, span: Span, value: string, index: number): Span {
  const line = span.start.line + (value.slice(0, index).match(/\n/g)?.length ?? 0);
  return lines.lineSpan(Math.min(line, span.end.line));
}

/** Each pattern given to {@link firstMatch}, without its `g` flag: compiled once. */
const nonGlobal = new WeakMap<RegExp, RegExp>();

/** The first match of `p` in `s` (or `s` itself when none), cut to 80 characters. */
export function firstMatch(p: RegExp, s: string): string {
  let once = nonGlobal.get(p);
  if (!once) nonGlobal.set(p, (once = new RegExp(p.source, p.flags.replace('g', ''))));
  return (once.exec(s)?.[0] ?? s).slice(0, 80);
}
