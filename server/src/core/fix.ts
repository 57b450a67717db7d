import type { Plan, Stage } from './model/plan.js';
import type { Fix, TextEdit } from './rule.js';
import { isThematicBreak } from './section-scan.js';
import { hasSlots, plainLines, snippetLines, type SlotLine } from './suggest/snippet.js';

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
 * a line gets a line break first, so the line's text before it is kept whole too). Lines with
 * slots give the edit a `snippet` too ({@link snippetLines}); `text` holds the slot defaults.
 */
export function insertBlock(plan: Plan, offset: number, lines: readonly SlotLine[]): TextEdit {
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
  // A lone CR before the insert and an LF at its start (or a CR at its end and an LF after it)
  // would read as one CRLF, joining two lines: that break takes the neighbouring line's ending.
  const wrap = (body: string) => {
    let inserted = lead + body + trail;
    if (before.endsWith('\r') && inserted.startsWith('\n')) inserted = `\r${inserted.slice(1)}`;
    if (text.startsWith('\n', offset) && inserted.endsWith('\r')) inserted = `${inserted.slice(0, -1)}\n`;
    return inserted;
  };
  const edit: TextEdit = { start: offset, end: offset, text: wrap(plainLines(lines).join(eol)) };
  if (hasSlots(lines)) edit.snippet = wrap(snippetLines(lines).join(eol));
  return edit;
}

/**
 * Where text inserted at the end of `[start, end)` of the document goes: just after the line
 * ending of its last non-blank line (after the whole line, so a line's trailing spaces, a
 * Markdown hard break, stay on it), or at the end of the document when that line has none; a
 * thematic break (`---`, `***`, `___`) closing the region stays after the insert, with the next
 * section. It never falls before the end of `start`'s line. `undefined` in a document with merge
 * conflict markers (no edit is offered there), and when the point lies inside a code fence or
 * HTML block the document never closes (an insert there would become code or comment, and
 * fixing again would insert again).
 *
 * @param start 0-based offset of the region's first line (a heading)
 * @param end 0-based offset just past the region
 */
export function insertOffsetAfter(plan: Plan, start: number, end: number): number | undefined {
  if (plan.conflictMarkers.length > 0) return undefined;
  const { text, lines } = plan;
  const first = lines.point(start).line;
  let line = lines.point(Math.max(start, end - 1)).line;
  // `end` at a line start, or inside the indentation of the next block (` # Heading`): that
  // line belongs to what follows.
  if (line > first && text.slice(lines.lineStart(line), end).trim() === '') line--;
  const skipBlank = () => {
    while (line > first && lines.lineText(line).trim() === '') line--;
  };
  skipBlank();
  while (line > first + 1 && isClosingBreak(plan, line)) {
    line--;
    skipBlank();
  }
  const lineEnd = lines.lineEnd(line);
  const offset = lineEnd + lineBreakAt(text, lineEnd).length;
  if (plan.unclosedBlock !== undefined && offset > plan.unclosedBlock) return undefined;
  return offset;
}

/**
 * Whether 1-based `line` is a thematic break that closes a section: a break after a blank line
 * (after text, `---` underlines a setext heading), outside code blocks.
 */
function isClosingBreak(plan: Plan, line: number): boolean {
  const { lines } = plan;
  if (!isThematicBreak(lines.lineText(line)) || lines.lineText(line - 1).trim() !== '') return false;
  const at = lines.lineStart(line);
  return !plan.codeRanges.some(([s, e]) => s <= at && at < e);
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
 * An edit set that inserts a titled section under `stage` (one heading level deeper, at the end
 * of the stage), or `undefined` for a stage that is a table row (a row has no room for a
 * section) or whose end has no safe insertion point ({@link insertOffsetAfter}).
 */
export function insertSectionFix(plan: Plan, stage: Stage, title: string, heading: string, body: readonly SlotLine[]): Fix | undefined {
  if (stage.source === 'table-row') return undefined;
  const offset = stageInsertOffset(plan, stage);
  if (offset === undefined) return undefined;
  return { title, edits: [insertBlock(plan, offset, [`${subsectionHashes(plan, stage)} ${heading}`, '', ...body])] };
}

/**
 * An edit set that inserts a plan-level section at the end of the document, one level below the
 * title, or `undefined` when the end has no safe insertion point ({@link insertOffsetAfter}).
 */
export function insertPlanSectionFix(plan: Plan, title: string, heading: string, body: readonly SlotLine[]): Fix | undefined {
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
