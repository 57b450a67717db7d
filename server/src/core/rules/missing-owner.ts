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
  notes: [
    'A plan-level `owner:` in front matter satisfies every stage.',
    'Owner labels saying only TBD do not count as an owner.',
    'Consistency, not a checklist: a stage is reported only when at least half of the other stages name an owner (owners inherited from a parent heading, a track or an assignment table count). One owned stage among many unowned ones says nothing about the plan assigning owners.',
  ],
  *check({ plan, options }) {
    if (plan.owner) return;
    // A review or retrospective is the team's, not one owner's.
    const stages = plan.stages.filter((s) => s.kind !== 'review');
    const owned = stages.filter((s) => s.owner).length;
    if (owned === 0 && !options.requireOwners) return;
    for (const stage of stages) {
      if (stage.owner) continue;
      const others = stages.length - 1;
      const consistent = others > 0 && owned * 2 >= others;
      if (!consistent && !options.requireOwners) continue;
      yield { messageId: owned > 0 ? 'missing' : 'required', data: { stage: stage.title }, span: stage.headingSpan };
    }
  },
});
