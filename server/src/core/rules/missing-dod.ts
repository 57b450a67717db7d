import * as z from 'zod';
import { sectionFix } from '../fix.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'missing-dod',
  title: 'Every stage says when it is done',
  rationale: 'Without an agreed finish line a stage drifts and review has nothing to check.',
  defaultSeverity: 'warning',
  fixable: true,
  options: z.strictObject({
    exemptKinds: z.array(z.enum(['build', 'setup', 'docs', 'research', 'polish', 'test', 'deploy', 'migration', 'rollback'])).default([]),
  }),
  messages: {
    missing: 'Stage "{stage}" has no Definition of Done; expected a DoD, Acceptance Criteria, Exit Criteria or Checkpoint with verifiable outcomes',
  },
  notes: [
    'DoD evidence is a heading, bold or line-start label, or table column from the DoD vocabulary inside the stage (Definition of Done, DoD, Done when, Acceptance Criteria/Scenarios, Success/Exit/Completion/Graduation Criteria, Checkpoint, Verification Checklist).',
    'A plan-level success criteria section does not say when a particular stage is done, so it does not satisfy stages.',
    'In a stage table, a non-empty DoD/Exit/Evidence cell is the row\'s DoD.',
  ],
  *check({ plan, options }) {
    for (const stage of plan.stages) {
      if (stage.dod || options.exemptKinds.includes(stage.kind)) continue;
      yield {
        messageId: 'missing',
        data: { stage: stage.title },
        span: stage.headingSpan,
        fix: sectionFix(plan, stage, 'dod'),
      };
    }
  },
});
