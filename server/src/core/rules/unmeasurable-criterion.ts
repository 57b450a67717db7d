import * as z from 'zod';
import { VAGUE_WORDS } from '../model/patterns.js';
import { defineRule } from '../rule.js';
import { isUnmeasurable } from '../score.js';

export default defineRule({
  id: 'unmeasurable-criterion',
  title: 'Done criteria can be checked',
  rationale: '"Fast" and "robust" cannot fail a review. A criterion needs a number, a threshold, a command or an observable result, or it is a wish.',
  defaultSeverity: 'info',
  fixable: false,
  options: z.strictObject({}),
  messages: {
    vague: 'Criterion says "{word}" with nothing to measure; expected a number, threshold, command or concrete check (e.g. "p95 < 200 ms", "`npm test` passes")',
  },
  notes: [
    'Criteria are the items of DoD / acceptance / success / exit criteria sections and labels, and DoD table cells.',
    'A criterion is concrete when it has a digit, a comparison, inline code, a link, or an observable verb (passes, returns, shows, exists, merged, deployed...).',
  ],
  *check({ plan }) {
    for (const c of plan.criteria) {
      if (!isUnmeasurable(c.text)) continue;
      yield { messageId: 'vague', data: { word: VAGUE_WORDS.exec(c.text)![0] }, span: c.span };
    }
  },
});
