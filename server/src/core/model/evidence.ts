import type { Fact, FactMap } from './facts.js';
import type { Evidence, Plan, Stage } from './plan.js';
import { stageAt } from './stages.js';
import { stageKeysIn } from './stage-keys.js';

/** The plan-level evidence of a {@link Plan}. */
export type PlanEvidence = Pick<Plan, 'planTests' | 'planRollback' | 'planHealthCheck' | 'anyRollback' | 'changeSignal'>;

const HEALTH_TITLE = /\b(?:health\s*checks?|smoke\s+tests?|monitoring|observability)\b/i;

/**
 * Plan-level tests, rollback and health check (a heading of that kind outside every heading
 * stage, else a stage of that kind), the first rollback said anywhere, and the first sign that
 * the plan changes a running system (a stage that does, else a fact). A plan-level rollback
 * lists the stages its section names.
 *
 * @param stages the plan's stages ({@link buildStages})
 * @param facts all facts, merged and sorted
 * @param text the document
 */
export function planEvidence(stages: Stage[], facts: FactMap, text: string): PlanEvidence {
  const implicit = stages.length === 1 && stages[0]!.source === 'implicit';
  const outsideStages = (f: Fact) => implicit || !stageAt(stages, f.offset);
  const planTestsFact = (facts.get('tests') ?? []).find((f) => f.fromHeading && outsideStages(f));
  const testStage = stages.find((s) => s.kind === 'test' && s.source !== 'implicit');
  const planTests: Evidence | undefined = planTestsFact ?? (testStage ? { span: testStage.headingSpan, text: testStage.title } : undefined);
  const planRollbackFact = (facts.get('rollback') ?? []).find((f) => f.fromHeading && outsideStages(f));
  const rollbackStage = stages.find((s) => s.kind === 'rollback' && s.source !== 'implicit');
  const planRollback = planRollbackFact
    ? { span: planRollbackFact.span, text: planRollbackFact.text, stageKeys: stageKeysIn(text.slice(planRollbackFact.offset, planRollbackFact.sectionEnd ?? planRollbackFact.offset)) }
    : rollbackStage
      ? { span: rollbackStage.headingSpan, text: rollbackStage.title, stageKeys: [] }
      : undefined;
  const healthStage = stages.find((s) => s.source !== 'implicit' && HEALTH_TITLE.test(s.title));
  const planHealthCheck: Evidence | undefined =
    (facts.get('health') ?? []).find((f) => f.fromHeading && outsideStages(f)) ?? (healthStage ? { span: healthStage.headingSpan, text: healthStage.title } : undefined);
  const anyRollback = (facts.get('rollback') ?? [])[0];
  const changeStage = stages.find((s) => s.changesRunningSystem && s.source !== 'implicit');
  const changeFact = (facts.get('change') ?? [])[0];
  const changeSignal: Evidence | undefined = changeStage ? { span: changeStage.headingSpan, text: changeStage.title } : changeFact;
  return { planTests, planRollback, planHealthCheck, anyRollback, changeSignal };
}
