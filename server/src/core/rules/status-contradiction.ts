import * as z from 'zod';
import type { Plan, Task } from '../model/plan.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'status-contradiction',
  title: 'Done means its own items are done',
  rationale: 'A stage marked complete with open checklist items is either not complete or not updated; both mislead whoever plans the next step.',
  defaultSeverity: 'warning',
  fixable: false,
  options: z.strictObject({}),
  messages: {
    stage: 'Stage "{stage}" is marked done but {count} of its items are unchecked; expected every item checked or the stage not marked done',
    task: 'Item is checked but {count} of its sub-items are unchecked; expected the sub-items checked or the item unchecked',
  },
  notes: [
    'Done markers: ✅/✔ or "(Done)", "(Complete)", "— Complete" in the heading, a "Status: Done/Complete" label, a Done status cell in a stage table, a ✅ on a Checkpoint or DoD label, a checked item.',
    'Children of a checked item are its nested checklist items and, in Kiro task lists, the flat `N.M` items that follow a `N.` item up to the next `N.` item.',
    'Optional items (`- [ ]*`, Kiro\'s optional tasks) are not required for done and are not counted.',
    'Items that are not open work are not counted either: struck-through items ("- [ ] ~~Badges~~ (dropped)"), items marked dropped, deferred, descoped, postponed, cancelled, won\'t do, out of scope, stretch, nice to have, optional, follow-up, next phase or later (in parentheses or brackets, emphasized, as a leading "Deferred:" label or after a closing dash), and items of a list introduced by a heading or a label line named Follow-ups, Future work, Deferred, Next steps, Out of scope, Backlog, Stretch goals or Nice to have ("**Follow-ups (next quarter):**").',
  ],
  *check({ plan }) {
    const intros = new Map<number, Map<number, boolean>>();
    const openWork = (task: Task, after = -1) => {
      let memo = intros.get(after);
      if (!memo) intros.set(after, (memo = new Map()));
      return isOpenWork(plan, task, after, memo);
    };
    for (const stage of plan.stages) {
      if (!stage.done) continue;
      const open = stage.tasks.filter((t) => t.checked === false && openWork(t, stage.headingSpan.end.offset)).length;
      if (open > 0) yield { messageId: 'stage', data: { stage: stage.title, count: open }, span: stage.done.span };
    }
    for (const [i, task] of plan.tasks.entries()) {
      if (task.checked !== true) continue;
      const open = task.uncheckedChildren - nestedNotOpen(plan, i, openWork) + flatChildrenOpen(plan, i, openWork);
      if (open > 0) yield { messageId: 'task', data: { count: open }, span: task.span };
    }
  },
});

/** A Kiro-style optional item: `- [ ]* 4.2 …` (the `*` follows the box, so it opens the text). */
function isOptional(text: string): boolean {
  return /^\*(?!\*)/.test(text);
}

/**
 * Unchecked `N.M` items after a checked Kiro item `N.` in the same flat list, up to the next
 * top-level `N.` item; optional items do not count.
 */
function flatChildrenOpen(plan: Plan, index: number, openWork: (task: Task) => boolean): number {
  const tasks = plan.tasks;
  // Most items do not start with a digit: no regular expression for them (this runs for every checked item).
  const first = tasks[index]!.text.charCodeAt(0);
  if (!(first >= 48 && first <= 57)) return 0;
  const parent = /^(\d+)\.(?!\d)\s/.exec(tasks[index]!.text);
  if (!parent) return 0;
  let open = 0;
  for (let j = index + 1; j < tasks.length; j++) {
    const t = tasks[j]!;
    const text = t.text.replace(/^\*\s*/, '');
    if (/^\d+\.(?!\d)\s/.test(text)) break;
    if (!text.startsWith(`${parent[1]}.`)) continue;
    if (t.checked === false && openWork(t)) open++;
  }
  return open;
}

/** A marker that takes an item out of the work: dropped, deferred, out of scope, stretch, later... */
const NOT_OPEN_WORD = String.raw`(?:dropped|deferred|descoped|de-scoped|postponed|cancell?ed|abandoned|won'?t\s+(?:do|fix)|wontfix|out\s+of\s+scope|stretch(?:\s+goals?)?|nice[- ]to[- ]have|optional|follow[- ]?ups?|next\s+(?:phase|release|quarter|sprint|iteration|version)|later|future)`;
const NOT_OPEN = new RegExp(
  String.raw`[(\[]\s*${NOT_OPEN_WORD}\b[^)\]]*[)\]]|(?:\*\*?|__?)${NOT_OPEN_WORD}\b[^*_]*(?:\*\*?|__?)|^${NOT_OPEN_WORD}\s*[:：)\]]|\s[—–-]\s+${NOT_OPEN_WORD}\b[^—–]*$`,
  'i',
);
/** A heading or label that introduces work left out of this stage: Follow-ups, Future work, Next steps... */
const NOT_OPEN_LIST = /^(?:\d+(?:\.\d+)*[.)]?\s+)?(?:follow[- ]?ups?|future(?:\s+(?:work|improvements?|enhancements?|ideas?|scope))?|deferred|next\s+steps|out\s+of\s+scope|backlog|stretch(?:\s+goals?)?|nice[- ]to[- ]haves?|later|post[- ](?:launch|mvp|release))\b/i;
/** A list item line (any depth, in a quote or not). */
const LIST_LINE = /^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s/;
/** The start of a heading line, up to its text. */
const HEADING_START = /^\s*(?:>\s*)*#{1,6}\s+/;
/** A label line on its own: "**Follow-ups (next quarter):**", "Next steps:", "**Out of scope**". */
const LABEL_LINE = /^\s*(?:>\s*)*(?:(?:\*\*|__)([^*_\n]{1,80}?)(?:\*\*|__)(?:\s*[:：])?|([^:：\n]{1,80})[:：])\s*$/;

/**
 * The text of a heading line without its closing `#`s and spaces, read from the end (a lazy
 * `(.*?)\s*#*\s*$` tries every end in a run of spaces); undefined when `text` is no heading.
 */
function headingLineText(text: string): string | undefined {
  const start = HEADING_START.exec(text);
  if (!start) return undefined;
  let end = text.trimEnd().length;
  while (end > start[0].length && text[end - 1] === '#') end--;
  const title = text.slice(start[0].length, end).trimEnd();
  return /[\n\r\u2028\u2029]/.test(title) ? undefined : title;
}

/**
 * Whether an unchecked item is open work: not optional, not struck through, not marked
 * dropped, deferred or later, and not in a list introduced by a Follow-ups, Future work,
 * Deferred... heading or label after `after` (the stage's heading, which does not count).
 * `intros` remembers, per line, what the lines above it say (for this `after`): the items of
 * one long list look up the same lines once, not once per item.
 */
function isOpenWork(plan: Plan, task: Task, after: number, intros: Map<number, boolean>): boolean {
  if (isOptional(task.text)) return false;
  const { lines } = plan;
  const raw = lines.lineText(task.span.start.line).replace(/<!--.*?-->/g, '');
  const own = raw.replace(/^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s*)?/, '');
  if (/^(?:(?:\*\*)?[A-Z]*-?\d+(?:\.\d+)*(?:\*\*)?[:.]?\s+)?~~/.test(own)) return false;
  if (NOT_OPEN.test(own.trim()) || NOT_OPEN.test(task.text)) return false;
  const visited: number[] = [];
  let open = true;
  for (let line = task.span.start.line - 1; line >= 1; line--) {
    const known = intros.get(line);
    if (known !== undefined) {
      open = known;
      break;
    }
    if (lines.lineStart(line) < after) break;
    visited.push(line);
    const text = lines.lineText(line);
    if (text.trim() === '' || LIST_LINE.test(text) || /^\s{2,}\S/.test(text)) continue;
    const heading = headingLineText(text);
    if (heading !== undefined) {
      open = !NOT_OPEN_LIST.test(clean(heading));
      break;
    }
    const label = LABEL_LINE.exec(text);
    if (label) {
      open = !NOT_OPEN_LIST.test(clean(label[1] ?? label[2]!));
      break;
    }
  }
  for (const line of visited) intros.set(line, open);
  return open;
}

/** Heading or label text without emphasis, emoji and leading marks. */
function clean(text: string): string {
  return text.replace(/[*_`]/g, '').replace(/^[^\p{L}\p{N}]+/u, '').trim();
}

/**
 * Unchecked items nested under the checked item `index` (the lines after it indented deeper,
 * blank lines included) that are not open work: they are in its `uncheckedChildren` but do not
 * count.
 */
function nestedNotOpen(plan: Plan, index: number, openWork: (task: Task) => boolean): number {
  const { lines, tasks } = plan;
  const parent = tasks[index]!;
  if (parent.uncheckedChildren === 0) return 0;
  const indent = (line: number) => /^\s*/.exec(lines.lineText(line))![0].length;
  const base = indent(parent.span.start.line);
  let last = parent.span.start.line;
  while (last < lines.lineCount && (lines.lineText(last + 1).trim() === '' || indent(last + 1) > base)) last++;
  // Tasks are in document order: the nested ones follow the parent.
  let notOpen = 0;
  for (let j = index + 1; j < tasks.length && tasks[j]!.span.start.line <= last; j++) {
    const t = tasks[j]!;
    if (t.span.start.line > parent.span.start.line && t.checked === false && !openWork(t)) notOpen++;
  }
  return Math.min(parent.uncheckedChildren, notOpen);
}
