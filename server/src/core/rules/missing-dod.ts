import * as z from 'zod';
import { sectionFix } from '../fix.js';
import { stageGaps, stageList, stageRelated, summarySpan } from '../majority.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'missing-dod',
  title: 'Every stage says when it is done',
  rationale: 'Without an agreed finish line a stage drifts and review has nothing to check.',
  defaultSeverity: 'warning',
  fixable: true,
  options: z.strictObject({
    /** Stage kinds that need no DoD of their own: verification and rollback stages (the catalogue also exempts review and gate stages, which are `test` stages). */
    exemptKinds: z.array(z.enum(['build', 'setup', 'docs', 'research', 'polish', 'test', 'deploy', 'migration', 'rollback'])).default(['test', 'rollback']),
  }),
  messages: {
    missing: 'Stage "{stage}" has no Definition of Done; expected a DoD, Acceptance Criteria, Exit Criteria or Checkpoint with verifiable outcomes',
    summary: 'Most stages have no Definition of Done ({count} of {total}: {stages}); expected each stage, or a plan-level Definition of Done, to say when it is done',
  },
  notes: [
    'DoD evidence is a heading, bold or line-start label, or table column from the DoD vocabulary inside the stage (Definition of Done, DoD, Done when, Acceptance Criteria/Scenarios, Success/Exit/Completion/Graduation Criteria, Checkpoint, Verification Checklist).',
    'A plan-level success criteria section does not say when a particular stage is done, so it does not satisfy stages.',
    'In a stage table, a non-empty DoD/Exit/Evidence cell is the row\'s DoD.',
  ],
  *check({ plan, options }) {
    const stages = plan.stages.filter((s) => !options.exemptKinds.includes(s.kind));
    const gaps = stageGaps(stages, (s) => !s.dod);
    if (gaps.mode === 'summary') {
      yield {
        messageId: 'summary',
        data: { count: gaps.lacking.length, total: stages.length, stages: stageList(gaps.lacking) },
        span: summarySpan(plan),
        related: stageRelated(gaps.lacking, (s) => `"${s.title}" has no Definition of Done`),
      };
      return;
    }
    for (const stage of gaps.lacking) {
      yield {
        messageId: 'missing',
        data: { stage: stage.title },
        span: stage.headingSpan,
        fix: sectionFix(plan, stage, 'dod'),
      };
    }
  },
});
