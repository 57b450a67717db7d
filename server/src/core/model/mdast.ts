import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { LineIndex, Span } from '../text.js';

/**
 * The source span of an mdast node: 1-based lines, 1-based UTF-16 columns, 0-based offsets
 * (an offset the parser did not set reads as 0). The node must have a position.
 */
export function spanOf(node: Nodes): Span {
  const p = node.position!;
  return {
    start: { line: p.start.line, column: p.start.column, offset: p.start.offset ?? 0 },
    end: { line: p.end.line, column: p.end.column, offset: p.end.offset ?? 0 },
  };
}

/** The text of a node and its descendants, without HTML and image alt text. */
export function plain(node: Nodes): string {
  return toString(node, { includeHtml: false, includeImageAlt: false });
}

/** Called on each node of a {@link visit}; returns false to skip the node's children. */
export type Visitor = (node: Nodes) => boolean;

/** Depth-first, pre-order walk of `node` and its descendants. */
export function visit(node: Nodes | Root, fn: Visitor): void {
  if (!fn(node as Nodes)) return;
  if ('children' in node) for (const child of node.children as Nodes[]) visit(child, fn);
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

/** The first match of `p` in `s` (or `s` itself when none), cut to 80 characters. */
export function firstMatch(p: RegExp, s: string): string {
  return (new RegExp(p.source, p.flags.replace('g', '')).exec(s)?.[0] ?? s).slice(0, 80);
}
