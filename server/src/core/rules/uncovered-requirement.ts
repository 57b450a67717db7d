import * as z from 'zod';
import { insertBlock, stageInsertOffset } from '../fix.js';
import { isMajority, nameList } from '../majority.js';
import { defineRule, type Fix } from '../rule.js';
import { coverageTest } from '../score.js';

export default defineRule({
  id: 'uncovered-requirement',
  title: 'Every requirement is implemented somewhere in the plan',
  rationale: 'A requirement that no stage or task mentions is the one that silently ships missing. Traceability makes the gap visible at review time.',
  defaultSeverity: 'warning',
  fixable: false,
  suggests: true,
  options: z.strictObject({
    /** How far a plan set's tasks must trace to its requirements: the profile's (default), every requirement covered, or also every task tracing to one. */
    traceability: z.enum(['profile', 'coverage', 'full']).default('profile').describe('profile (default: the set\'s profile decides, coverage for every built-in one), coverage (every requirement is referenced) or full (also every task of a plan set traces to a requirement)'),
  }),
  messages: {
    uncovered: '{name} is not referenced by any stage, task, DoD or test; expected its ID in the stage or task that implements it',
    summary: 'Most requirements are referenced nowhere ({count} of {total}: {ids}); expected the stages or tasks to cite the requirement IDs they implement',
    uncoveredInSet: '{name} is not referenced by any file of its plan set ({files}); expected its ID in the task or stage that implements it',
    untracedTaskInSet: 'Task "{task}" traces to no requirement of its plan set ({files}); expected the requirement IDs it implements (full traceability)',
    untracedSummaryInSet: 'Most tasks trace to no requirement of their plan set ({files}: {count} of {total}: {tasks}); expected each task to cite the requirement IDs it implements (full traceability)',
    summaryInSet: 'Most requirements are referenced by no file of their plan set ({files}: {count} of {total}: {ids}); expected the tasks to cite the requirement IDs they implement',
  },
  notes: [
    'Only plans with work items (stages or tasks) are checked: a requirements-only document (a spec.md or requirements.md) cannot cover its own requirements, its tasks live in another file.',
    'Any occurrence of the ID outside its own definition counts, including traceability tables and other requirements.',
    'Kiro requirements (`### Requirement 3` with numbered criteria) are covered when any of their criteria (`3.1`) or the requirement is traced by a `_Requirements: ..._` label.',
    'Majority rule: when most requirement IDs (more than half, and at least three) are referenced nowhere, the plan does not trace by ID (or its tasks live in another file): one summary finding on the first requirement definition, with the uncovered definitions as related locations.',
    'In a plan set (see docs/plan-sets.md: a spec-kit or Kiro feature folder linted together), a requirement is covered by a reference in any file of the set, and the set is checked when any of its files has stages or tasks; the finding stays at the definition line in the file that defines it, also when that file alone (a `spec.md` or `requirements.md`) is not a plan. The majority rule applies per defining file. Cross-file findings carry no suggestions.',
    'Full traceability (option `traceability: "full"`, or a profile that asks for it; off by default): in a plan set that defines requirement IDs, each task of its tasks files that cites no requirement ID (of the profile\'s ID families; a `_Requirements:_` line or any ID in the task, its sub-items or its subtasks, Kiro\'s flat `2.1` under `2.` included, or in the own lines of a task it is nested in) is reported on the task (`untracedTaskInSet`), or, when most tasks trace to nothing, once on the tasks file\'s title (`untracedSummaryInSet`). Checkpoint tasks, the tasks of setup, research, docs, polish, test, review and verification stages, and checklists outside every stage (a "Validation Checklist" of the document itself) are not counted. This rule carries it because it is the same traceability question asked from the task\'s side: a task that implements no requirement is either undocumented scope or a requirement the spec is missing.',
    'The edit is offered once per stage, as suggestions (quick fixes), never applied by `--fix` or fix-all: which stage implements a requirement is a decision for a person. The suggestion has no slot: choosing the stage completes it, so it resolves the finding.',
  ],
  *check({ plan }) {
    const workStages = plan.stages.filter((s) => s.source !== 'implicit');
    if (workStages.length === 0 && plan.tasks.length === 0) return;
    const covered = coverageTest(plan);
    const uncovered = plan.requirements.filter((r) => !covered(r));
    const name = (r: (typeof uncovered)[number]) => (r.family === 'kiro' ? `Requirement ${r.id}` : r.id);
    if (isMajority(uncovered.length, plan.requirements.length)) {
      const ids = nameList(uncovered.map(name));
      yield {
        messageId: 'summary',
        data: { count: uncovered.length, total: plan.requirements.length, ids },
        span: plan.requirements[0]!.span,
        related: uncovered.map((r) => ({ span: r.span, message: `${name(r)} is referenced nowhere` })),
      };
      return;
    }
    for (const req of uncovered) {
      const label = name(req);
      const line = req.family === 'kiro' ? `_Requirements: ${req.criteria[0] ?? req.id}_` : `- Requirements: ${req.id}`;
      const suggestions: Fix[] = workStages
        .filter((s) => s.source === 'heading')
        .flatMap((stage) => {
          const offset = stageInsertOffset(plan, stage);
          return offset === undefined ? [] : [{ title: `Add ${label} to "${stage.title}"`, edits: [insertBlock(plan, offset, [line])] }];
        });
      const related = workStages.map((stage) => ({ span: stage.headingSpan, message: `Stage "${stage.title}" could implement ${label}` }));
      // A Kiro requirement's label already says "Requirement 7".
      yield { messageId: 'uncovered', data: { name: req.family === 'kiro' ? label : `Requirement ${label}` }, span: req.span, suggestions, related };
    }
  },
});
