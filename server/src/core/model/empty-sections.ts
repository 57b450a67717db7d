import type { Root } from 'mdast';
import type { Heading } from './plan.js';

/**
 * Headings with no content before their section ends: no block other than headings and HTML
 * comments, and no subsection right below them.
 */
export function findEmptySections(root: Root, headings: Heading[]): Heading[] {
  const contentStarts: number[] = [];
  for (const n of root.children) {
    if (n.type === 'heading') continue;
    if (n.type === 'html' && /^\s*(?:<!--[\s\S]*?-->\s*)+$/.test(n.value)) continue;
    contentStarts.push(n.position?.start.offset ?? 0);
  }
  return headings.filter((h, i) => {
    const next = headings[i + 1];
    if (next && next.depth > h.depth && next.span.start.offset < h.sectionEnd) return false;
    let lo = 0;
    let hi = contentStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (contentStarts[mid]! <= h.span.start.offset) lo = mid + 1;
      else hi = mid;
    }
    const first = contentStarts[lo];
    return first === undefined || first >= h.sectionEnd;
  });
}
