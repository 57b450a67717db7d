import type { Plan, Stage } from './model/plan.js';
import type { Fix, TextEdit } from './rule.js';

/** A line ending at `offset` of `text` (`\r\n`, `\n` or `\r`), or the empty string. */
function lineBreakAt(text: string, offset: number): string {
  if (text.startsWith('\r\n', offset)) return '\r\n';
  const c = text[offset];
  return c === '\n' || c === '\r' ? c : '';
}

/**
 * Builds an insertion of `lines` (joined with the document's line ending) at `offset`, with
 * blank lines around it so that the inserted block stands alone in CommonMark. `offset` is a
 * line start or the end of the document; every original line stays as it was (an offset inside
 * a line gets a line break first, so the line's text before it is kept whole too).
 */
export function insertBlock(plan: Plan, offset: number, lines: string[]): TextEdit {
  const eol = plan.lineEnding;
  const text = plan.text;
  const before = text.slice(0, offset);
  let lead = '';
  if (before.length > 0) {
    const point = plan.lines.point(offset);
    if (point.column > 1) lead = eol + eol;
    else if (plan.lines.lineText(point.line - 1).trim() !== '') lead = eol;
  }
  let trail: string = eol;
  if (offset < text.length) {
    const lineEnd = text.slice(offset).search(/\r\n|\n|\r/);
    const firstLine = lineEnd < 0 ? text.slice(offset) : text.slice(offset, offset + lineEnd);
    if (firstLine.trim() !== '') trail = eol + eol;
  }
  let inserted = lead + lines.join(eol) + trail;
  // A lone CR before the insert and an LF at its start (or a CR at its end and an LF after it)
  // would read as one CRLF, joining two lines: that break takes the neighbouring line's ending.
  if (before.endsWith('\r') && inserted.startsWith('\n')) inserted = `\r${inserted.slice(1)}`;
  if (text.startsWith('\n', offset) && inserted.endsWith('\r')) inserted = `${inserted.slice(0, -1)}\n`;
  return { start: offset, end: offset, text: inserted };
}

/**
 * Where text inserted at the end of `[start, end)` of the document goes: just after the line
 * ending of its last non-blank line (after the whole line, so a line's trailing spaces, a
 * Markdown hard break, stay on it), or at the end of the document when that line has none. It
 * never falls before the end of `start`'s line. `undefined` when that point lies inside a code
 * fence or HTML block the document never closes (an insert there would become code or comment,
 * and fixing again would insert again) or between merge conflict markers.
 *
 * @param start 0-based offset of the region's first line (a heading)
 * @param end 0-based offset just past the region
 */
export function insertOffsetAfter(plan: Plan, start: number, end: number): number | undefined {
  const { text, lines } = plan;
  const first = lines.point(start).line;
  let line = lines.point(Math.max(start, end - 1)).line;
  // `end` at a line start, or inside the indentation of the next block (` # Heading`): that
  // line belongs to what follows.
  if (line > first && text.slice(lines.lineStart(line), end).trim() === '') line--;
  while (line > first && lines.lineText(line).trim() === '') line--;
  const lineEnd = lines.lineEnd(line);
  const offset = lineEnd + lineBreakAt(text, lineEnd).length;
  if (plan.unclosedBlock !== undefined && offset > plan.unclosedBlock) return undefined;
  if (insideConflict(plan, offset)) return undefined;
  return offset;
}

/** Whether `offset` lies between a `<<<<<<<` marker and its `>>>>>>>` (or the end, when it has none). */
function insideConflict(plan: Plan, offset: number): boolean {
  let open = false;
  for (const m of plan.conflictMarkers) {
    if (m.span.start.offset >= offset) break;
    if (m.kind === 'ours') open = true;
    else if (m.kind === 'theirs') open = false;
  }
  return open;
}

/**
 * Where a new subsection of `stage` goes: after the last non-blank line of the stage's section
 * (for the implicit stage, of the document); see {@link insertOffsetAfter}.
 */
export function stageInsertOffset(plan: Plan, stage: Stage): number | undefined {
  return insertOffsetAfter(plan, stage.start, stage.source === 'implicit' ? plan.text.length : stage.end);
}

/** The heading marker for a subsection of `stage` (one level deeper, at most 6; `##` for the implicit stage). */
export function subsectionHashes(plan: Plan, stage: Stage): string {
  const depth = stage.source === 'implicit' ? Math.min((plan.title?.depth ?? 1) + 1, 6) : Math.min(stage.depth + 1, 6);
  return '#'.repeat(depth);
}

/**
 * A fix that inserts a titled section under `stage`, or `undefined` for a stage that is a
 * table row (a row has no room for a section) or whose end has no safe insertion point
 * ({@link insertOffsetAfter}).
 */
export function insertSectionFix(plan: Plan, stage: Stage, title: string, heading: string, body: string[]): Fix | undefined {
  if (stage.source === 'table-row') return undefined;
  const offset = stageInsertOffset(plan, stage);
  if (offset === undefined) return undefined;
  return { title, edits: [insertBlock(plan, offset, [`${subsectionHashes(plan, stage)} ${heading}`, '', ...body])] };
}

/**
 * A fix that inserts a plan-level section at the end of the document, one level below the
 * title, or `undefined` when the end has no safe insertion point ({@link insertOffsetAfter}).
 */
export function insertPlanSectionFix(plan: Plan, title: string, heading: string, body: string[]): Fix | undefined {
  const hashes = '#'.repeat(Math.min((plan.title?.depth ?? 1) + 1, 6));
  const offset = insertOffsetAfter(plan, 0, plan.text.length);
  if (offset === undefined) return undefined;
  return { title, edits: [insertBlock(plan, offset, [`${hashes} ${heading}`, '', ...body])] };
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

/** The fix that inserts a plan-level Rollback section at the end of the plan (`undefined` when the end is inside an unclosed block). */
export function planRollbackFix(plan: Plan): Fix | undefined {
  return insertPlanSectionFix(plan, 'Add a Rollback section', SECTIONS.rollback.heading, SECTIONS.rollback.body);
}
