import * as z from 'zod';
import { stageGaps, stageList, stageRelated, summarySpan } from '../majority.js';
import { STAGE_KINDS } from '../model/plan.js';
import { defineRule } from '../rule.js';
import { stageDod } from '../score.js';
import { dodSuggestion } from '../suggest/sections.js';

export default defineRule({
  id: 'missing-dod',
  title: 'Every stage says when it is done',
  rationale: 'Without an agreed finish line a stage drifts and review has nothing to check.',
  defaultSeverity: 'warning',
  fixable: false,
  suggests: true,
  options: z.strictObject({
    /** Stage kinds that need no DoD of their own: review/gate, verification and rollback stages. */
    exemptKinds: z.array(z.enum(STAGE_KINDS)).default(['review', 'verification', 'rollback']),
  }),
  messages: {
    missing: 'Stage "{stage}" has no Definition of Done; expected a DoD, Acceptance Criteria, Exit Criteria or Checkpoint with verifiable outcomes',
    unfilled: 'Stage "{stage}" has a Definition of Done with nothing in it ("{text}"); expected the verifiable outcomes that say when the stage is done',
    summary: 'Most stages have no Definition of Done ({count} of {total}: {stages}); expected each stage, or a plan-level Definition of Done, to say when it is done',
  },
  notes: [
    'DoD evidence is a heading, a label at the start of any line (with a qualifier: "Final acceptance criteria:", "**Success Criteria** (what must be TRUE):"), or a table column from the DoD vocabulary inside the stage: Definition of Done, DoD, Done when, Acceptance Criteria/Scenarios/Tests, Success Criteria/Metrics, Exit Criteria/Gate, Gate Criteria, Decision Gate, Completion/Graduation Criteria, Checkpoint (also a `Checkpoint - …` item), Verification, Deliverables, Expected (result/outcome), and the packs\' terms (完成标准, 完了条件, Criterios de aceptación…).',
    'A `Run: …` line followed by `Expected: …` is a check, so it is DoD and tests evidence.',
    'Content, not presence: a DoD section or label that is empty, only TBD/TODO/N/A/"-", or only comments is reported as unfilled and satisfies nothing.',
    'A plan-level DoD (a filled DoD section or label outside every stage) covers the stages it names ("Tasks 1-6"), and every stage when at most half of the stages have a DoD of their own.',
    'Majority rule: when most stages (more than half of the non-exempt ones, and at least three) lack a DoD, the plan gets one summary finding on its title that names them, with each stage heading as a related location.',
    'Review, gate, verification and rollback stages are exempt (`exemptKinds`); test stages are not: a stage that builds test infrastructure still has to say when it is done.',
    'In a stage table, a non-empty DoD/Exit/Evidence cell is the row\'s DoD.',
    'Suggestion, never applied by `--fix` or fix-all: a Definition of Done under the stage, seeded from the stage itself: its verification lines (verify, validate, confirm, ensure, check), its expected results with the command before them, its task IDs and its own test command passing. Each seeded value is a slot, `TBC: …` to confirm or `TBD` to write (a tab stop where the editor supports snippets): a slot left as it is says nothing, so the finding stays open as unfilled and the score does not rise. In a stage marked done the items are plain list items, never unchecked boxes. The summary finding offers one suggestion per stage it names.',
  ],
  *check({ plan, options }) {
    const stages = plan.stages.filter((s) => !options.exemptKinds.includes(s.kind));
    const gaps = stageGaps(stages, (s) => !stageDod(plan, s) || stageDod(plan, s)!.tbd === true);
    if (gaps.mode === 'summary') {
      yield {
        messageId: 'summary',
        data: { count: gaps.lacking.length, total: stages.length, stages: stageList(gaps.lacking) },
        span: summarySpan(plan),
        related: stageRelated(gaps.lacking, (s) => `"${s.title}" has no Definition of Done`),
        suggestions: gaps.lacking.filter((s) => !stageDod(plan, s)).flatMap((s) => dodSuggestion(plan, s) ?? []),
      };
      return;
    }
    for (const stage of gaps.lacking) {
      const dod = stageDod(plan, stage);
      if (dod?.tbd) {
        yield { messageId: 'unfilled', data: { stage: stage.title, text: dod.text }, span: stage.headingSpan };
        continue;
      }
      const suggestion = dodSuggestion(plan, stage);
      yield { messageId: 'missing', data: { stage: stage.title }, span: stage.headingSpan, ...(suggestion ? { suggestions: [suggestion] } : {}) };
    }
  },
});
