import * as z from 'zod';
import type { Task } from '../model/plan.js';
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
  ],
  *check({ plan }) {
    for (const stage of plan.stages) {
      if (!stage.done) continue;
      const open = stage.tasks.filter((t) => t.checked === false && !isOptional(t.text)).length;
      if (open > 0) yield { messageId: 'stage', data: { stage: stage.title, count: open }, span: stage.done.span };
    }
    for (const [i, task] of plan.tasks.entries()) {
      if (task.checked !== true) continue;
      const open = task.uncheckedChildren + flatChildrenOpen(plan.tasks, i);
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
function flatChildrenOpen(tasks: readonly Task[], index: number): number {
  const parent = /^(\d+)\.(?!\d)\s/.exec(tasks[index]!.text);
  if (!parent) return 0;
  let open = 0;
  for (const t of tasks.slice(index + 1)) {
    const text = t.text.replace(/^\*\s*/, '');
    if (/^\d+\.(?!\d)\s/.test(text)) break;
    if (!text.startsWith(`${parent[1]}.`)) continue;
    if (t.checked === false && !isOptional(t.text)) open++;
  }
  return open;
}
