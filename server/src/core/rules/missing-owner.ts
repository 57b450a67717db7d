import * as z from 'zod';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'missing-owner',
  title: 'Stages have owners when the plan assigns owners',
  rationale: 'When some stages name an owner, the ones that do not are the ones nobody picks up.',
  defaultSeverity: 'info',
  fixable: false,
  options: z.strictObject({
    /** Require an owner on every stage even when no stage names one. */
    requireOwners: z.boolean().default(false),
  }),
  messages: {
    missing: 'Stage "{stage}" has no owner while other stages do; expected an "Owner:" label, "(Owner: name)" in the heading or an Owner column',
    required: 'Stage "{stage}" has no owner; expected an "Owner:" label, "(Owner: name)" in the heading or an Owner column',
  },
  notes: ['A plan-level `owner:` in front matter satisfies every stage.', 'Owner labels saying only TBD do not count as an owner.'],
  *check({ plan, options }) {
    if (plan.owner) return;
    const someOwned = plan.stages.some((s) => s.owner);
    if (!someOwned && !options.requireOwners) return;
    for (const stage of plan.stages) {
      if (stage.owner) continue;
      yield { messageId: someOwned ? 'missing' : 'required', data: { stage: stage.title }, span: stage.headingSpan };
    }
  },
});
