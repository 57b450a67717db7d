import { CONCRETE_CHECK, SCENARIO, VAGUE_VERB_PHRASE, VAGUE_WORDS } from './model/patterns.js';
import type { Plan, Risk, Stage, StageKind } from './model/plan.js';

/** True when a criterion uses vague words and has nothing to check (rule unmeasurable-criterion). */
export function isUnmeasurable(text: string): boolean {
  if (!VAGUE_WORDS.test(text) || SCENARIO.test(text)) return false;
  return !CONCRETE_CHECK.test(text.replace(VAGUE_VERB_PHRASE, ' '));
}

/** The IDs that cover a requirement: its own, and for a Kiro requirement its criteria (`3.1`). */
export function requirementIds(r: Plan['requirements'][number]): string[] {
  return r.family === 'kiro' ? [r.id, ...r.criteria] : [r.id];
}

/**
 * A test of whether a requirement is referenced outside its definition (rule uncovered-requirement).
 *
 * @param referenced `family:id` keys of the references that count: by default the plan's own;
 *   for a plan set, those of every file
 */
export function coverageTest(plan: Plan, referenced: ReadonlySet<string> = ownReferences(plan)): (r: Plan['requirements'][number]) => boolean {
  return (r) => requirementIds(r).some((id) => referenced.has(`${r.family}:${id}`));
}

/** `family:id` keys of a plan's own references, per references list: the rule and the score ask for the same plan's. */
const ownReferenceKeys = new WeakMap<Plan['references'], ReadonlySet<string>>();

function ownReferences(plan: Plan): ReadonlySet<string> {
  let keys = ownReferenceKeys.get(plan.references);
  if (!keys) ownReferenceKeys.set(plan.references, (keys = new Set(plan.references.map((x) => `${x.family}:${x.id}`))));
  return keys;
}

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

/** True when `stage` is covered by rollback, as rule missing-rollback decides. */
export function stageHasRollback(plan: Plan, stage: Plan['stages'][number]): boolean {
  if (stage.rollback) return true;
  if (stage.source === 'implicit') return plan.anyRollback !== undefined;
  // A nested stage is part of its parent's change: the parent's rollback covers it.
  if (stage.parent !== undefined && stageHasRollback(plan, plan.stages[stage.parent]!)) return true;
  const cover = plan.planRollback;
  return !!cover && (cover.stageKeys.length === 0 || (stage.key !== undefined && cover.stageKeys.includes(stage.key)));
}


/** The score's components, in report order. */
export type ScoreComponentName = 'requirements' | 'done' | 'tests' | 'rollback' | 'gates' | 'risks' | 'owners' | 'clarity';

/** Every {@link ScoreComponentName}, in report order. */
export const SCORE_COMPONENTS: readonly ScoreComponentName[] = ['requirements', 'done', 'tests', 'rollback', 'gates', 'risks', 'owners', 'clarity'];

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

/** A component that applies to the plan: its value and the counts behind it. */
export interface ApplicableComponent {
  applicable: true;
  /** 0..1, rounded to 3 decimals. */
  value: number;
  /** Items that satisfy the component (covered requirements, stages with a DoD...); for clarity, the issues found. */
  covered: number;
  /** Items counted; for clarity, 10 (the number of issues at which it reaches 0). */
  total: number;
  /** Weight in the total (spec: completeness score). */
  weight: number;
  /** The counts in words, the same in every report: "3 of 4 stages with a filled Definition of Done". */
  detail: string;
}

/** A component that does not apply to the plan (no requirement IDs, nothing deployed...): left out of the total. */
export interface NotApplicableComponent {
  applicable: false;
  /** Why it does not apply, for people: "no requirement IDs defined". */
  reason: string;
  /** Weight it would have had. */
  weight: number;
}

/** One score component: applicable with a value, or not applicable with the reason. */
export type ScoreComponent = ApplicableComponent | NotApplicableComponent;

/**
 * The completeness score (spec v2): `total` (0-100, an integer) is the weighted mean of the
 * applicable components' values, renormalised over their weights; `applicableWeight` is the sum
 * of those weights (at least 25: done and clarity always apply).
 */
export interface Score {
  total: number;
  applicableWeight: number;
  components: Record<ScoreComponentName, ScoreComponent>;
}

/** Stage kinds that need no DoD (rule missing-dod's default `exemptKinds`). */
export const DOD_EXEMPT_KINDS: readonly StageKind[] = ['review', 'verification', 'rollback'];
/** Stage kinds that build or change no code (rule undefined-tests' default `exemptKinds`). */
export const TESTS_EXEMPT_KINDS: readonly StageKind[] = ['setup', 'docs', 'research', 'polish', 'test', 'review', 'verification', 'deploy', 'rollback'];
/** Stages from which a plan needs a risks section (rule missing-risks' default `minStages`). */
export const RISK_MIN_STAGES = 3;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Options of {@link computeScore}. */
export interface ScoreOptions {
  /**
   * For a file of a plan set: the requirements component counts the IDs defined anywhere in the
   * set and covered anywhere in the set, instead of the file's own.
   */
  setRequirements?: SetRequirements;
  /** For a file of a plan set: the risks of every file of the set, counted when the file has no risks section of its own (rule missing-risks reads the set the same way). */
  setRisks?: readonly Risk[];
}

/** The requirement counts of a plan set. */
export interface SetRequirements {
  /** Requirement IDs defined in the set (each family and ID once). */
  defined: number;
  /** Those referenced by some file of the set outside their definitions. */
  covered: number;
  /** The set's file names, for the component's detail ("plan.md, spec.md, tasks.md"). */
  files: string;
}

/**
 * Computes the completeness score of a plan from its model, as `spec/rules.md` (v2) defines it:
 * each component applies or not (with the reason), and the total is renormalised over the
 * weights of those that apply. Unfilled sections (empty, TBD/N/A, template slots) count as
 * absent. Independent of rule configuration: turning a rule off does not raise the score.
 */
export function computeScore(plan: Plan, options: ScoreOptions = {}): Score {
  const applies = (name: ScoreComponentName, covered: number, total: number, value: number, detail: string): ApplicableComponent => ({
    applicable: true,
    value: Math.round(value * 1000) / 1000,
    covered,
    total,
    weight: SCORE_WEIGHTS[name],
    detail,
  });
  const fraction = (name: ScoreComponentName, covered: number, total: number, detail: string) => applies(name, covered, total, total === 0 ? 0 : covered / total, detail);
  const notApplicable = (name: ScoreComponentName, reason: string): NotApplicableComponent => ({ applicable: false, reason, weight: SCORE_WEIGHTS[name] });
  const stages = plan.stages;
  const components: Record<ScoreComponentName, ScoreComponent> = {
    requirements: options.setRequirements ? setRequirementsComponent(options.setRequirements, fraction, notApplicable) : requirementsComponent(plan, fraction, notApplicable),
    done: doneComponent(plan, stages, fraction),
    tests: testsComponent(plan, stages, fraction, notApplicable),
    rollback: rollbackComponent(plan, stages, fraction, notApplicable),
    gates: gatesComponent(plan, fraction, notApplicable),
    risks: risksComponent(plan, stages, fraction, notApplicable, options.setRisks),
    owners: ownersComponent(plan, stages, fraction, notApplicable),
    clarity: clarityComponent(plan, applies),
  };
  let weight = 0;
  let sum = 0;
  for (const name of SCORE_COMPONENTS) {
    const c = components[name];
    if (!c.applicable) continue;
    weight += c.weight;
    sum += c.weight * c.value;
  }
  return { total: weight === 0 ? 0 : Math.round((100 * sum) / weight), applicableWeight: weight, components };
}

type Fraction = (name: ScoreComponentName, covered: number, total: number, detail: string) => ApplicableComponent;
type NotApplicable = (name: ScoreComponentName, reason: string) => NotApplicableComponent;

/** requirements: applies when the plan defines requirement IDs; covered IDs / defined IDs. */
function requirementsComponent(plan: Plan, fraction: Fraction, notApplicable: NotApplicable): ScoreComponent {
  const defined = plan.requirements.length;
  if (defined === 0) return notApplicable('requirements', 'no requirement IDs defined');
  const covered = plan.requirements.filter(coverageTest(plan)).length;
  return fraction('requirements', covered, defined, `${covered} of ${plural(defined, 'requirement ID')} referenced outside ${defined === 1 ? 'its definition' : 'their definitions'}`);
}

/** requirements of a plan set: applies when the set defines requirement IDs; covered IDs / defined IDs, across the set. */
function setRequirementsComponent(set: SetRequirements, fraction: Fraction, notApplicable: NotApplicable): ScoreComponent {
  if (set.defined === 0) return notApplicable('requirements', `no requirement IDs defined in the plan set (${set.files})`);
  return fraction('requirements', set.covered, set.defined, `${set.covered} of ${plural(set.defined, 'requirement ID')} of the plan set (${set.files}) referenced outside ${set.defined === 1 ? 'its definition' : 'their definitions'}`);
}

/** done: always applies; stages with a filled DoD (own or a covering plan-level one) / stages that need one. */
function doneComponent(plan: Plan, stages: Stage[], fraction: Fraction): ScoreComponent {
  const needing = stages.filter((s) => !DOD_EXEMPT_KINDS.includes(s.kind));
  const counted = needing.length > 0 ? needing : stages;
  const withDod = counted.filter((s) => {
    const d = stageDod(plan, s);
    return d !== undefined && !d.tbd;
  }).length;
  return fraction('done', withDod, counted.length, `${withDod} of ${plural(counted.length, 'stage')} with a filled Definition of Done`);
}

/** tests: applies when some stage builds or changes code; those stages with filled tests (own or plan-level) / those stages. */
function testsComponent(plan: Plan, stages: Stage[], fraction: Fraction, notApplicable: NotApplicable): ScoreComponent {
  const building = stages.filter((s) => !TESTS_EXEMPT_KINDS.includes(s.kind));
  if (building.length === 0) return notApplicable('tests', 'no stage builds or changes code (setup, docs, research, review, deploy... stages only)');
  const withTests = building.filter((s) => (s.tests !== undefined && !s.tests.tbd) || plan.planTests !== undefined).length;
  return fraction('tests', withTests, building.length, `${withTests} of ${plural(building.length, 'stage')} building or changing code with tests`);
}

/** rollback: applies when the plan changes a running system; changing stages covered by a filled rollback / changing stages. */
function rollbackComponent(plan: Plan, stages: Stage[], fraction: Fraction, notApplicable: NotApplicable): ScoreComponent {
  if (!plan.changeSignal) return notApplicable('rollback', 'the plan changes no running system (no deploy, cutover or live migration)');
  const changing = stages.filter((s) => s.changesRunningSystem && s.source !== 'implicit');
  if (changing.length === 0) {
    const has = plan.anyRollback !== undefined ? 1 : 0;
    return fraction('rollback', has, 1, has ? 'the change to a running system has a rollback' : 'the change to a running system has no filled rollback');
  }
  const covered = plan.anyRollback ? changing.filter((s) => stageHasRollback(plan, s)).length : 0;
  return fraction('rollback', covered, changing.length, `${covered} of ${plural(changing.length, 'stage')} changing a running system with a rollback`);
}


/** gates: applies when the plan declares CI gates; gates with a command and a threshold / gates. */
function gatesComponent(plan: Plan, fraction: Fraction, notApplicable: NotApplicable): ScoreComponent {
  if (plan.gates.length === 0) return notApplicable('gates', 'no CI gates declared');
  const complete = plan.gates.filter((g) => g.hasCommand && g.hasThreshold).length;
  return fraction('gates', complete, plan.gates.length, `${complete} of ${plural(plan.gates.length, 'CI gate')} with a command and a threshold`);
}

/**
 * risks: applies to a plan of three or more stages or one that changes a running system (as
 * rule missing-risks decides); 0 without risks, else risks with a mitigation (or accepted as a
 * drawback) / risks. A risks section that lists no risk (empty, TBD) counts as none.
 */
function risksComponent(plan: Plan, stages: Stage[], fraction: Fraction, notApplicable: NotApplicable, setRisks?: readonly Risk[]): ScoreComponent {
  const headed = stages.filter((s) => s.source !== 'implicit').length;
  const changing = stages.some((s) => s.changesRunningSystem);
  if (headed < RISK_MIN_STAGES && !changing) return notApplicable('risks', `fewer than ${RISK_MIN_STAGES} stages and no change to a running system`);
  const inSet = plan.risks.length === 0 && !plan.riskSection && setRisks !== undefined && setRisks.length > 0;
  const risks = inSet ? setRisks : plan.risks;
  const total = risks.length;
  if (total === 0) return fraction('risks', 0, 0, plan.riskSection ? 'the risks section names no risk' : 'no risks section');
  const mitigated = risks.filter((r) => r.hasMitigation || r.drawback).length;
  return fraction('risks', mitigated, total, `${mitigated} of ${plural(total, 'risk')}${inSet ? ' of the plan set' : ''} with a mitigation`);
}

/** owners: applies when the plan or some stage names an owner; stages with an owner / stages (review stages aside, as rule missing-owner counts). */
function ownersComponent(plan: Plan, stages: Stage[], fraction: Fraction, notApplicable: NotApplicable): ScoreComponent {
  const counted = stages.filter((s) => s.kind !== 'review');
  const list = counted.length > 0 ? counted : stages;
  if (!plan.owner && !stages.some((s) => s.owner)) return notApplicable('owners', 'no stage or plan names an owner');
  const owned = plan.owner ? list.length : list.filter((s) => s.owner).length;
  return fraction('owners', owned, list.length, plan.owner ? `the plan's owner (${plan.owner}) owns every stage` : `${owned} of ${plural(list.length, 'stage')} with an owner`);
}

/** clarity: always applies; 1 - min(1, (placeholders + unmeasurable criteria + conflict markers) / 10). */
function clarityComponent(plan: Plan, applies: (name: ScoreComponentName, covered: number, total: number, value: number, detail: string) => ApplicableComponent): ScoreComponent {
  const placeholders = plan.placeholders.length;
  const vague = plan.criteria.filter((c) => isUnmeasurable(c.text)).length;
  const conflicts = plan.conflictMarkers.length;
  const issues = placeholders + vague + conflicts;
  return applies('clarity', issues, 10, 1 - Math.min(1, issues / 10), `${plural(placeholders, 'placeholder')}, ${plural(vague, 'unmeasurable criterion', 'unmeasurable criteria')}, ${plural(conflicts, 'conflict marker')} (10 or more issues score 0)`);
}
