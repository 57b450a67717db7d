import type { Nodes } from 'mdast';
import { addFact } from './facts.js';
import { firstLineSpan, plain, spanOf } from './mdast.js';
import { parseDuration } from './patterns.js';
import type { WalkContext } from './section-walk.js';

const OWNER_LABEL = /^(?:owners?|assignee|dri|responsible|lead)\s*[:：]\s*(.+)$/i;
const STATUS_LABEL = /^status\s*[:：]\s*(.+)$/i;
/** A status that says done (a status label's value or a status cell). */
export const DONE_WORD = /^(?:✅|✔️?|☑️?|done|complete|completed|finished|shipped|closed)\b/i;
const ESTIMATE_LABEL = /^(?:estimate[ds]?|estimated\s+(?:effort|time|duration)|effort|duration|time\s+estimate|timebox|time)\s*[:：]\s*(.+)$/i;
const REQ_LABEL = /^_?\s*(?:requirements?|reqs?|covers|implements|traces?\s+to|satisfies|refs?)\s*[:：]/i;
const KIRO_REFS = /\b\d+(?:\.\d+)?\b/g;

/** A label at the start of a block: `**DoD:** rest`, `Tests: rest`, or a bold-only paragraph. */
export function labelOf(node: Nodes): { label: string; rest: string } | undefined {
  const text = plain(node).trim();
  const firstLine = text.split('\n')[0] ?? '';
  const m = firstLine.includes(':') || firstLine.includes('：') ? /^([^:：\n]{1,60}?)\s*[:：]\s*(.*)$/.exec(firstLine) : null;
  const children = 'children' in node ? (node.children as Nodes[]) : [];
  const first = children[0];
  const strongFirst = first && (first.type === 'strong' || first.type === 'emphasis');
  if (m && (strongFirst || m[1]!.trim().split(/\s+/).length <= 5)) {
    return { label: m[1]!.replace(/[*_`]/g, '').trim(), rest: text.slice(firstLine.length - m[2]!.length).trim() };
  }
  if (strongFirst && children.length <= 2 && plain(first).trim().length === text.length) {
    return { label: text.replace(/[:：]$/, '').trim(), rest: '' };
  }
  return undefined;
}

/** Whether `text` stands for nothing yet: TBD, TODO, n/a, none, a dash, question marks. */
export function isTbd(text: string): boolean {
  return /^\s*(?:tbd|tbc|todo|n\/a|none|-|—|\?+|to be (?:defined|determined|decided))\.?\s*$/i.test(text);
}

/**
 * What a label opening `node` (a paragraph) says: DoD (with its criteria, from the rest of the
 * line or the list `following` it), tests, rollback, owner, a done status, an estimate, and
 * the Kiro requirement numbers a `_Requirements: 1.2_` line references.
 */
export function handleLabel(ctx: WalkContext, node: Nodes, following: Nodes | undefined): void {
  const { out, lines, vocab } = ctx;
  const label = labelOf(node);
  if (!label) return;
  const l = label.label;
  const span = spanOf(node);
  if (vocab.dod.test(l)) {
    addFact(out.facts, 'dod', span, l);
    if (label.rest && !(following && following.type === 'list')) out.criteria.push({ text: label.rest, span: firstLineSpan(lines, span) });
    if (following?.type === 'list') for (const item of following.children) out.criteria.push({ text: plain(item).trim(), span: firstLineSpan(lines, spanOf(item)) });
  }
  if (vocab.tests.test(l)) addFact(out.facts, isTbd(label.rest) && !(following?.type === 'list') ? 'testsTbd' : 'tests', span, l);
  if (vocab.rollback.test(l)) addFact(out.facts, 'rollback', span, l);
  const owner = OWNER_LABEL.exec(`${l}: ${label.rest}`);
  if (owner && !isTbd(owner[1]!)) addFact(out.facts, 'owner', span, owner[1]!.trim());
  const status = STATUS_LABEL.exec(`${l}: ${label.rest}`);
  if (status && DONE_WORD.test(status[1]!.trim())) addFact(out.facts, 'status', firstLineSpan(lines, span), 'done');
  const est = ESTIMATE_LABEL.exec(`${l}: ${label.rest}`);
  if (est) {
    const d = parseDuration(est[1]!);
    if (d) addFact(out.facts, 'estimate', firstLineSpan(lines, span), d.text);
  }
  if (REQ_LABEL.test(`${l}:`)) {
    for (const m of label.rest.matchAll(KIRO_REFS)) out.kiroRefs.push({ id: m[0], offset: span.start.offset, span: firstLineSpan(lines, span) });
  }
}
