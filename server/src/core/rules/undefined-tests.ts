import * as z from 'zod';
import { stageGaps, stageList, stageRelated, summarySpan } from '../majority.js';
import { withUnanswered } from '../answered.js';
import { STAGE_KINDS, type Plan, type StageKind } from '../model/plan.js';
import { defineRule, type Report } from '../rule.js';
import { testsSuggestion } from '../suggest/sections.js';

export default defineRule({
  id: 'undefined-tests',
  title: 'Stages that build or change something say how they are tested',
  rationale: 'Tests that were never defined are never run. Naming them in the plan makes "done" checkable and lets reviewers see gaps before code exists.',
  defaultSeverity: 'warning',
  fixable: false,
  suggests: true,
  options: z.strictObject({
    /** Stage kinds that need no tests of their own. */
    exemptKinds: z.array(z.enum(STAGE_KINDS)).default(['setup', 'docs', 'research', 'polish', 'test', 'review', 'verification', 'deploy', 'rollback']),
  }),
  messages: {
    unanswered: 'Section "{section}" is not answered yet (only the {profile} template\'s comments, examples and unchecked options); expected the unit, integration or e2e tests that cover the change',
    missing: 'Stage "{stage}" has no tests; expected a Tests block, a test command or named unit/integration/e2e tests',
    tbd: 'Stage "{stage}" has a tests section with nothing in it ("{section}" is empty, TBD or N/A); expected the tests or test commands themselves',
    summary: 'Most stages that build or change code have no tests ({count} of {total}: {stages}); expected tests per stage, or a plan-level test section or test stage',
  },
  notes: [
    'Profiles (docs/profiles.md): in a `kep`, a "Test Plan" section left as the template wrote it (only HTML comments, the `<package>` and `MyCoolFeature` example lines, the unchecked "I/we understand" box) is reported on its heading as unanswered (`unanswered`), whatever else the KEP says about tests.',
    'Deploy stages (a deploy, release, rollout or cutover) change what runs, not code: their checks are health checks and a way back (missing-health-check, missing-rollback), not tests.',
    'Exempt by title words, the `exemptKinds` option: setup (configuration, infrastructure, scaffolding...), docs (runbooks, checklists), research (design, analysis, planning...), polish (cleanup, monitoring, stabilization), test, review (review, gate, sign-off, approval, checkpoint, demo), verification (verification, validation, smoke tests, health checks) and rollback stages.',
    'Majority rule: when most non-exempt stages (more than half, and at least three) have no tests, the plan gets one summary finding on its title that names them, with each stage heading as a related location; otherwise each stage is reported, with a quick fix.',
    'A plan-level test section (a heading named as one, Tests, Testing, Test Plan, Test Strategy..., outside every stage), a test stage or a verification stage covers every stage that has no tests of its own.',
    'Content, not presence: a Tests section or label that is empty, only TBD/TODO/N/A/"-" or only comments is reported as unfilled and covers nothing.',
    'An exactly named Test Plan that is unfilled wins over headings that only mention tests ("List Tests - Extension Test Listing"); the title and a bare "test" in a heading are never a tests section.',
    'Test steps count as tests: a list item that tests something ("Test Codex implementation still works", "Re-test the import"), and a verify/validate/check/confirm step with a command in code or an expected result.',
    'A check counts as tests: a `Run: …` or `Verify: …` line with an `Expected: …` line, and a code block of commands followed by an `Expected: …` paragraph. So do "tested on staging" and unit/integration/e2e/smoke test mentions.',
    'Test commands count inside code (`npm test`, `pytest`, `go test ./...`).',
    'In a stage table, a non-empty Tests/Verification cell is the row\'s tests.',
    'Suggestion, never applied by `--fix` or fix-all: a Tests block under the stage with the test command the plan already uses in its code (`npm test`, `pytest`, `go test ./...`, `cargo test`, `./gradlew test`, `dotnet test`, `bundle exec rspec`, `make test`…): the stage\'s own, else the one the plan uses most. Each seeded value is a slot, `TBC: …` to confirm or `TBD` to write (a tab stop where the editor supports snippets): a slot left as it is says nothing, so the finding stays open as unfilled and the score does not rise. The summary finding offers one suggestion per stage it names.',
  ],
  check({ plan, options, profile }) {
    return withUnanswered(plan, profile, 'undefined-tests', reports(plan, options.exemptKinds));
  },
});

function* reports(plan: Plan, exemptKinds: readonly StageKind[]): Iterable<Report> {
  const stages = plan.stages.filter((s) => !exemptKinds.includes(s.kind));
  for (const stage of stages) {
    if (stage.tests?.tbd) yield { messageId: 'tbd', data: { stage: stage.title, section: stage.tests.text }, span: stage.headingSpan };
  }
  if (plan.planTests) return;
  const gaps = stageGaps(stages, (s) => !s.tests);
  if (gaps.mode === 'summary') {
    yield {
      messageId: 'summary',
      data: { count: gaps.lacking.length, total: stages.length, stages: stageList(gaps.lacking) },
      span: summarySpan(plan),
      related: stageRelated(gaps.lacking, (s) => `"${s.title}" has no tests`),
      suggestions: gaps.lacking.filter((s) => !s.tests).flatMap((s) => testsSuggestion(plan, s) ?? []),
    };
    return;
  }
  for (const stage of gaps.lacking) {
    const suggestion = testsSuggestion(plan, stage);
    yield { messageId: 'missing', data: { stage: stage.title }, span: stage.headingSpan, ...(suggestion ? { suggestions: [suggestion] } : {}) };
  }
}
