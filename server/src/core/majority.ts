import type { Plan, Stage } from './model/plan.js';
import type { Span } from './text.js';

/**
 * The majority rule of the catalogue (spec: "What changed in v2", item 4, and "Rules"): when
 * most of a plan's non-exempt stages lack something, the plan does not do that thing, and one
 * summary finding on the title says so; when only a minority lacks it, the plan is inconsistent
 * with itself and each of those stages is reported. "Most" is more than half of the non-exempt
 * stages and at least three of them.
 */
export interface StageGaps {
  /** `summary`: one finding on the title; `stages`: one finding per stage in `lacking`. */
  mode: 'summary' | 'stages';
  lacking: Stage[];
}

/**
 * Splits `stages` (the non-exempt ones) by `lacks` and decides how to report them.
 *
 * @param stages the plan's stages that the rule applies to, in document order
 * @param lacks true for a stage that lacks the thing the rule checks
 */
export function stageGaps(stages: readonly Stage[], lacks: (stage: Stage) => boolean): StageGaps {
  const lacking = stages.filter(lacks);
  return { mode: isMajority(lacking.length, stages.length) ? 'summary' : 'stages', lacking };
}

/** "Most": more than half of `total`, and at least three (spec v2, "Rules"). */
export function isMajority(count: number, total: number): boolean {
  return count >= 3 && count * 2 > total;
}

/** The names a summary finding lists: the first five, then "and N more". */
export function nameList(names: readonly string[]): string {
  return `${names.slice(0, 5).join(', ')}${names.length > 5 ? `, and ${names.length - 5} more` : ''}`;
}

/**
 * The stage titles a summary finding names: the first five, then "and N more".
 *
 * @param stages the stages the summary covers
 */
export function stageList(stages: readonly Stage[]): string {
  return nameList(stages.map((s) => `"${s.title}"`));
}

/** Related locations of a summary finding: each stage's heading, with `message`. */
export function stageRelated(stages: readonly Stage[], message: (stage: Stage) => string): Array<{ span: Span; message: string }> {
  return stages.map((s) => ({ span: s.headingSpan, message: message(s) }));
}

/** Where a summary finding goes: the title (the first H1, else line 1). */
export function summarySpan(plan: Plan): Span {
  return plan.titleSpan;
}
