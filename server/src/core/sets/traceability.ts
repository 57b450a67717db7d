import type { Plan, StageKind, Task } from '../model/plan.js';

/** Stage kinds whose tasks need trace to no requirement: setup, research, docs, polish, test, review and verification work (cross-cutting). */
const UNTRACED_KINDS: readonly StageKind[] = ['setup', 'research', 'docs', 'polish', 'test', 'review', 'verification'];

/** A Kiro task number at the start of a task's text: `2.` or `2.1` (`- [ ] 2.1 Create …`). */
const TASK_NUMBER = /^(\d+(?:\.\d+)*)\.?\*?\s/;

/** True when task number `child` is below `parent` (`2.1` under `2`): Kiro writes subtasks flat, at the parent's indentation. */
function numberedUnder(parent: string | undefined, child: string | undefined): boolean {
  return parent !== undefined && child !== undefined && child.startsWith(`${parent}.`);
}

/** A checkpoint task ("Checkpoint - run the tests") checks the others; it implements nothing. */
const CHECKPOINT = /^\W*(?:checkpoint|final checkpoint)\b/i;

/**
 * Offsets `[start, end)` of each task: from its first line to the next task that is not nested
 * in it (its list marker at the same or a smaller column, and not numbered below it as Kiro's
 * flat `2.1` under `2.`) or the next heading, whichever is first.
 */
export function taskExtents(plan: Plan): Array<{ task: Task; start: number; end: number; parent: number | undefined }> {
  const tasks = [...plan.tasks].sort((a, b) => a.span.start.offset - b.span.start.offset);
  const headings = plan.headings.map((h) => h.span.start.offset).sort((a, b) => a - b);
  const nextHeading = (offset: number) => headings.find((h) => h > offset) ?? plan.text.length;
  const out: Array<{ task: Task; start: number; end: number; parent: number | undefined }> = [];
  const open: number[] = [];
  const numbers = tasks.map((t) => TASK_NUMBER.exec(t.text.trim())?.[1]);
  tasks.forEach((task, i) => {
    const start = task.span.start.offset;
    let end = nextHeading(start);
    for (let j = i + 1; j < tasks.length; j++) {
      if (tasks[j]!.span.start.column <= task.span.start.column && !numberedUnder(numbers[i], numbers[j])) {
        end = Math.min(end, tasks[j]!.span.start.offset);
        break;
      }
    }
    while (open.length && out[open[open.length - 1]!]!.end <= start) open.pop();
    out.push({ task, start, end, parent: open[open.length - 1] });
    open.push(i);
  });
  return out;
}

/**
 * The tasks of `plan` that trace to no requirement (full traceability): no reference to an ID of
 * `families` (`any`: every family) lies in the task's extent ({@link taskExtents}: its own lines
 * and its subtasks), or in the own lines of a task it is nested in. Not counted: checkpoint tasks, tasks of setup, research, docs, polish, test,
 * review and verification stages, and, in a plan with stages, checklists outside every stage
 * (a "Validation Checklist" of the document itself).
 *
 * @returns the counted tasks and those of them that trace to nothing, in document order
 */
export function untracedTasks(plan: Plan, families: readonly string[] | 'any'): { counted: Task[]; untraced: Task[] } {
  const refs = plan.references.filter((r) => families === 'any' || families.includes(r.family)).map((r) => r.span.start.offset);
  const extents = taskExtents(plan);
  const has = (from: number, to: number) => refs.some((o) => o >= from && o < to);
  // A task's own lines (before its first subtask) pass its tracing on to its subtasks; a parent
  // traced only through some subtasks does not vouch for the others.
  const inherits: boolean[] = [];
  const counted: Task[] = [];
  const untraced: Task[] = [];
  extents.forEach((e, i) => {
    const next = extents[i + 1];
    const ownEnd = next && next.start < e.end ? next.start : e.end;
    const fromParent = e.parent !== undefined && inherits[e.parent]!;
    inherits[i] = has(e.start, ownEnd) || fromParent;
    const traced = has(e.start, e.end) || fromParent;
    if (CHECKPOINT.test(e.task.text)) return;
    const stage = [...plan.stages].reverse().find((s) => s.source !== 'implicit' && s.start <= e.start && e.start < s.end);
    if (stage ? UNTRACED_KINDS.includes(stage.kind) : plan.stages.some((s) => s.source !== 'implicit')) return;
    counted.push(e.task);
    if (!traced) untraced.push(e.task);
  });
  return { counted, untraced };
}
