import * as z from 'zod';
import { withUnanswered } from '../answered.js';
import type { Plan } from '../model/plan.js';
import { defineRule, type Report } from '../rule.js';
import { stageHasRollback } from '../score.js';
import { planRollbackSuggestion, rollbackSuggestion } from '../suggest/sections.js';

export default defineRule({
  id: 'missing-rollback',
  title: 'Changes to a running system say how to undo them',
  rationale:
    'A deploy, migration or cutover without a way back turns the first production surprise into an outage. Reviewers expect the undo path to be written before the change ships.',
  defaultSeverity: 'warning',
  fixable: false,
  suggests: true,
  options: z.strictObject({}),
  messages: {
    unanswered: 'Section "{section}" is not answered yet (only the {profile} template\'s comments, examples and unchecked options); expected how the change is turned off and what happens when it is rolled back',
    plan: 'Plan changes a running system ({signal}) but never says how to undo it; expected a Rollback section with trigger, steps and verification',
    unfilled: 'Plan changes a running system ({signal}) but its rollback ("{section}") says nothing yet; expected the trigger, steps and verification of the way back',
    stage: 'Stage "{stage}" changes a running system but has no rollback of its own and the plan-level rollback does not cover it; expected a Rollback block under the stage',
    stageUnfilled: 'Stage "{stage}" changes a running system but its rollback ("{section}") says nothing yet; expected the trigger, steps and verification of the way back',
  },
  notes: [
    'Profiles (docs/profiles.md): in a `kep`, a "Feature Enablement and Rollback" section left as the template wrote it (only HTML comments, example lines, unchecked options such as `- [ ] Feature gate` and the template\'s own questions) is reported on its heading as unanswered (`unanswered`), whatever else the KEP says about rollback.',
    'A stage changes a running system by its action: a title whose action is a deploy ("Deploy", "Roll out to EU", "Frontend Deploy", "Production Rollout", "… to production", canary, GA) or a migration of data, a schema, users or traffic (Data Migration, Backfill, Cutover); or its own prose says it changes what serves users ("route 10% of production traffic to v2").',
    'Not a change: deploy words that modify a noun ("Launch screen", "Release notes view", "Shipping address form", "Deployment Configuration", "Deploy scripts"), code migrations ("Migrate utils to TypeScript", "Migrate config"), and a release that only publishes a package (npm, PyPI, crates.io, NuGet, GitHub Releases, Homebrew). Greenfield work is a change from its first production release stage.',
    'Content, not presence: a Rollback section or label that is empty, only TBD/TODO/N/A/"-" or only comments covers nothing; when it is the plan\'s only rollback, the finding on the title says it is unfilled.',
    'A nested stage is part of its parent\'s change: the parent\'s rollback covers it.',
    'Runbook and checklist stages are docs, a post-deployment verification stage checks a change rather than makes one, and a stage titled as the rollback ("Step 13: Rollback Plan") is the rollback.',
    'A plan with no such stage changes a running system when its prose says so: a change verb before "in production" or "to production" ("Route traffic to the new services in production"), a production deploy, release or cutover, a database or data migration, DROP/ALTER TABLE. Words inside code do not count, except DDL with a change phrase.',
    'A change phrase does not count when it is negated ("never shipped to production") or stands in a DoD, success-criteria or requirements section, where "in production" describes a goal ("at least one driver in production").',
    'Rollback anywhere means a heading, label or table column from the Rollback vocabulary, an undo command (`kubectl rollout undo`, `helm rollback`, `db:rollback`, `alembic downgrade`, `flyway undo`, `git revert`…), or a rollback phrase (roll back, revert, kill switch, downgrade, flag off, restore from backup) that is about undoing this plan\'s change: in a rollback or risk section, in a stage that changes a running system, or in a sentence about a deploy, migration, release, flag or production. An API or feature named rollback ("`POST …/versions/{id}/rollback` rolls back the active version") is not the plan\'s rollback.',
    'A plan-level rollback covers the changing stages: a Rollback heading or label outside every stage (a "**Rollback Plan**:" item under Risks too), or a dedicated rollback stage.',
    'A plan-level rollback that names stages ("Phase 2", "Stage 1a") covers only those: a heading names them in its section, a label in its own paragraph or list item.',
    'In a stage table, a non-empty Rollback/Revert/Backout cell is the row\'s rollback; a row joins the heading stage of the same number only when it names that stage\'s title.',
    'A stage whose own Rollback section or label is unfilled is reported as unfilled (`stageUnfilled`); what it mentions in passing does not cover it.',
    'Suggestion, never applied by `--fix` or fix-all: a Rollback block under the stage (or a Rollback section at the end of the plan) with Trigger, Steps and Verify, the steps seeded with the undo command of the deploy or migration tool the stage (else the plan) uses in its code: `kubectl rollout undo deployment/<name>`, `kubectl argo rollouts undo`, `helm rollback <release>`, `argocd app rollback`, `heroku rollback`, `vercel rollback`, `alembic downgrade -1`, `prisma db execute --file down.sql` then `prisma migrate resolve --rolled-back`, `flyway undo`, `liquibase rollback-count 1`, `rails db:rollback`, Django `migrate <app> <previous_migration>`, knex, Sequelize and TypeORM undo, `migrate … down 1`, goose and dbmate, and turning off the feature flag the plan names. Each seeded value is a slot, `TBC: …` to confirm or `TBD` to write (a tab stop where the editor supports snippets): a slot left as it is says nothing, so the finding stays open as unfilled and the score does not rise.',
  ],
  check({ plan, profile }) {
    return withUnanswered(plan, profile, 'missing-rollback', reports(plan));
  },
});

function* reports(plan: Plan): Iterable<Report> {
  if (!plan.changeSignal) return;
  if (!plan.anyRollback && plan.unfilledRollback) {
    yield { messageId: 'unfilled', data: { signal: plan.changeSignal.text.trim(), section: plan.unfilledRollback.text }, span: plan.titleSpan };
    return;
  }
  if (!plan.anyRollback) {
    const suggestion = planRollbackSuggestion(plan);
    yield { messageId: 'plan', data: { signal: plan.changeSignal.text.trim() }, span: plan.titleSpan, ...(suggestion ? { suggestions: [suggestion] } : {}) };
    return;
  }
  for (const stage of plan.stages) {
    if (stage.source === 'implicit' || !stage.changesRunningSystem || stageHasRollback(plan, stage)) continue;
    if (stage.unfilledRollback) {
      yield { messageId: 'stageUnfilled', data: { stage: stage.title, section: stage.unfilledRollback.text }, span: stage.headingSpan };
      continue;
    }
    const suggestion = rollbackSuggestion(plan, stage);
    yield { messageId: 'stage', data: { stage: stage.title }, span: stage.headingSpan, ...(suggestion ? { suggestions: [suggestion] } : {}) };
  }
}
