import type { Plan, StageKind, Task } from '../model/plan.js';

/** Stage kinds whose tasks need trace to no requirement: setup, docs, polish, review and verification work. */
const UNTRACED_KINDS: readonly StageKind[] = ['setup', 'docs', 'polish', 'review', 'verification'];

/** A checkpoint task ("Checkpoint - run the tests") checks the others; it implements nothing. */
const CHECKPOINT = /^\W*(?:checkpoint|final checkpoint)\b/i;

/**
 * Offsets `[start, end)` of each task: from its first line to the next task that is not nested
 * in it (its list marker at the same or a smaller column) or the next heading, whichever is first.
 */
export function taskExtents(plan: Plan): Array<{ task: Task; start: number; end: number; parent: number | undefined }> {
  const tasks = [...plan.tasks].sort((a, b) => a.span.start.offset - b.span.start.offset);
  const headings = plan.headings.map((h) => h.span.start.offset).sort((a, b) => a - b);
  const nextHeading = (offset: number) => headings.find((h) => h > offset) ?? plan.text.length;
  const out: Array<{ task: Task; start: number; end: number; parent: number | undefined }> = [];
  const open: number[] = [];
  tasks.forEach((task, i) => {
    const start = task.span.start.offset;
    let end = nextHeading(start);
    for (let j = i + 1; j < tasks.length; j++) {
      if (tasks[j]!.span.start.column <= task.span.start.column) {
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
 * `families` (`any`: every family) lies in the task's extent ({@link taskExtents}) or in a task it
 * is nested in. Checkpoint tasks and tasks of setup, docs, polish, review and verification stages
 * are not counted; neither are tasks that are IDs' definitions lines of other kinds (none are).
 *
 * @returns the counted tasks and those of them that trace to nothing, in document order
 */
export function untracedTasks(plan: Plan, families: readonly string[] | 'any'): { counted: Task[]; untraced: Task[] } {
  const refs = plan.references.filter((r) => families === 'any' || families.includes(r.family)).map((r) => r.span.start.offset);
  const extents = taskExtents(plan);
  const traced: boolean[] = [];
  const counted: Task[] = [];
  const untraced: Task[] = [];
  extents.forEach((e, i) => {
    const own = refs.some((o) => o >= e.start && o < e.end);
    traced[i] = own || (e.parent !== undefined && traced[e.parent]!);
    if (CHECKPOINT.test(e.task.text)) return;
    const stage = [...plan.stages].reverse().find((s) => s.start <= e.start && e.start < s.end);
    if (stage && UNTRACED_KINDS.includes(stage.kind)) return;
    counted.push(e.task);
    if (!traced[i]) untraced.push(e.task);
  });
  return { counted, untraced };
}
