import * as z from 'zod';
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
  notes: ['Done markers: ✅/✔ or "(Done)", "(Complete)", "— Complete" in the heading, a "Status: Done/Complete" label, a Done status cell in a stage table, a checked item.'],
  *check({ plan }) {
    for (const stage of plan.stages) {
      if (!stage.done) continue;
      const open = stage.tasks.filter((t) => t.checked === false).length;
      if (open > 0) yield { messageId: 'stage', data: { stage: stage.title, count: open }, span: stage.done.span };
    }
    for (const task of plan.tasks) {
      if (task.checked === true && task.uncheckedChildren > 0) yield { messageId: 'task', data: { count: task.uncheckedChildren }, span: task.span };
    }
  },
});
