import { insertPlanSectionFix, insertSectionFix } from '../fix.js';
import type { Plan, Stage } from '../model/plan.js';
import type { Fix } from '../rule.js';
import { dodSeeds } from './dod-seed.js';
import { slot, type SlotLine } from './snippet.js';
import { planTestCommand } from './test-command.js';
import { undoSteps } from './undo-command.js';

/*
 * The section suggestions: Definition of Done, Tests, Rollback and Risks skeletons seeded from
 * the plan. Every seeded value is a slot whose default reads as unfilled to the model (`TBC: …`
 * to confirm, `TBD` to write), so an applied suggestion keeps its finding open, as unfilled, and
 * earns no score until the author fills it in.
 */

/** The sections planlint can insert under a stage (quick fixes and editor commands). */
export type SectionKind = 'dod' | 'tests' | 'rollback';

/** A slot to confirm: `TBC: <seed>`; `TBD` when there is no seed. */
const seeded = (seed: string | undefined) => slot(seed ? `TBC: ${seed}` : 'TBD');

/** Whether `stage` or a stage it is nested in is marked done: no unchecked item may be added there. */
function doneHere(plan: Plan, stage: Stage): boolean {
  for (let s: Stage | undefined = stage; s; s = s.parent === undefined ? undefined : plan.stages[s.parent]) if (s.done) return true;
  return false;
}

/**
 * A suggestion that adds a Definition of Done to `stage`, seeded from its verification lines,
 * expected results, task IDs and test command ({@link dodSeeds}); checklist items, or plain
 * items in a stage marked done. `undefined` where no section can be inserted (a table row, an
 * unsafe end, a document with conflict markers).
 */
export function dodSuggestion(plan: Plan, stage: Stage): Fix | undefined {
  const marker = doneHere(plan, stage) ? '- ' : '- [ ] ';
  const seeds = dodSeeds(plan, stage);
  const body: SlotLine[] = seeds.length > 0 ? seeds.map((s) => [marker, seeded(s)]) : [[marker, seeded(undefined)]];
  return insertSectionFix(plan, stage, `Add a Definition of Done to "${stage.title}"`, 'Definition of Done', body);
}

/** A suggestion that adds a Tests block to `stage`, with the test command the plan uses ({@link planTestCommand}). */
export function testsSuggestion(plan: Plan, stage: Stage): Fix | undefined {
  const command = planTestCommand(plan, stage);
  const body: SlotLine[] = [['- ', seeded(command && `\`${command.command}\` runs the tests this stage adds`)]];
  return insertSectionFix(plan, stage, `Add a Tests block to "${stage.title}"`, 'Tests', body);
}

/** The trigger, steps and verification of a rollback, the steps seeded with the undo commands of the plan's tools. */
function rollbackBody(plan: Plan, stage?: Stage): SlotLine[] {
  const steps = undoSteps(plan, stage).map((u) => u.step);
  return [
    ['- Trigger: ', seeded(undefined)],
    ['- Steps: ', seeded(steps.length > 0 ? steps.join(', then ') : undefined)],
    ['- Verify: ', seeded(undefined)],
  ];
}

/** A suggestion that adds a Rollback block to `stage`, its steps the undo commands of the tools it uses ({@link undoSteps}). */
export function rollbackSuggestion(plan: Plan, stage: Stage): Fix | undefined {
  return insertSectionFix(plan, stage, `Add a Rollback block to "${stage.title}"`, 'Rollback', rollbackBody(plan, stage));
}

/** A suggestion that adds a plan-level Rollback section at the end, its steps the undo commands of the plan's tools. */
export function planRollbackSuggestion(plan: Plan): Fix | undefined {
  return insertPlanSectionFix(plan, 'Add a Rollback section', 'Rollback', rollbackBody(plan));
}

/**
 * A suggestion that adds a plan-level Risks section at the end: one risk to confirm for each
 * stage that changes a running system (at most three), its mitigation the way back; one slot
 * when there is none.
 */
export function risksSuggestion(plan: Plan): Fix | undefined {
  const changing = plan.stages.filter((s) => s.changesRunningSystem && s.source !== 'implicit').slice(0, 3);
  const body: SlotLine[] = changing.map((s) => {
    const steps = undoSteps(plan, s).map((u) => u.step);
    return ['- ', seeded(`"${s.title}" fails in production; mitigation: ${steps.length > 0 ? steps.join(', then ') : 'TBD'}`)];
  });
  return insertPlanSectionFix(plan, 'Add a Risks section', 'Risks', body.length > 0 ? body : [['- ', seeded(undefined)]]);
}

/**
 * The suggestion that inserts a `kind` section under `stage` (one heading level deeper, at the
 * end of the stage), or `undefined` where none can be inserted.
 */
export function sectionFix(plan: Plan, stage: Stage, kind: SectionKind): Fix | undefined {
  if (kind === 'dod') return dodSuggestion(plan, stage);
  if (kind === 'tests') return testsSuggestion(plan, stage);
  return rollbackSuggestion(plan, stage);
}
