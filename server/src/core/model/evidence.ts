import type { Fact, FactMap } from './facts.js';
import { headingIndexAt, sectionKindsAt, type Outline } from './headings.js';
import type { Evidence, Plan, Stage } from './plan.js';
import { stageAt } from './stages.js';
import { stageKeysIn } from './stage-keys.js';

/** The plan-level evidence of a {@link Plan}. */
export type PlanEvidence = Pick<Plan, 'planDod' | 'planTests' | 'planRollback' | 'planHealthCheck' | 'anyRollback' | 'unfilledRollback' | 'changeSignal'>;

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
 * @param outline the headings, for the section a rollback phrase stands in
 */
export function planEvidence(stages: Stage[], facts: FactMap, text: string, outline: Outline): PlanEvidence {
  const implicit = stages.length === 1 && stages[0]!.source === 'implicit';
  const outsideStages = (f: Fact) => implicit || !stageAt(stages, f.offset);
  const planTestsFact = (facts.get('tests') ?? []).find((f) => f.fromHeading && f.explicit && outsideStages(f));
  const testStage = stages.find((s) => (s.kind === 'test' || s.kind === 'verification') && s.source !== 'implicit');
  const planTests: Evidence | undefined = planTestsFact ?? (testStage ? { span: testStage.headingSpan, text: testStage.title } : undefined);
  // A rollback section or label outside every stage (a "Rollback Plan:" item under Risks too).
  const planRollbackFact = (facts.get('rollback') ?? []).find((f) => f.explicit && outsideStages(f));
  const rollbackStage = stages.find((s) => s.kind === 'rollback' && s.source !== 'implicit');
  const planRollback = planRollbackFact
    ? { span: planRollbackFact.span, text: planRollbackFact.text, stageKeys: stageKeysIn(text.slice(planRollbackFact.offset, planRollbackFact.sectionEnd ?? paragraphEnd(text, planRollbackFact.offset))) }
    : rollbackStage
      ? { span: rollbackStage.headingSpan, text: rollbackStage.title, stageKeys: [] }
      : undefined;
  const healthStage = stages.find((s) => s.source !== 'implicit' && HEALTH_TITLE.test(s.title));
  const planHealthCheck: Evidence | undefined =
    (facts.get('health') ?? []).find((f) => f.fromHeading && outsideStages(f)) ?? (healthStage ? { span: healthStage.headingSpan, text: healthStage.title } : undefined);
  const planDod = planLevelDod(stages, facts, text, outline, outsideStages, implicit);
  // Words inside an unfilled Rollback section ("Steps: TODO (the commands that undo the change)") say nothing (spec v2, Unfilled).
  const unfilledSections = (facts.get('rollbackTbd') ?? []).filter((f) => f.sectionEnd !== undefined);
  const inUnfilled = (f: Fact) => unfilledSections.some((u) => f.offset > u.offset && f.offset < u.sectionEnd!);
  const anyRollback = (facts.get('rollback') ?? []).find((f) => !inUnfilled(f) && (f.explicit || undoesThisChange(f, stages, outline)));
  const changeStage = stages.find((s) => s.changesRunningSystem && s.source !== 'implicit');
  const changeFact = (facts.get('change') ?? [])[0];
  const changeSignal: Evidence | undefined = changeStage ? { span: changeStage.headingSpan, text: changeStage.title } : changeFact;
  const unfilledRollback = (facts.get('rollbackTbd') ?? [])[0];
  return { planDod, planTests, planRollback, planHealthCheck, anyRollback, unfilledRollback, changeSignal };
}

/** Stage words a plan-level section names stages by, with ranges ("Tasks 1-6", "Phases 2 and 3"). */
const NAMED_STAGES = /\b(stage|phase|step|milestone|sprint|iteration|wave|epic|task|week|day)s?\s*(?:#\s*)?(\d+)(?:\s*(?:-|–|to|through|\.\.)\s*(\d+))?((?:\s*(?:,|and|&)\s*\d+)*)/gi;

/** Keys of the stages `s` names, ranges and lists expanded ("Tasks 1-3" → task 1, task 2, task 3). */
export function namedStageKeys(s: string): string[] {
  const keys: string[] = [];
  for (const m of s.matchAll(NAMED_STAGES)) {
    const word = m[1]!.toLowerCase();
    const from = Number(m[2]);
    const to = m[3] ? Number(m[3]) : from;
    for (let n = from; n <= to && n - from < 100; n++) keys.push(`${word} ${n}`);
    for (const extra of (m[4] ?? '').matchAll(/\d+/g)) keys.push(`${word} ${extra[0]}`);
  }
  return keys;
}

/**
 * The plan-level DoD: the first filled DoD heading or label outside every stage. Its section
 * (to the section end for a heading, to the next heading for a label) names the stages it
 * covers; it covers every stage when at most half of them have a DoD of their own.
 */
function planLevelDod(stages: Stage[], facts: FactMap, text: string, outline: Outline, outside: (f: Fact) => boolean, implicit: boolean): PlanEvidence['planDod'] {
  if (implicit) return undefined;
  const fact = (facts.get('dod') ?? []).find((f) => f.explicit && outside(f));
  if (!fact) return undefined;
  // A heading's section, or a label's content up to the next heading (the outline knows where, code fences aside).
  const end = fact.sectionEnd ?? outline.headings[headingIndexAt(outline.headings, fact.offset)]?.contentEnd ?? outline.headings.find((h) => h.span.start.offset > fact.offset)?.span.start.offset ?? text.length;
  const own = stages.filter((s) => s.dod && !s.dod.tbd).length;
  return { span: fact.span, text: fact.text, stageKeys: namedStageKeys(text.slice(fact.offset, end)), coversAll: own * 2 <= stages.length };
}

/** Offset of the end of the paragraph or tight list item holding `offset`: the next blank line. */
function paragraphEnd(text: string, offset: number): number {
  const m = /\r?\n[ \t]*\r?\n/.exec(text.slice(offset));
  return m ? offset + m.index : text.length;
}

/** A sentence about changing a running system ("roll back the deploy", "revert the migration"). */
const CHANGE_WORDS = /\b(?:deploy\w*|releas\w*|rollout|roll(?:ing)?\s+out|migrat\w*|cut\s?over|production|prod|traffic|flag|canary|schema)\b/i;

/**
 * Whether a rollback phrase said in passing is about undoing this plan's change (spec v2,
 * Rollback): it stands in a rollback, risk or mitigation section, in a stage that changes a
 * running system, or in a sentence about a deploy, migration or release. The name of a product
 * feature ("roll back the active version") is not.
 */
function undoesThisChange(f: Fact, stages: Stage[], outline: Outline): boolean {
  // A heading's own words are read as a heading (filled or not), not as a phrase in passing.
  const h = outline.headings[headingIndexAt(outline.headings, f.offset)];
  if (h && f.offset < h.span.end.offset) return false;
  const { kinds } = sectionKindsAt(outline, f.offset);
  if (kinds.has('rollback') || kinds.has('risks')) return true;
  const stage = stageAt(stages, f.offset);
  if (stage?.changesRunningSystem) return true;
  return CHANGE_WORDS.test(f.text);
}
