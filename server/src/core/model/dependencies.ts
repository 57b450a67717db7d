import type { ListItem, Nodes, TableRow } from 'mdast';
import type { Span } from '../text.js';
import { TASK_ID } from './lists.js';
import { firstLineSpan, lineSpanAt, plain, spanOf } from './mdast.js';
import { DIGIT, STAGE_NUMBER, STAGE_REF_WORDS } from './patterns.js';
import type { WalkContext } from './section-walk.js';
import { stageKeyAt } from './stage-headings.js';
import { nodeKeyOf, normalizeStageKey, targetsOf } from './stage-keys.js';

/**
 * A reference to a stage of this plan: "see Stage 3", "per Phase 2", "as described in Step 4".
 * Not "in week 6" (a time) or "described in Phase 4 of docs/roadmap.md" (another document).
 */
const SEE_STAGE = new RegExp(`\\b(?:see|per|(?:as\\s+)?(?:described|defined|covered)\\s+in)\\s+(${STAGE_REF_WORDS})\\s*(?:#\\s*)?(${STAGE_NUMBER})\\b(?!\\s+(?:of|in)\\s+(?:the\\s+)?(?:\\S+\\.md|\\S*/|docs?|spec|roadmap|epic|guide|rfc|kep)\\b)`, 'gi');
/** "after Phase 2" says when the stage itself starts only as its own statement ("Starts after Phase 2"). */
const STAGE_AFTER = /^(?:after\b|.*\b(?:starts?|begins?|runs?|scheduled|only|comes?|happens?|follows?)\s+(?:only\s+)?after\b)/i;
const DEP_LABEL = /^(?:depends\s+on|dependencies|dependency|blocked\s+by|requires|prerequisites?|after)\s*[:：]\s*(.+)$/i;
const DEP_INLINE = new RegExp(`\\b(?:depends\\s+on|blocked\\s+by|after)\\s+((?:(?:${STAGE_REF_WORDS})\\s*(?:#\\s*)?${STAGE_NUMBER}|T\\d{2,})(?:\\s*(?:,|and|&|/)\\s*(?:(?:${STAGE_REF_WORDS})\\s*(?:#\\s*)?${STAGE_NUMBER}|T\\d{2,}|${STAGE_NUMBER}))*)\\b`, 'gi');
const MAY_REFERENCE = new RegExp(`\\b${STAGE_REF_WORDS}s?\\s*(?:#\\s*)?\\d|\\bT\\d{2}|\\bTASK-\\d`, 'i');

/**
 * Dependencies and stage references in a paragraph (`node`), the first paragraph of `item` when
 * given: a `Depends on:` label or "depends on / blocked by / after Phase 2" in prose, from the
 * item's task or else the heading stage holding it; and "see Stage 3" references.
 */
export function handleDeps(ctx: WalkContext, node: Nodes, item: ListItem | undefined): void {
  const { out, lines } = ctx;
  const value = plain(node);
  // Every dependency or stage reference names a stage keyword or a task ID, with a number.
  if (!DIGIT.test(value) || !MAY_REFERENCE.test(value)) return;
  const span = spanOf(node);
  const ownText = value.trim();
  const ownerTask = item ? TASK_ID.exec(ownText)?.[1] : undefined;
  const fromKey = () => ownerTask ?? stageKeyAt(ctx.outline, ctx.stageHeadings, span.start.offset);
  const label = DEP_LABEL.exec(ownText.replace(/^[*_]+|(?<![*_])[*_]+(?=\s*[:：])/g, ''));
  const found: Array<{ to: string[]; span: Span }> = [];
  if (label) found.push({ to: targetsOf(label[1]!), span: firstLineSpan(lines, span) });
  else {
    for (const m of value.matchAll(DEP_INLINE)) {
      // A sentence inside a list item schedules that item, not its stage: only a task's own item
      // declares its dependencies; "after Phase 3" counts only as the stage's own statement.
      if (item && !ownerTask) continue;
      if (/^after/i.test(m[0]) && !ownerTask && !STAGE_AFTER.test(value.slice(0, (m.index ?? 0) + 5).split(/[.!?]\s/).pop()!.trim())) continue;
      found.push({ to: targetsOf(m[1]!), span: lineSpanAt(lines, span, value, m.index ?? 0) });
    }
  }
  for (const f of found) {
    const from = fromKey();
    const to = f.to.filter((t) => t !== from);
    if (from && to.length) out.dependencies.push({ from, to, span: f.span });
    for (const t of f.to) if (!/^T/.test(t)) out.stageReferences.push({ key: t, span: f.span });
  }
  for (const m of value.matchAll(SEE_STAGE)) out.stageReferences.push({ key: normalizeStageKey(m[1]!, m[2]!), span: lineSpanAt(lines, span, value, m.index ?? 0) });
}

/**
 * Dependencies from a table's dependency column (not the first): from the task or stage in the
 * row's first cell to those its dependency cell names. `lower`: the header, lower-cased.
 */
export function dependencyColumn(ctx: WalkContext, lower: string[], rows: TableRow[], cellsOf: (row: TableRow) => string[]): void {
  const depCol = lower.findIndex((h) => /depend|blocked by|prerequisite|^after$/.test(h));
  if (depCol <= 0) return;
  for (const row of rows) {
    const cells = cellsOf(row);
    const from = nodeKeyOf(cells[0] ?? '', ctx.vocab);
    const to = targetsOf(cells[depCol] ?? '');
    if (from && to.length) ctx.out.dependencies.push({ from, to, span: spanOf(row) });
  }
}
