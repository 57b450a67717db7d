// The GFM autolink literal tree extension, with its transform run only on the blocks whose text
// it can change. Pure.
//
// mdast-util-gfm-autolink-literal finds bare URLs and e-mail addresses in text nodes after the
// tree is built: four find-and-replace passes, each visiting every node of the tree with its
// ancestors. Each of its four patterns needs `http`, `www` (either in any case) or `@` in the
// value of a text node that has no link or link reference above it, and what it does to the
// text of one paragraph, heading or table cell depends on that block alone. So the transform is
// run on each such block that has a candidate text node, and the others are left as they are:
// the same tree, for a small part of the visits on a typical plan, where most URLs are the
// destinations of written links and the syntax extension has already made links of bare URLs.
import type { Nodes, Root } from 'mdast';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';

/** What a text node's value needs for any of the transform's patterns to match. */
const MARKER = /@|www|http/i;

/** A text node with {@link MARKER} in `block` or below it, outside links and link references (an iterative walk: any depth). */
function hasCandidateText(block: Nodes): boolean {
  const stack: Nodes[] = [block];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'text') {
      if (MARKER.test(node.value)) return true;
    } else if (node.type !== 'link' && node.type !== 'linkReference' && 'children' in node) {
      for (const child of node.children) stack.push(child);
    }
  }
  return false;
}

/** Blocks that hold other blocks and no text of their own; text is in paragraphs, headings and table cells. */
const CONTAINERS = new Set(['blockquote', 'list', 'listItem', 'table', 'tableRow', 'footnoteDefinition']);

/**
 * Calls `transform` on each block of `tree` whose children are phrasing content (a paragraph,
 * a heading, a table cell) and that holds a candidate text node; another kind of node (from an
 * extension) is handed to `transform` whole when it holds one.
 */
function eachCandidateBlock(tree: Root, transform: (node: Nodes) => void): void {
  const stack: Nodes[] = [...tree.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (CONTAINERS.has(node.type) && 'children' in node) {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    } else if ('children' in node && hasCandidateText(node)) {
      transform(node);
    }
  }
}

/**
 * mdast-util-gfm-autolink-literal's `gfmAutolinkLiteralFromMarkdown()`, with each transform
 * applied to the blocks that hold a candidate text node instead of to the whole tree. The tree
 * it gives is the same: test/parse-processor.test.ts compares it with remark-gfm's.
 *
 * @returns a from-markdown extension (`enter`, `exit` and `transforms`)
 */
export function autolinkLiteralFromMarkdown(): ReturnType<typeof gfmAutolinkLiteralFromMarkdown> {
  const extension = gfmAutolinkLiteralFromMarkdown();
  const transforms = (extension.transforms ?? []).map((transform) => (tree: Root): undefined => {
    eachCandidateBlock(tree, (node) => transform(node as unknown as Root));
  });
  return { ...extension, transforms };
}
