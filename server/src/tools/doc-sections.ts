/**
 * Sections of docs/performance.md that another script writes (`scripts/e2e/ui-timing.mjs
 * --write-docs`: "Opening a plan in VS Code"): a full `npm run bench` rewrites the file and keeps
 * them as they are.
 */

/** The headings of the sections `npm run bench` does not measure and keeps. */
export const KEPT_SECTIONS = ['## Opening a plan in VS Code'];

/**
 * `doc` (the new text of docs/performance.md) with each {@link KEPT_SECTIONS} section of
 * `previous` (its old text, if any): in place when `doc` has the heading, else before
 * "## CLI on many plans" (or at the end).
 */
export function keepSections(doc: string, previous: string | undefined): string {
  if (previous === undefined) return doc;
  const old = previous.split('\n');
  const lines = doc.split('\n');
  for (const heading of KEPT_SECTIONS) {
    const section = sectionOf(old, heading);
    if (!section) continue;
    const start = lines.indexOf(heading);
    if (start >= 0) {
      lines.splice(start, sectionEnd(lines, start) - start, ...section);
      continue;
    }
    const at = lines.indexOf('## CLI on many plans');
    lines.splice(at < 0 ? lines.length : at, 0, ...section);
  }
  return lines.join('\n');
}

/** The index of the line after the section starting at `start`: the next `## ` heading, or the end. */
function sectionEnd(lines: string[], start: number): number {
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return end < 0 ? lines.length : end;
}

function sectionOf(lines: string[], heading: string): string[] | undefined {
  const start = lines.indexOf(heading);
  return start < 0 ? undefined : lines.slice(start, sectionEnd(lines, start));
}
