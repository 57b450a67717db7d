import * as z from 'zod';
import { sectionFix } from '../fix.js';
import { stageGaps, stageList, stageRelated, summarySpan } from '../majority.js';
import { STAGE_KINDS } from '../model/plan.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'undefined-tests',
  title: 'Stages that build or change something say how they are tested',
  rationale: 'Tests that were never defined are never run. Naming them in the plan makes "done" checkable and lets reviewers see gaps before code exists.',
  defaultSeverity: 'warning',
  fixable: true,
  options: z.strictObject({
    /** Stage kinds that need no tests of their own. */
    exemptKinds: z.array(z.enum(STAGE_KINDS)).default(['setup', 'docs', 'research', 'polish', 'test', 'review', 'verification', 'rollback']),
  }),
  messages: {
    missing: 'Stage "{stage}" has no tests; expected a Tests block, a test command or named unit/integration/e2e tests',
    tbd: 'Stage "{stage}" has tests that are only "{text}"; expected the tests or test commands themselves',
    summary: 'Most stages that build or change code have no tests ({count} of {total}: {stages}); expected tests per stage, or a plan-level test section or test stage',
  },
  notes: [
    'Setup (including configuration and infrastructure), docs, research, polish (including monitoring and stabilization), test/verification and rollback stages are exempt, by title words; the list is the `exemptKinds` option.',
    'A plan-level Tests/Testing/Test Plan section or a dedicated test stage satisfies stages that have no tests of their own, as the catalogue says; a stage whose own Tests block is only TBD/TODO is still reported.',
    'Test commands count inside code (`npm test`, `pytest`, `go test ./...`).',
  ],
  *check({ plan, options }) {
    const stages = plan.stages.filter((s) => !options.exemptKinds.includes(s.kind));
    for (const stage of stages) {
      if (stage.tests?.tbd) yield { messageId: 'tbd', data: { stage: stage.title, text: 'TBD' }, span: stage.headingSpan };
    }
    if (plan.planTests) return;
    const gaps = stageGaps(stages, (s) => !s.tests);
    if (gaps.mode === 'summary') {
      yield {
        messageId: 'summary',
        data: { count: gaps.lacking.length, total: stages.length, stages: stageList(gaps.lacking) },
        span: summarySpan(plan),
        related: stageRelated(gaps.lacking, (s) => `"${s.title}" has no tests`),
      };
      return;
    }
    for (const stage of gaps.lacking) {
      yield {
        messageId: 'missing',
        data: { stage: stage.title },
        span: stage.headingSpan,
        fix: sectionFix(plan, stage, 'tests'),
      };
    }
  },
});
