/**
 * Lines with slots: the body of a suggestion in two forms, plain text (each slot replaced by its
 * default) and an LSP snippet (each slot a tab stop `${n:default}`, numbered in order, and `$0`
 * after the last line). Text derived from the plan is escaped in the snippet: `$`, `}` and `\`
 * are literal there.
 */

/** A slot: a tab stop whose default must read as unfilled to the model (`TBD`, `TBC: …`). */
export interface Slot {
  slot: string;
}

/** A piece of a line: literal text, or a slot. */
export type Piece = string | Slot;

/** One line of a suggestion: literal text, or pieces. */
export type SlotLine = string | Piece[];

/** A slot whose default is `text`. */
export function slot(text: string): Slot {
  return { slot: text };
}

/** Escapes literal text for an LSP snippet: `\`, `$` and `}` get a backslash. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

const pieces = (line: SlotLine): Piece[] => (typeof line === 'string' ? [line] : line);

/** The plain form of `lines`: each slot replaced by its default. */
export function plainLines(lines: readonly SlotLine[]): string[] {
  return lines.map((line) => pieces(line).map((p) => (typeof p === 'string' ? p : p.slot)).join(''));
}

/**
 * The snippet form of `lines`: slots become `${1:default}`, `${2:…}`… in reading order, and
 * `$0` (where the cursor ends) follows the last line's text.
 */
export function snippetLines(lines: readonly SlotLine[]): string[] {
  let n = 0;
  const out = lines.map((line) => pieces(line).map((p) => (typeof p === 'string' ? escapeSnippet(p) : `\${${++n}:${escapeSnippet(p.slot)}}`)).join(''));
  if (out.length > 0) out[out.length - 1] += '$0';
  return out;
}

/** Whether `lines` hold a slot. */
export function hasSlots(lines: readonly SlotLine[]): boolean {
  return lines.some((line) => typeof line !== 'string' && line.some((p) => typeof p !== 'string'));
}
