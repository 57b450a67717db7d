// Parsing a piece of a document (a section, or part of a long one) into top-level mdast nodes
// in document coordinates, and joining the pieces a long section is cut into. Pure.
import type { Root, RootContent } from 'mdast';
import { capNesting, MAX_NESTING } from './nesting.js';
import { longOpenBracket, OPEN_BRACKET_LIMIT } from './open-brackets.js';
import { gfmNeeds, processorFor } from './parse-processor.js';
import { fillPositions, type Positioned } from './positions.js';
import type { ChunkBreak } from './section-scan.js';
import type { LineIndex } from './text.js';

/** Top-level nodes of a parsed piece of a section, and why part of it was read as plain text. */
export interface Piece {
  nodes: RootContent[];
  limited?: string;
  limitedLine?: number;
  /** With a table prefix: the body rows of the table the piece starts with. */
  rows?: RootContent[];
}

/**
 * Parses `[from, to)` of `text`, with `appended` (link definitions) after it and, for a piece
 * of table rows, the table's header and delimiter rows (`prefix`, document offsets) before it.
 * Positions are document coordinates; nodes of the prefix and of `appended` are dropped.
 */
export function parsePiece(text: string, from: number, to: number, lines: LineIndex, appended: string, prefix?: [number, number]): Piece {
  const own = text.slice(from, to);
  const head = prefix ? text.slice(prefix[0], prefix[1]) : '';
  const capped = capNesting(own);
  const input = head + capped.text + appended;
  // The parser drops one leading byte order mark and counts offsets after it.
  const bom = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  let limited: string | undefined;
  let limitedLine: number | undefined;
  let tree: Root;
  const open = longOpenBracket(capped.text);
  try {
    tree = processorFor(gfmNeeds(input, open < 0)).parse(input) as Root;
  } catch (error) {
    if (prefix) return { nodes: [], limited: 'unparsed' };
    tree = fallbackTree(own.slice(bom), bom ? '' : capped.text);
    fillAndShift(tree, own.slice(bom), from + bom, lines);
    limitedLine = lines.point(from).line;
    limited = `line ${limitedLine} onwards could not be parsed (${error instanceof Error ? error.message : String(error)}) and was read as plain text`;
    return { nodes: tree.children, limited, limitedLine };
  }
  if (capped.firstCut >= 0) {
    limitedLine = lines.point(from + capped.firstCut).line;
    limited = `nesting deeper than ${MAX_NESTING} levels on line ${limitedLine} was read as plain text`;
  } else if (open >= 0) {
    limitedLine = lines.point(from + open).line;
    limited = `bare URLs and e-mail addresses from line ${lines.point(from).line} on were read as plain text, because a "[" on line ${limitedLine} stays open for more than ${OPEN_BRACKET_LIMIT} characters`;
  }
  let rows: RootContent[] | undefined;
  if (prefix) {
    const table = tree.children[0];
    if (table?.type !== 'table' || table.children.length < 1) return { nodes: [], limited: 'unparsed' };
    rows = table.children.slice(1);
    tree.children.shift();
  }
  // Offsets in `input` past the prefix are offsets in the document less `from - head.length`.
  fillAndShift(tree, input.slice(bom), from + bom - head.length, lines);
  if (rows) fillAndShift({ children: rows }, input, from - head.length, lines);
  const nodes = appended ? tree.children.filter((n) => (n.position?.start.offset ?? 0) < to) : tree.children;
  return { nodes, ...(limited ? { limited, limitedLine } : {}), ...(rows ? { rows } : {}) };
}

/**
 * Parses a section in pieces cut at `breaks` (see {@link ChunkBreak}) and joins them into the
 * nodes one parse of the whole section gives: the list or table a break cuts is one node again.
 * `undefined` when a piece does not join as the break promised (or was read as plain text):
 * the caller then parses the section whole.
 */
export function parsePieces(text: string, start: number, end: number, lines: LineIndex, appended: string, breaks: readonly ChunkBreak[]): Piece | undefined {
  const nodes: RootContent[] = [];
  for (let i = 0; i <= breaks.length; i++) {
    const cut = breaks[i - 1];
    const from = cut ? cut.offset : start;
    const to = i < breaks.length ? breaks[i]!.offset : end;
    const piece = parsePiece(text, from, to, lines, appended, cut?.kind === 'row' ? cut.prefix : undefined);
    if (piece.limited) return undefined;
    const last = nodes[nodes.length - 1];
    const first = piece.nodes[0];
    if (cut?.kind === 'row') {
      if (last?.type !== 'table' || !piece.rows?.length) return undefined;
      last.children.push(...(piece.rows as typeof last.children));
      // A copy: a point two nodes shared would be moved twice when the section is reused at a new offset.
      last.position!.end = { ...piece.rows[piece.rows.length - 1]!.position!.end };
    } else if (cut?.kind === 'item') {
      if (last?.type !== 'list' || first?.type !== 'list' || last.ordered || first.ordered || first.position?.start.offset !== from) return undefined;
      last.children.push(...first.children);
      last.position!.end = { ...first.position.end };
      last.spread = !!(last.spread || first.spread);
      piece.nodes.shift();
    } else if (cut?.kind === 'block') {
      if (first?.type !== 'html' || first.position?.start.offset !== from) return undefined;
    }
    nodes.push(...piece.nodes);
  }
  return { nodes };
}

/** A section the parser failed on: its first line parsed alone (a heading, usually), the rest one code block. */
function fallbackTree(own: string, capped: string): Root {
  const nl = own.search(/\r?\n|\r/);
  const firstEnd = nl < 0 ? own.length : nl;
  const point = (offset: number) => ({ line: 1, column: 1, offset });
  let head: RootContent[] = [];
  try {
    const first = capped.slice(0, firstEnd);
    head = (processorFor(gfmNeeds(first)).parse(first) as Root).children.filter((n) => n.type === 'heading' || n.type === 'paragraph');
  } catch {
    head = [];
  }
  const restStart = nl < 0 ? own.length : nl + (own.startsWith('\r\n', nl) ? 2 : 1);
  const rest: RootContent[] = restStart < own.length ? [{ type: 'code', lang: null, meta: null, value: own.slice(restStart), position: { start: point(restStart), end: point(own.length) } }] : [];
  return { type: 'root', children: [...head, ...rest], position: { start: point(0), end: point(own.length) } };
}

/**
 * Fills missing positions (see {@link fillPositions}) and moves every node of `tree` from
 * offsets in `source` to document coordinates (`by` added), recomputing lines and columns.
 * Iterative, so any depth of tree is fine.
 */
function fillAndShift(tree: Positioned, source: string, by: number, lines: LineIndex): void {
  // The parser's own point objects are rewritten in place rather than replaced: they are the
  // ones the tree keeps, so a parse leaves no second set of positions behind as garbage. Offsets
  // are all read before any is written, so a point object two nodes shared would still be right.
  const points: Array<{ line: number; column: number; offset?: number | undefined }> = [];
  const offsets: number[] = [];
  const parents: Positioned[] = [];
  const stack: Positioned[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    fillPositions(node, source);
    const p = node.position;
    if (p) {
      if (node !== tree && node.children && node.children.length > 0) parents.push(node);
      const s = p.start.offset ?? 0;
      points.push(p.start, p.end);
      offsets.push(s, p.end.offset ?? s);
    }
    const children = node.children;
    if (children) {
      // The parser grows every children array by `push`, so a node with one child keeps room
      // for 17 (152 bytes instead of 24); a copy has the exact length. Kept for the document's
      // life, that room was a sixth of an analysis's live heap.
      if (children.length > 0 && node !== tree) node.children = children.slice();
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Positioned);
    }
  }
  for (let i = 0; i < points.length; i++) lines.place(offsets[i]! + by, points[i]!);
  sharePoints(parents);
}

/**
 * Makes a node start with the very point object of its first child when both start at the same
 * offset, and end with its last child's end point when both end there (a paragraph and its text,
 * a list and its first item): a point is 48 bytes and about half of a tree's points repeat their
 * child's. `nodes` are in pre-order, so children are done before their parent and a chain
 * (list, item, paragraph, text) shares one object. Only a parent and its first or last child
 * share a point, which is what `moveSection` relies on to move each point once.
 */
function sharePoints(nodes: readonly Positioned[]): void {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    const p = node.position!;
    const children = node.children as Positioned[];
    const first = children[0]!.position;
    const last = children[children.length - 1]!.position;
    if (first && first.start.offset === p.start.offset) p.start = first.start;
    if (last && last.end.offset === p.end.offset) p.end = last.end;
  }
}

