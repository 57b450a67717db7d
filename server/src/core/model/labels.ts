import type { Nodes } from 'mdast';
import { addFact } from './facts.js';
import { firstLineSpan, plain, spanOf } from './mdast.js';
import { parseDuration } from './patterns.js';
import type { Span } from '../text.js';
import type { WalkContext } from './section-walk.js';
import { isSlotLine, listUnfilled } from './unfilled.js';

const OWNER_LABEL = /^(?:owners?|assignee|dri|responsible|lead)\s*[:：]\s*(.+)$/i;
const STATUS_LABEL = /^status\s*[:：]\s*(.+)$/i;
/** A status that says done (a status label's value or a status cell). */
export const DONE_WORD = /^(?:[✅✔☑]\uFE0F?|(?:done|complete|completed|finished|shipped|closed)\b)/iu;
const ESTIMATE_LABEL = /^(?:estimate[ds]?|estimated\s+(?:effort|time|duration)|effort|duration|time\s+estimate|timebox|time)\s*[:：]\s*(.+)$/i;
const REQ_LABEL = /^_?\s*(?:requirements?|requisitos?|requerimientos?|reqs?|covers|implements|traces?\s+to|satisfies|refs?)\s*[:：]/i;
const KIRO_REFS = /\b\d+(?:\.\d+)?\b/g;

/** A label at the start of a block: `**DoD:** rest`, `Tests: rest`, or a bold-only paragraph. */
export function labelOf(node: Nodes): { label: string; rest: string } | undefined {
  const text = plain(node).trim();
  const firstLine = firstLineOf(text);
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

/** `text` up to its first newline. */
function firstLineOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}

/** Whether `text` stands for nothing yet: TBD, TODO, n/a, none, a dash, question marks. */
export function isTbd(text: string): boolean {
  return /^\s*(?:tbd|tbc|todo|n\/a|none|-|—|\?+|to be (?:defined|determined|decided))\.?\s*$/i.test(text);
}

/** A label at the start of a later line of a paragraph: `Expected: PASS`, `**Verification:** …`. */
const LINE_LABEL = /^([^:：\n]{1,60}?)\s*[:：]\s*(.*)$/;

/** Facts said by a label are explicit evidence. */
const EXPLICIT = { explicit: true } as const;

/** A checkpoint item ("11. Checkpoint - Ensure all tests pass", "Checkpoint: …"): the stage's DoD. */
const CHECKPOINT_ITEM = /^(?:\d+(?:\.\d+)*[.)]?\s+)?(?:final\s+)?checkpoint\s*(?:[-–—:]|$)/i;
/** An exit check ("Run Phase 3 exit gates: each MUST exit 0"): an exit word and a pass criterion. */
const EXIT_CHECK = /\b(?:exit\s+(?:gates?|criteria)|closure\s+gates?|quality\s+gates?)\b.*\b(?:must\s+(?:all\s+)?(?:pass|exit\s+0|be\s+green)|exit\s+(?:code\s+)?0|all\s+(?:\w+\s+)?pass)\b/i;

/** Labels that close a stage: a checkpoint, exit criteria or gate, a definition of done. */
const STAGE_GATE_LABEL = /^(?:(?:final|stage|phase)\s+)?(?:checkpoint|exit\s+(?:criteria|gates?)|definition\s+of\s+done|dod|done\s+when)\b|^(?:チェックポイント|检查点|完了条件|完成标准)/i;

/** A step that tests something ("Test Codex implementation still works", "3. Re-test the import"). */
const TEST_TASK = /^(?:\d+[.)]\s+)?(?:re-?)?test\s+(?!(?:plan|strategy|data|fixtures?|env\w*|cases?|coverage)\b)\S/i;
/** A step that verifies with a command or an expected result ("Verify … : `grep …` expected …"). */
const VERIFY_TASK = /^(?:\d+[.)]\s+)?(?:verify|validate|check|confirm)\b/i;

/** A run step: its expected result makes the step a check (DoD and tests). */
const RUN_LABEL = /^(?:run|execute|command|verify|check)\b/i;
const EXPECTED_LABEL = /^expected\b/i;

/**
 * The labels of a paragraph: the one opening it ({@link labelOf}), and one at the start of
 * each later line (spec v2: "labels at the start of any line"). A later line's label is bold,
 * or at most five words. Each comes with the span of its line.
 */
export function paragraphLabels(ctx: WalkContext, node: Nodes): Array<{ label: string; rest: string; span: Span; first: boolean }> {
  const { text, lines } = ctx;
  const out: Array<{ label: string; rest: string; span: Span; first: boolean }> = [];
  const span = spanOf(node);
  const opening = labelOf(node);
  if (opening) out.push({ ...opening, span, first: true });
  for (let line = span.start.line + 1; line <= span.end.line; line++) {
    const raw = text.slice(lines.lineStart(line), Math.min(lines.lineEnd(line), span.end.offset)).trim();
    if (!raw.includes(':') && !raw.includes('：')) continue;
    const bold = /^(?:\*\*|__)/.test(raw);
    const m = LINE_LABEL.exec(raw.replace(/[*`]|(?<!\w)_|_(?!\w)/g, ''));
    if (!m || (!bold && m[1]!.trim().split(/\s+/).length > 5)) continue;
    out.push({ label: m[1]!.trim(), rest: m[2]!.trim(), span: lines.lineSpan(line), first: false });
  }
  return out;
}

/**
 * What the labels of `node` (a paragraph; `item` when it opens a list item) say: DoD (with its criteria, from the rest of the
 * line or, for the opening label, the list `following` it), tests, rollback, owner, a done
 * status, an estimate, and the Kiro requirement numbers a `_Requirements: 1.2_` line
 * references. A `Run: …` line with an `Expected: …` line is a check: DoD and tests.
 */
export function handleLabel(ctx: WalkContext, node: Nodes, following: Nodes | undefined, item = false): void {
  // A table-of-contents entry ("[Test ID](#test-id)") names a section, it is not a step.
  const linkOnly = node.type === 'paragraph' && node.children.length === 1 && node.children[0]!.type === 'link';
  if (!linkOnly) stepFacts(ctx, node, item);
  handleLabels(ctx, node, following);
}

/**
 * What a step says by its first line: a checkpoint or exit check (DoD), a test step ("Test the
 * importer end to end") or a verify step with a command or expected result (tests).
 */
function stepFacts(ctx: WalkContext, node: Nodes, item: boolean): void {
  const firstLine = firstLineOf(plain(node).trim());
  // The first line's span, built when a fact needs it (one object for both facts).
  let span: Span | undefined;
  const lineSpan = () => (span ??= firstLineSpan(ctx.lines, spanOf(node)));
  if (CHECKPOINT_ITEM.test(firstLine) || EXIT_CHECK.test(firstLine)) addFact(ctx.out.facts, 'dod', lineSpan(), firstLine.slice(0, 80), EXPLICIT);
  // Only a list item is a step; a sentence may open with "Test" as a noun ("Test binaries will…").
  const testStep = item && TEST_TASK.test(firstLine) && firstLine.split(/\s+/).length >= 3;
  const verifyStep = VERIFY_TASK.test(firstLine) && /`[^`]+`|\bexpect(?:ed|s)?\b|\bscript\b/i.test(ctx.text.slice(lineSpan().start.offset, lineSpan().end.offset));
  if (testStep || verifyStep) addFact(ctx.out.facts, 'tests', lineSpan(), firstLine.slice(0, 80), EXPLICIT);
}

function handleLabels(ctx: WalkContext, node: Nodes, following: Nodes | undefined): void {
  const labels = paragraphLabels(ctx, node);
  for (const label of labels) readLabel(ctx, label, label.first ? following : undefined);
  const expected = labels.find((l) => EXPECTED_LABEL.test(l.label) && l.rest !== '' && !isTbd(l.rest));
  if (expected && labels.some((l) => RUN_LABEL.test(l.label))) addFact(ctx.out.facts, 'tests', expected.span, `${expected.label}: ${expected.rest}`.slice(0, 80), EXPLICIT);
}

/**
 * What an unfilled slot says by its label ("**Tests:** TBD", "Rollback: TBC: …"): a DoD, tests
 * or rollback left to fill in, never filled evidence.
 */
export function slotLabelFacts(ctx: WalkContext, node: Nodes): void {
  const label = labelOf(node);
  if (!label) return;
  const span = firstLineSpan(ctx.lines, spanOf(node));
  if (ctx.vocab.dod.test(label.label)) addFact(ctx.out.facts, 'dodTbd', span, label.label, EXPLICIT);
  if (ctx.vocab.tests.test(label.label)) addFact(ctx.out.facts, 'testsTbd', span, label.label, EXPLICIT);
  if (ctx.vocab.rollback.test(label.label)) addFact(ctx.out.facts, 'rollbackTbd', span, label.label, EXPLICIT);
}

/** An `Expected: …` paragraph right after a code block of commands: the commands are a check. */
export function expectedAfterCommand(ctx: WalkContext, node: Nodes): void {
  const label = labelOf(node);
  if (!label || !EXPECTED_LABEL.test(label.label) || label.rest === '' || isTbd(label.rest)) return;
  const span = firstLineSpan(ctx.lines, spanOf(node));
  addFact(ctx.out.facts, 'tests', span, `${label.label}: ${label.rest}`.slice(0, 80), EXPLICIT);
}

function readLabel(ctx: WalkContext, label: { label: string; rest: string; span: Span }, following: Nodes | undefined): void {
  const { out, lines, vocab } = ctx;
  const l = label.label;
  const span = label.span;
  const listFollows = following?.type === 'list';
  // Unfilled (spec v2): the label says TBD or holds only a slot, or introduces a list of slots ("- [ ] TODO: …").
  const empty = listFollows
    ? (label.rest === '' || isSlotLine(label.rest)) && listUnfilled(following.children.map((item) => plain(item).trim()))
    : label.rest !== '' && isSlotLine(label.rest);
  if (vocab.dod.test(l)) {
    addFact(out.facts, empty ? 'dodTbd' : 'dod', span, l, EXPLICIT);
    if (label.rest && !(following && following.type === 'list')) out.criteria.push({ text: label.rest, span: firstLineSpan(lines, span) });
    if (following?.type === 'list') for (const item of following.children) out.criteria.push({ text: plain(item).trim(), span: firstLineSpan(lines, spanOf(item)) });
  }
  if (vocab.tests.test(l)) addFact(out.facts, empty ? 'testsTbd' : 'tests', span, l, EXPLICIT);
  if (vocab.rollback.test(l)) addFact(out.facts, empty ? 'rollbackTbd' : 'rollback', span, l, EXPLICIT);
  // A filled verification list after a deploy is its health check (spec: missing-health-check).
  if (/^(?:post[- ]deploy(?:ment)?\s+)?verification(?:\s+checklist)?$/i.test(l) && (listFollows || (label.rest !== '' && !isTbd(label.rest)))) addFact(out.facts, 'health', span, l, EXPLICIT);
  const line = `${l}: ${label.rest}`;
  const owner = OWNER_LABEL.exec(line);
  if (owner && !isTbd(owner[1]!)) addFact(out.facts, 'owner', span, owner[1]!.trim());
  const status = STATUS_LABEL.exec(line);
  if (status && DONE_WORD.test(status[1]!.trim())) addFact(out.facts, 'status', firstLineSpan(lines, span), 'done');
  // A checkpoint or exit gate marked ✅ says its stage is done (a deliverable marked ✅ says only
  // that the deliverable is).
  if (STAGE_GATE_LABEL.test(l) && /[✅✔☑]|\[[xX]\]/u.test(label.rest)) addFact(out.facts, 'status', firstLineSpan(lines, span), 'done');
  const est = ESTIMATE_LABEL.exec(line);
  if (est) {
    const d = parseDuration(est[1]!);
    if (d) addFact(out.facts, 'estimate', firstLineSpan(lines, span), d.text);
  }
  if (REQ_LABEL.test(`${l}:`)) {
    for (const m of label.rest.matchAll(KIRO_REFS)) out.kiroRefs.push({ id: m[0], offset: span.start.offset, span: firstLineSpan(lines, span) });
  }
}
