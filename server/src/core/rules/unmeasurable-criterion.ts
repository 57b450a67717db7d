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
    'Vague words and phrases: fast, robust, scalable, secure, intuitive, user-friendly, seamless, efficient, reliable, performant, appropriate, properly, as needed, works well, smooth, stable, sufficient, good enough, meets targets/expectations, maintained or improved, no negative feedback, and the packs\' phrases (正常に, 適切に, スムーズに, 正常运行, 流畅...).',
    '"Normal" and "increased" are vague only as a verdict ("error volume is normal", "confidence increased"), not as a category ("Normal case:", "Increased payload size").',
    'A criterion is concrete when it has a digit, a comparison, inline code, a link, or an observable verb (passes, returns, shows, exists, merged, deployed...).',
    'A vague adverb cancels an observable verb: "displays properly", "works correctly", "returns to normal" are not checks.',
    'A Given/When/Then scenario ("When the token expires, then the user is signed out") is the check: it is never reported.',
  ],
  *check({ plan }) {
    for (const c of plan.criteria) {
      if (!isUnmeasurable(c.text)) continue;
      yield { messageId: 'vague', data: { word: VAGUE_WORDS.exec(c.text)![0] }, span: c.span };
    }
  },
});
