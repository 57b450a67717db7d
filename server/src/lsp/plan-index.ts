/**
 * Lookups over one analysis that the LSP features share, built once per analyzed document
 * version in time linear in the plan (plus sorting), so that every request is linear in the
 * plan: requirement coverage for CodeLens and the outline, the task holding a line, task
 * definitions and code ranges.
 */
import type { IdDefinition, IdReference, Plan, Requirement, Span, Stage, Task } from '../core/index.js';
import { stageAt } from '../core/model/stages.js';
import { requirementIds } from '../core/score.js';

/** Where a requirement is referenced, and by which stages and tasks. */
export interface Coverage {
  /** References outside the definition, in document order. */
  refs: Span[];
  /** Named stages holding a reference, in order of first reference. */
  stages: Stage[];
  /** Number of distinct tasks holding a reference (a task's lines run to the next task). */
  tasks: number;
}

export interface PlanIndex {
  /** Coverage of `r` (computed once per requirement). */
  coverage(r: Requirement): Coverage;
  /**
   * Coverage of a requirement defined in another file of the plan set: the references of this
   * plan to any of `ids` (a requirement's ID and its criteria) in `family`.
   */
  coverageOf(family: string, ids: readonly string[]): Coverage;
  /** The first requirement of the reference's family that defines its ID. */
  requirementOf(ref: Pick<IdReference, 'family' | 'id'>): Requirement | undefined;
  /** The first definition of task `id`. */
  taskDefinition(id: string): IdDefinition | undefined;
  /** The task whose item starts at `offset`. */
  taskStartingAt(offset: number): Task | undefined;
  /** True when `offset` lies in a fenced or indented code block. */
  inCode(offset: number): boolean;
}

/** Index of the last element of sorted `xs` with `key(x) <= value`, or -1. */
function lastAtOrBefore<T>(xs: readonly T[], value: number, key: (x: T) => number): number {
  let lo = 0;
  let hi = xs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(xs[mid]!) <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The named stage holding `offset` (not the implicit one). */
export function stageOf(plan: Plan, offset: number): Stage | undefined {
  const stage = stageAt(plan.stages, offset);
  return stage?.source === 'implicit' ? undefined : stage;
}

/**
 * Builds the index of `plan`. O(n log n) in the number of references, tasks and code ranges; each lookup is O(log n) or O(1), each coverage O(refs of
 * that requirement × log n).
 */
export function indexPlan(plan: Plan): PlanIndex {
  // References by family and ID, each list in document order.
  const refsById = new Map<string, Array<{ order: number; span: Span }>>();
  plan.references.forEach((ref, order) => {
    const key = `${ref.family}\u0000${ref.id}`;
    let list = refsById.get(key);
    if (!list) refsById.set(key, (list = []));
    list.push({ order, span: ref.span });
  });
  const requirementById = new Map<string, Requirement>();
  for (const r of plan.requirements) {
    for (const id of requirementIds(r)) {
      const key = `${r.family}\u0000${id}`;
      if (!requirementById.has(key)) requirementById.set(key, r);
    }
  }
  // Tasks by start line (stable: document order within a line); a task's lines run to the line
  // before the next task that starts on a later line, the last ones to their own end.
  const tasks = [...plan.tasks].sort((a, b) => a.span.start.line - b.span.start.line);
  const taskAtLine = (line: number): Task | undefined => {
    const last = lastAtOrBefore(tasks, line, (t) => t.span.start.line);
    if (last < 0) return undefined;
    const startLine = tasks[last]!.span.start.line;
    let first = last;
    while (first > 0 && tasks[first - 1]!.span.start.line === startLine) first--;
    if (last < tasks.length - 1) return tasks[first];
    for (let i = first; i <= last; i++) if (line <= tasks[i]!.span.end.line) return tasks[i];
    return undefined;
  };
  const taskByStart = new Map<number, Task>();
  for (const t of plan.tasks) if (!taskByStart.has(t.span.start.offset)) taskByStart.set(t.span.start.offset, t);
  const taskDefinitions = new Map<string, IdDefinition>();
  for (const d of plan.idDefinitions) if (d.kind === 'task' && !taskDefinitions.has(d.id)) taskDefinitions.set(d.id, d);
  const code = [...plan.codeRanges].sort((a, b) => a[0] - b[0]);
  // Largest end among the ranges up to each index: ranges may nest or overlap.
  const codeEnds: number[] = [];
  for (const [i, [, end]] of code.entries()) codeEnds.push(Math.max(end, i > 0 ? codeEnds[i - 1]! : -Infinity));
  const coverages = new Map<Requirement, Coverage>();
  const coverageOf = (family: string, ids: readonly string[]): Coverage => {
    const found = ids.flatMap((id) => refsById.get(`${family}\u0000${id}`) ?? []);
    if (ids.length > 1) found.sort((a, b) => a.order - b.order);
    const refs = found.map((x) => x.span);
    const stages = [...new Set(refs.map((s) => stageOf(plan, s.start.offset)).filter((s): s is Stage => s !== undefined))];
    const holding = new Set(refs.map((s) => taskAtLine(s.start.line)).filter(Boolean)).size;
    return { refs, stages, tasks: holding };
  };

  return {
    coverage(r) {
      let c = coverages.get(r);
      if (c) return c;
      c = coverageOf(r.family, requirementIds(r));
      coverages.set(r, c);
      return c;
    },
    coverageOf,
    requirementOf: (ref) => requirementById.get(`${ref.family}\u0000${ref.id}`),
    taskDefinition: (id) => taskDefinitions.get(id),
    taskStartingAt: (offset) => taskByStart.get(offset),
    inCode(offset) {
      const i = lastAtOrBefore(code, offset, (r) => r[0]);
      return i >= 0 && offset < codeEnds[i]!;
    },
  };
}
