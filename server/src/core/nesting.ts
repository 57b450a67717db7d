// Deep container nesting, cut before the parse: micromark's time grows with the square of the
// depth and remark's tree walks recurse once per level.

/**
 * Container nesting (block quotes and list items opened on one line) beyond which a line's
 * markers are read as indentation: the parser's time grows with the square of the depth and
 * its tree walks recurse once per level, so 10,000 levels would take minutes and overflow the
 * stack. Real plans nest a handful of levels.
 */
export const MAX_NESTING = 100;

/**
 * `own` with the container markers past {@link MAX_NESTING} on any line replaced by spaces
 * (same length, so offsets are unchanged; what follows them becomes indented text or code of the
 * deepest kept container). Counts `>` and list markers at the start of a line, an upper bound of
 * the nesting that line opens.
 *
 * @returns the text to parse and the 0-based offset (in `own`) of the first line cut, or -1
 */
export function capNesting(own: string): { text: string; firstCut: number } {
  let out: string[] | undefined;
  let copied = 0;
  let firstCut = -1;
  const n = own.length;
  const isGap = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c);
  let i = 0;
  while (i < n) {
    // The parser drops a leading byte order mark: the markers after it count.
    let p = i === 0 && own.charCodeAt(0) === 0xfeff ? 1 : i;
    let depth = 0;
    let cutFrom = -1;
    for (;;) {
      while (p < n && (own.charCodeAt(p) === 32 || own.charCodeAt(p) === 9)) p++;
      const c = own.charCodeAt(p);
      let width = 0;
      if (c === 62) width = 1;
      else if ((c === 45 || c === 43 || c === 42) && isGap(own.charCodeAt(p + 1))) width = 1;
      else if (c >= 48 && c <= 57) {
        let q = p;
        while (q < n && q - p < 9 && own.charCodeAt(q) >= 48 && own.charCodeAt(q) <= 57) q++;
        const d = own.charCodeAt(q);
        if ((d === 46 || d === 41) && isGap(own.charCodeAt(q + 1))) width = q - p + 1;
      }
      if (width === 0) break;
      depth++;
      if (depth === MAX_NESTING + 1) cutFrom = p;
      p += width;
    }
    if (cutFrom >= 0) {
      out ??= [];
      out.push(own.slice(copied, cutFrom), own.slice(cutFrom, p).replace(/[^ \t]/g, ' '));
      copied = p;
      if (firstCut < 0) firstCut = cutFrom;
    }
    while (p < n && own.charCodeAt(p) !== 10 && own.charCodeAt(p) !== 13) p++;
    if (p < n && own.charCodeAt(p) === 13 && own.charCodeAt(p + 1) === 10) p++;
    i = p + 1;
  }
  if (!out) return { text: own, firstCut };
  out.push(own.slice(copied));
  return { text: out.join(''), firstCut };
}
