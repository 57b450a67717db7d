import type { Nodes, RootContent } from 'mdast';
import { handleDeps } from './dependencies.js';
import { collectDirectives } from './directives.js';
import { collectTotals } from './estimates.js';
import { sectionKindsAt } from './headings.js';
import { expectedAfterCommand, handleLabel, labelOf, slotLabelFacts } from './labels.js';
import { handleListItem } from './lists.js';
import { endOf, plain, spanOf, startOf, visit } from './mdast.js';
import { codeBlockFacts, inlineCodeFacts, proseFacts, topLevelCodeFacts } from './phrases.js';
import { collectHtmlPlaceholders, collectPlaceholders } from './placeholders.js';
import { blockRequirements, collectIds } from './requirements.js';
import { isSlotLine } from './slots.js';
import { INHERITED_THRESHOLD } from './risks-gates.js';
import { emptyWalk, type BlockContext, type SectionWalk, type WalkContext } from './section-walk.js';
import { handleTable } from './tables.js';

/** The document context a section walk reads: everything in a {@link WalkContext} but the walk itself. */
export type WalkInputs = Omit<WalkContext, 'out' | 'inheritedThreshold'>;

/**
 * Walks one section's top-level `nodes` into a fresh {@link SectionWalk}, in three passes:
 * code blocks at any depth, then each top-level block (requirement definitions, top-level code,
 * then its labels, lists, tables, dependencies and inline text), then estimate totals.
 */
export function walkSection(inputs: WalkInputs, nodes: RootContent[]): SectionWalk {
  const ctx: WalkContext = { ...inputs, out: emptyWalk(), inheritedThreshold: false };
  for (const top of nodes) {
    visit(top, (node) => {
      if (node.type === 'code') {
        codeBlockFacts(ctx, node);
        return false;
      }
      // A code block is flow content: never inside a paragraph's, heading's or table's text.
      return node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'table';
    });
  }
  nodes.forEach((node, i) => {
    const at = node.position?.start.offset ?? 0;
    const { kinds } = sectionKindsAt(ctx.outline, at);
    const block: BlockContext = { risk: kinds.has('risks'), gate: kinds.has('gates'), dod: kinds.has('dod'), drawback: kinds.has('drawbacks') };
    if (node.type === 'heading') {
      visitInline(ctx, node);
      return;
    }
    blockRequirements(ctx, node, block, kinds);
    if (node.type === 'code') topLevelCodeFacts(ctx, node);
    const previous = nodes[i - 1];
    // Commands in a code block, then "Expected: …": a check with its expected result (DoD and tests).
    if (node.type === 'paragraph' && previous?.type === 'code') expectedAfterCommand(ctx, node);
    ctx.inheritedThreshold = block.gate && node.type === 'list' && previous?.type === 'paragraph' && INHERITED_THRESHOLD.test(plain(previous));
    walkBlock(ctx, node, block, nodes[i + 1], true);
    ctx.inheritedThreshold = false;
  });
  collectTotals(ctx, nodes);
  return ctx.out;
}

/**
 * One block and its children. `following` is the next sibling (a list after a label gives the
 * label's items); `topLevel` whether the block is, or is an item of, a top-level list of the
 * section (inside a block quote too).
 */
function walkBlock(ctx: WalkContext, node: RootContent, block: BlockContext, following: Nodes | undefined, topLevel: boolean): void {
  switch (node.type) {
    case 'heading':
    case 'code':
    case 'yaml':
    case 'definition':
      return;
    case 'html':
      collectDirectives(ctx, node.value, spanOf(node));
      collectHtmlPlaceholders(ctx, node);
      return;
    case 'table':
      handleTable(ctx, node);
      visitInline(ctx, node);
      return;
    case 'list':
      for (const item of node.children) walkBlock(ctx, item, block, undefined, topLevel);
      return;
    case 'listItem': {
      const first = node.children[0];
      if (node.children.length === 1 && first?.type === 'paragraph' && isSlot(first)) return visitSlot(ctx, first);
      handleListItem(ctx, node, block, topLevel);
      if (first && first.type === 'paragraph') {
        handleLabel(ctx, first, node.children[1], true);
        const label = labelOf(first);
        const nested = { ...block };
        if (label && ctx.vocab.dod.test(label.label)) nested.dod = true;
        handleDeps(ctx, first, node);
        visitInline(ctx, first);
        node.children.slice(1).forEach((c, i) => walkBlock(ctx, c, nested, node.children[i + 2], false));
      } else {
        node.children.forEach((c, i) => walkBlock(ctx, c, block, node.children[i + 1], false));
      }
      return;
    }
    case 'paragraph':
      if (following?.type !== 'list' && isSlot(node)) return visitSlot(ctx, node);
      handleLabel(ctx, node, following);
      handleDeps(ctx, node, undefined);
      visitInline(ctx, node);
      return;
    case 'blockquote':
      node.children.forEach((c, i) => walkBlock(ctx, c, block, node.children[i + 1], topLevel));
      return;
    default:
      if ('children' in node) visitInline(ctx, node as Nodes);
  }
}

/** A one-line paragraph that is an unfilled slot ({@link isSlotLine}): it says nothing yet. */
function isSlot(node: Nodes): boolean {
  const text = plain(node);
  return !text.includes('\n') && isSlotLine(text);
}

/**
 * An unfilled slot: only its label (a DoD, tests or rollback left to fill), placeholders (TBD)
 * and comments count; no evidence, task, risk or ID.
 */
function visitSlot(ctx: WalkContext, node: Nodes): void {
  slotLabelFacts(ctx, node);
  visit(node, (n) => {
    if (n.type === 'html') return htmlFacts(ctx, n);
    if (n.type === 'text') {
      const start = startOf(n);
      collectPlaceholders(ctx, ctx.text.slice(start, endOf(n)), start);
      return false;
    }
    return n.type !== 'inlineCode';
  });
}

/** Inline HTML: suppression directives and placeholders. Returns false (nothing inside to visit). */
function htmlFacts(ctx: WalkContext, n: Extract<Nodes, { type: 'html' }>): false {
  collectDirectives(ctx, n.value, spanOf(n));
  collectHtmlPlaceholders(ctx, n);
  return false;
}

/** The inline content of `node`: inline code, HTML (directives, placeholders) and text (phrases, placeholders, IDs). */
function visitInline(ctx: WalkContext, node: Nodes): void {
  visit(node, (n) => {
    if (n.type === 'inlineCode') {
      inlineCodeFacts(ctx, n);
      collectIds(ctx, n.value, startOf(n) + 1);
      return false;
    }
    if (n.type === 'html') return htmlFacts(ctx, n);
    if (n.type === 'text') {
      const start = startOf(n);
      const raw = ctx.text.slice(start, endOf(n));
      proseFacts(ctx, n, n.value);
      collectPlaceholders(ctx, raw, start);
      collectIds(ctx, raw, start);
      return false;
    }
    return true;
  });
}
