import type { Plan, Stage } from './model/plan.js';
import type { Fix, TextEdit } from './rule.js';

/**
 * Builds an insertion of `lines` (joined with the document's line ending) at `offset`, with
 * blank lines around it so that the inserted block stands alone in CommonMark.
 */
export function insertBlock(plan: Plan, offset: number, lines: string[]): TextEdit {
  const eol = plan.lineEnding;
  const before = plan.text.slice(0, offset);
  const after = plan.text.slice(offset);
  let lead: string = '';
  if (before.length > 0) {
    if (!/\n$/.test(before)) lead = eol + eol;
    else if (!/\n[ \t]*\r?\n$/.test(before)) lead = eol;
  }
  let trail: string = eol;
  if (/^\r?\n/.test(after)) trail = '';
  else if (after.length > 0) trail = eol + eol;
  return { start: offset, end: offset, text: lead + lines.join(eol) + trail };
}

/**
 * Where a new subsection of `stage` goes: just after the last non-blank character of the
 * stage's section (for the implicit stage, of the document).
 */
export function stageInsertOffset(plan: Plan, stage: Stage): number {
  let end = stage.source === 'implicit' ? plan.text.length : stage.end;
  while (end > stage.start && /[ \t\r\n]/.test(plan.text[end - 1]!)) end--;
  return end;
}

/** The heading marker for a subsection of `stage` (one level deeper, at most 6; `##` for the implicit stage). */
export function subsectionHashes(plan: Plan, stage: Stage): string {
  const depth = stage.source === 'implicit' ? Math.min((plan.title?.depth ?? 1) + 1, 6) : Math.min(stage.depth + 1, 6);
  return '#'.repeat(depth);
}

/**
 * A fix that inserts a titled section under `stage`, or `undefined` for a stage that is a
 * table row (a row has no room for a section).
 */
export function insertSectionFix(plan: Plan, stage: Stage, title: string, heading: string, body: string[]): Fix | undefined {
  if (stage.source === 'table-row') return undefined;
  const offset = stageInsertOffset(plan, stage);
  return { title, edits: [insertBlock(plan, offset, [`${subsectionHashes(plan, stage)} ${heading}`, '', ...body])] };
}

/**
 * A fix that inserts a plan-level section at the end of the document, one level below the title.
 */
export function insertPlanSectionFix(plan: Plan, title: string, heading: string, body: string[]): Fix {
  const hashes = '#'.repeat(Math.min((plan.title?.depth ?? 1) + 1, 6));
  let end = plan.text.length;
  while (end > 0 && /[ \t\r\n]/.test(plan.text[end - 1]!)) end--;
  return { title, edits: [insertBlock(plan, end, [`${hashes} ${heading}`, '', ...body])] };
}

/**
 * Applies non-overlapping edits to `text`. Edits at the same offset are applied in the given
 * order. An edit that overlaps an earlier one is skipped and returned in `skipped`.
 *
 * @throws never; invalid offsets are clamped
 */
export function applyEdits(text: string, edits: TextEdit[]): { text: string; skipped: TextEdit[] } {
  const indexed = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  const out: string[] = [];
  const skipped: TextEdit[] = [];
  let pos = 0;
  for (const { e } of indexed) {
    const start = Math.max(0, Math.min(e.start, text.length));
    const end = Math.max(start, Math.min(e.end, text.length));
    if (start < pos) {
      skipped.push(e);
      continue;
    }
    out.push(text.slice(pos, start), e.text);
    pos = end;
  }
  out.push(text.slice(pos));
  return { text: out.join(''), skipped };
}

/** The sections planlint can insert under a stage (quick fixes, `--fix` and editor commands). */
export type SectionKind = 'dod' | 'tests' | 'rollback';

const SECTIONS: Record<SectionKind, { heading: string; title: (stage: string) => string; body: string[] }> = {
  dod: {
    heading: 'Definition of Done',
    title: (stage) => `Add a Definition of Done to "${stage}"`,
    body: ['- [ ] TODO: a verifiable outcome (a command that passes, a metric with a threshold)'],
  },
  tests: {
    heading: 'Tests',
    title: (stage) => `Add a Tests block to "${stage}"`,
    body: ['- [ ] TODO: name the unit/integration tests this stage adds', '- [ ] TODO: the command that runs them (e.g. `npm test`)'],
  },
  rollback: {
    heading: 'Rollback',
    title: (stage) => `Add a Rollback block to "${stage}"`,
    body: [
      '- Trigger: TODO (the signal and threshold that start a rollback)',
      '- Steps: TODO (the commands that undo the change, in order)',
      '- Verify: TODO (how to confirm the previous state is back)',
    ],
  },
};

/**
 * The fix that inserts a `kind` section under `stage` (one heading level deeper, at the end of
 * the stage), or `undefined` for a stage that is a table row.
 */
export function sectionFix(plan: Plan, stage: Stage, kind: SectionKind): Fix | undefined {
  const s = SECTIONS[kind];
  return insertSectionFix(plan, stage, s.title(stage.title), s.heading, s.body);
}

/** The fix that inserts a plan-level Rollback section at the end of the plan. */
export function planRollbackFix(plan: Plan): Fix {
  return insertPlanSectionFix(plan, 'Add a Rollback section', SECTIONS.rollback.heading, SECTIONS.rollback.body);
}
