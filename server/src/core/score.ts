import { CONCRETE_CHECK, SCENARIO, VAGUE_VERB_PHRASE, VAGUE_WORDS } from './model/patterns.js';
import type { Plan } from './model/plan.js';

/** One score component: a fraction with the counts behind it. */
export interface ScoreComponent {
  /** 0..1 */
  value: number;
  /** Items that satisfy the component (covered requirements, stages with a DoD...). */
  covered: number;
  /** Items counted. */
  total: number;
  /** Weight in the total (spec: completeness score). */
  weight: number;
}

export type ScoreComponentName = 'requirements' | 'done' | 'tests' | 'rollback' | 'gates' | 'risks' | 'owners' | 'clarity';

/** The completeness score: 0-100, the weighted mean of the components. */
export interface Score {
  total: number;
  components: Record<ScoreComponentName, ScoreComponent>;
}

/** Weights from `spec/rules.md`, "Completeness score"; they sum to 100. */
export const SCORE_WEIGHTS: Record<ScoreComponentName, number> = {
  requirements: 20,
  done: 15,
  tests: 15,
  rollback: 15,
  gates: 10,
  risks: 10,
  owners: 5,
  clarity: 10,
};

/** True when a criterion uses vague words and has nothing to check (rule unmeasurable-criterion). */
export function isUnmeasurable(text: string): boolean {
  if (!VAGUE_WORDS.test(text) || SCENARIO.test(text)) return false;
  return !CONCRETE_CHECK.test(text.replace(VAGUE_VERB_PHRASE, ' '));
}

/** The IDs that cover a requirement: its own, and for a Kiro requirement its criteria (`3.1`). */
export function requirementIds(r: Plan['requirements'][number]): string[] {
  return r.family === 'kiro' ? [r.id, ...r.criteria] : [r.id];
}

/** A test of whether a requirement is referenced outside its definition (rule uncovered-requirement). */
export function coverageTest(plan: Plan): (r: Plan['requirements'][number]) => boolean {
  const referenced = new Set(plan.references.map((x) => `${x.family}:${x.id}`));
  return (r) => requirementIds(r).some((id) => referenced.has(`${r.family}:${id}`));
}

/** True when `stage` is covered by rollback, as rule missing-rollback decides. */
/**
 * A stage's Definition of Done: its own, else the plan-level DoD when that covers the stage
 * (it names the stage, or covers every stage). `undefined` when none; `tbd` when unfilled.
 */
export function stageDod(plan: Plan, stage: Plan['stages'][number]): Plan['stages'][number]['dod'] {
  if (stage.dod && !stage.dod.tbd) return stage.dod;
  const cover = plan.planDod;
  if (cover && (cover.coversAll || (stage.key !== undefined && cover.stageKeys.includes(stage.key)))) return cover;
  return stage.dod;
}

export function stageHasRollback(plan: Plan, stage: Plan['stages'][number]): boolean {
  if (stage.rollback) return true;
  if (stage.source === 'implicit') return plan.anyRollback !== undefined;
  // A nested stage is part of its parent's change: the parent's rollback covers it.
  if (stage.parent !== undefined && stageHasRollback(plan, plan.stages[stage.parent]!)) return true;
  const cover = plan.planRollback;
  return !!cover && (cover.stageKeys.length === 0 || (stage.key !== undefined && cover.stageKeys.includes(stage.key)));
}

/**
 * Computes the completeness score of a plan from its model, as `spec/rules.md` defines it.
 * Independent of rule configuration: turning a rule off does not raise the score.
 */
export function computeScore(plan: Plan): Score {
  const frac = (covered: number, total: number, whenEmpty = 0) => (total === 0 ? whenEmpty : covered / total);
  const component = (name: ScoreComponentName, covered: number, total: number, value: number): ScoreComponent => ({
    value: Math.round(value * 1000) / 1000,
    covered,
    total,
    weight: SCORE_WEIGHTS[name],
  });

  const coveredReqs = plan.requirements.filter(coverageTest(plan)).length;
  const stages = plan.stages;
  const withDod = stages.filter((s) => { const d = stageDod(plan, s); return d !== undefined && !d.tbd; }).length;
  const withTests = stages.filter((s) => (s.tests && !s.tests.tbd) || (!s.tests && plan.planTests)).length;
  const changing = stages.filter((s) => s.changesRunningSystem);
  const rolledBack = changing.filter((s) => stageHasRollback(plan, s)).length;
  const rollbackValue = changing.length === 0 ? (plan.planRollback || plan.anyRollback ? 1 : 0) : rolledBack / changing.length;
  const completeGates = plan.gates.filter((g) => g.hasCommand && g.hasThreshold).length;
  const mitigated = plan.risks.filter((r) => r.hasMitigation || r.drawback).length;
  const owned = plan.owner ? stages.length : stages.filter((s) => s.owner).length;
  const unclear = plan.placeholders.length + plan.criteria.filter((c) => isUnmeasurable(c.text)).length + plan.conflictMarkers.length;

  const components: Record<ScoreComponentName, ScoreComponent> = {
    requirements: component('requirements', coveredReqs, plan.requirements.length, frac(coveredReqs, plan.requirements.length)),
    done: component('done', withDod, stages.length, frac(withDod, stages.length)),
    tests: component('tests', withTests, stages.length, frac(withTests, stages.length)),
    rollback: component('rollback', changing.length === 0 ? (rollbackValue === 1 ? 1 : 0) : rolledBack, changing.length, rollbackValue),
    gates: component('gates', completeGates, plan.gates.length, frac(completeGates, plan.gates.length)),
    risks: component('risks', mitigated, plan.risks.length, frac(mitigated, plan.risks.length)),
    owners: component('owners', owned, stages.length, frac(owned, stages.length)),
    clarity: component('clarity', unclear, 10, 1 - Math.min(1, unclear / 10)),
  };
  const total = Math.round((Object.keys(components) as ScoreComponentName[]).reduce((sum, k) => sum + components[k].value * SCORE_WEIGHTS[k], 0));
  return { total, components };
}
