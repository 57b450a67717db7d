/**
 * Positions in a document. Everything in the core is measured in UTF-16 code units (the unit
 * of JavaScript strings and of LSP), with 1-based lines and 1-based columns, as mdast does.
 */

/** A point in a document: 1-based `line`, 1-based `column` in UTF-16 code units, 0-based `offset`. */
export interface Point {
  line: number;
  column: number;
  offset: number;
}

/** A half-open range `[start, end)` of a document. */
export interface Span {
  start: Point;
  end: Point;
}

/**
 * Maps offsets to line/column points for one text. Built once per document (O(lines)),
 * each lookup is a binary search (O(log lines)).
 */
export class LineIndex {
  /** Offsets of the first character of each line; `lineStarts[0] === 0`. */
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (!text.includes('\r')) {
      // LF only (the usual case): indexOf finds line ends far faster than a loop over characters.
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  /** Number of lines (a trailing newline starts a final empty line). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /**
   * Writes the point at `offset` (clamped to the text) into `into`: its 1-based line, 1-based
   * UTF-16 column and 0-based offset, as {@link point} gives them, without a new object.
   */
  place(offset: number, into: { line: number; column: number; offset?: number | undefined }): void {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= o) lo = mid;
      else hi = mid - 1;
    }
    into.line = lo + 1;
    into.column = o - (this.lineStarts[lo] as number) + 1;
    into.offset = o;
  }

  /** The point at `offset` (clamped to the text). */
  point(offset: number): Point {
    const p = { line: 1, column: 1, offset: 0 };
    this.place(offset, p);
    return p;
  }

  /** The span `[start, end)` given as offsets. */
  span(start: number, end: number): Span {
    return { start: this.point(start), end: this.point(end) };
  }

  /** Offset of the start of 1-based `line` (clamped). */
  lineStart(line: number): number {
    const i = Math.max(1, Math.min(line, this.lineStarts.length)) - 1;
    return this.lineStarts[i] as number;
  }

  /** Offset just past the content of 1-based `line`, before its line ending. */
  lineEnd(line: number): number {
    const next = line < this.lineStarts.length ? (this.lineStarts[line] as number) : this.text.length;
    let end = next;
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return Math.max(end, this.lineStart(line));
  }

  /** The span of 1-based `line` without its line ending. */
  lineSpan(line: number): Span {
    return this.span(this.lineStart(line), this.lineEnd(line));
  }

  /** Text of 1-based `line` without its line ending. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

/**
 * The document's dominant line ending: the most frequent of `\r\n`, `\n` and a lone `\r`
 * (`\n` when there is none or on a tie with it), for text inserted into the document.
 */
export function detectLineEnding(text: string): '\n' | '\r\n' | '\r' {
  if (!text.includes('\r')) return '\n';
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lf++;
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
    }
  }
  if (crlf > lf && crlf >= cr) return '\r\n';
  if (cr > lf && cr > crlf) return '\r';
  return '\n';
}
