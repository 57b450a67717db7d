// Positions for the nodes the parser leaves without one (remark-gfm's autolink literals).
import type { Root } from 'mdast';

export type Positioned = { position?: Root['position']; children?: unknown[]; value?: unknown };

/**
 * Gives every node without a position one, in place. remark-gfm's autolink literal transform
 * (`www.`, bare URLs and e-mail addresses next to brackets) replaces a text node with text and
 * link nodes that have none. A run of such siblings lies between its positioned neighbours (or
 * its parent's bounds): each text-like node gets the span of its value, found in order in
 * `source`; a node with children spans its children; a node whose value is not found gets an
 * empty span where the previous one ended. Offsets are those of `source`, the parsed string.
 */
export function fillPositions(parent: Positioned, source: string): void {
  const children = parent.children as Positioned[] | undefined;
  if (!children || children.every((c) => c.position)) return;
  const pStart = parent.position?.start.offset ?? 0;
  const pEnd = parent.position?.end.offset ?? source.length;
  for (let i = 0; i < children.length; i++) {
    if (children[i]!.position) continue;
    let j = i;
    while (j < children.length && !children[j]!.position) j++;
    const lo = i > 0 ? (children[i - 1]!.position!.end.offset ?? pStart) : pStart;
    const hi = j < children.length ? (children[j]!.position!.start.offset ?? pEnd) : pEnd;
    placeRun(children.slice(i, j), source, lo, Math.max(lo, hi));
    i = j;
  }
}

/**
 * Places unpositioned `nodes` in order within `[lo, hi)` of `source` (see {@link fillPositions});
 * a node whose value is not found (escaped or an entity in the source) spans up to the next node
 * placed. Returns where the last node ended.
 */
function placeRun(nodes: Positioned[], source: string, lo: number, hi: number): number {
  let cursor = lo;
  let unfound: Positioned | undefined;
  const at = (offset: number) => ({ line: 1, column: 1, offset });
  for (const node of nodes) {
    let start = cursor;
    let end = cursor;
    if (node.children && node.children.length > 0) {
      const kids = node.children as Positioned[];
      placeRun(kids.filter((c) => !c.position), source, cursor, hi);
      start = Math.min(...kids.map((c) => c.position!.start.offset ?? cursor));
      end = Math.max(...kids.map((c) => c.position!.end.offset ?? cursor));
    } else if (typeof node.value === 'string' && node.value.length > 0) {
      const found = source.indexOf(node.value, cursor);
      if (found >= 0 && found + node.value.length <= hi) {
        start = found;
        end = found + node.value.length;
      } else {
        unfound = node;
      }
    }
    if (unfound && unfound !== node) {
      unfound.position!.end.offset = Math.max(unfound.position!.start.offset!, start);
      unfound = undefined;
    }
    node.position = { start: at(start), end: at(end) };
    cursor = Math.max(cursor, end);
  }
  if (unfound) unfound.position!.end.offset = Math.max(unfound.position!.start.offset!, hi);
  return cursor;
}
