import * as z from 'zod';
import { planRollbackFix, sectionFix } from '../fix.js';
import { defineRule } from '../rule.js';
import { stageHasRollback } from '../score.js';

export default defineRule({
  id: 'missing-rollback',
  title: 'Changes to a running system say how to undo them',
  rationale:
    'A deploy, migration or cutover without a way back turns the first production surprise into an outage. Reviewers expect the undo path to be written before the change ships.',
  defaultSeverity: 'warning',
  fixable: true,
  options: z.strictObject({}),
  messages: {
    plan: 'Plan changes a running system ({signal}) but never says how to undo it; expected a Rollback section with trigger, steps and verification',
    stage: 'Stage "{stage}" changes a running system but has no rollback of its own and the plan-level rollback does not cover it; expected a Rollback block under the stage',
  },
  notes: [
    'A plan "changes a running system" when a stage title says deploy, release, rollout, launch, cutover, production or migration, or the prose says so in a strong phrase (deploy to production, database migration, DROP TABLE, cutover...). Words inside code do not count, except DDL.',
    'Rollback anywhere means a heading or label from the Rollback vocabulary, a rollback phrase (roll back, revert, kill switch, downgrade, flag off, restore from backup) or a rollback command.',
    'A plan-level Rollback section, or a dedicated rollback stage ("Step 13: Rollback Plan"), covers every stage, unless the section names stages ("Stage 2", "Phase 3"): then it covers only those.',
    'A stage changes a running system by its title (deploy, release, rollout, launch, cutover, production, migration); post-deployment verification stages check a change rather than make one.',
  ],
  *check({ plan }) {
    if (!plan.changeSignal) return;
    if (!plan.anyRollback) {
      yield {
        messageId: 'plan',
        data: { signal: plan.changeSignal.text.trim() },
        span: plan.titleSpan,
        fix: planRollbackFix(plan),
      };
      return;
    }
    for (const stage of plan.stages) {
      if (stage.source === 'implicit' || !stage.changesRunningSystem || stageHasRollback(plan, stage)) continue;
      yield {
        messageId: 'stage',
        data: { stage: stage.title },
        span: stage.headingSpan,
        fix: sectionFix(plan, stage, 'rollback'),
      };
    }
  },
});
