import type { Plan, Requirement } from '../model/plan.js';
import { requirementIds } from '../score.js';
import { taskExtents } from './traceability.js';

/** A place in a file of a set: its path (as given) and 1-based line. */
export interface TraceLocation {
  path: string;
  line: number;
}

/** A task that cites a requirement. */
export interface TraceTask extends TraceLocation {
  /** The task's ID (`T012`, Kiro `1.2`), when it has one. */
  id: string | undefined;
  /** The task's text, one line. */
  text: string;
}

/** One row of the matrix: a requirement and what cites it. */
export interface TraceRow {
  /** The ID as written (`FR-001`), or the Kiro requirement number (`3`). */
  id: string;
  family: string;
  /** `FR-001`, or `Requirement 3` for Kiro. */
  label: string;
  /** The definition's text (Kiro: the heading). */
  text: string;
  definedIn: TraceLocation;
  /** Tasks that cite it (or one of its Kiro criteria) and do not test. */
  tasks: TraceTask[];
  /** Tasks that cite it and write or run tests. */
  tests: TraceTask[];
  /** Other places that cite it: plan sections, tables, prose (not tasks, not its definition). */
  citations: TraceLocation[];
}

/** The requirement → task → test matrix of a plan set. */
export interface TraceMatrix {
  rows: TraceRow[];
}

/** A task that writes or runs tests ("T012 [P] Contract test for …", "Write unit tests for X", "Run `npm test`"). */
const TEST_TASK = /\b(?:tests?|testing|e2e|pytest|vitest|jest|playwright|pruebas?)\b|テスト|测试|測試/i;
/** A task's leading ID: `T012`, `TASK-3`, Kiro `1.2` (with an optional `*` for an optional task). */
const TASK_ID = /^(?:\[[ xX]\]\s*)?(?:\*\*)?((?:T|TASK-)\d+|\d+(?:\.\d+)*)\.?\*?(?:\*\*)?\s/;

/**
 * The requirement → task → test matrix of a plan set: one row per requirement defined in any
 * file (each family and ID once, in the order of `members` then of the file), with the tasks of
 * every file that cite it (in the task, its sub-items or a `_Requirements:_` line; a Kiro
 * requirement by its number or any of its criteria), split into tasks and tests, and the other
 * lines that cite it. Pure; lines are 1-based.
 *
 * @param members the set's files (templates left out) with their plans, in the set's order
 */
export function traceMatrix(members: ReadonlyArray<{ path: string; plan: Plan }>): TraceMatrix {
  const rows: TraceRow[] = [];
  const byKey = new Map<string, TraceRow>();
  for (const { path, plan } of members) {
    for (const r of plan.requirements) {
      if (byKey.has(`${r.family}:${r.id}`)) continue;
      const row: TraceRow = { id: r.id, family: r.family, label: label(r), text: oneLine(r.text).replace(/^(?:requirement|requisito)\s+\d+(?:\s*[:：.—–-])?/i, '').trim(), definedIn: { path, line: r.span.start.line }, tasks: [], tests: [], citations: [] };
      rows.push(row);
      for (const id of requirementIds(r)) byKey.set(`${r.family}:${id}`, row);
    }
  }
  for (const { path, plan } of members) {
    const extents = taskExtents(plan);
    for (const ref of plan.references) {
      const row = byKey.get(`${ref.family}:${ref.id}`);
      if (!row) continue;
      const offset = ref.span.start.offset;
      // The innermost task whose extent holds the reference.
      const holder = [...extents].reverse().find((e) => e.start <= offset && offset < e.end);
      if (!holder) {
        if (!row.citations.some((c) => c.path === path && c.line === ref.span.start.line)) row.citations.push({ path, line: ref.span.start.line });
        continue;
      }
      const text = oneLine(holder.task.text);
      const task: TraceTask = { path, line: holder.task.span.start.line, id: holder.task.id ?? TASK_ID.exec(text)?.[1], text };
      const list = TEST_TASK.test(text) ? row.tests : row.tasks;
      if (!list.some((t) => t.path === path && t.line === task.line)) list.push(task);
    }
  }
  return { rows };
}

function label(r: Requirement): string {
  return r.family === 'kiro' ? `Requirement ${r.id}` : r.id;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
