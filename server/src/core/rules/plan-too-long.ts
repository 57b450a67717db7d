import * as z from 'zod';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'plan-too-long',
  title: 'Plans fit in a reader\'s head',
  rationale: 'Past a few thousand words reviewers skim and AI assistants lose the early sections; split the plan or move detail to linked documents.',
  defaultSeverity: 'info',
  fixable: false,
  options: z.strictObject({ maxTokens: z.number().int().positive().default(12000) }),
  messages: {
    tooLong: 'Plan is about {tokens} tokens, over its budget of {max}; expected a shorter plan or one split into linked documents',
  },
  notes: [
    'Tokens are estimated as characters / 4 over the whole document, front matter and code included, as the catalogue says.',
    'Reported in plans only; a long template or a document that is not a plan is not reported unless `--force` asks for it.',
  ],
  *check({ plan, options }) {
    if (plan.tokenEstimate > options.maxTokens) yield { messageId: 'tooLong', data: { tokens: plan.tokenEstimate, max: options.maxTokens }, span: plan.titleSpan };
  },
});
