// The section scan of the parse: where a document may be split into independently parsed
// sections, which link reference definitions it holds, and whether it ends inside a block.
// Pure; one pass over the lines, linear in the text.

/** CommonMark HTML block kinds by how they end: types 1-5 by a marker, 6-7 by a blank line. */
type HtmlBlockKind = 'comment' | 'raw' | 'pi' | 'decl' | 'cdata' | 'blank';

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
const HTML_BLOCK_1 = /^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i;
const HTML_BLOCK_1_END = /<\/(?:script|pre|style|textarea)>/i;
const HTML_BLOCK_6 =
  /^ {0,3}<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[\s/>]|$)/i;
const HTML_BLOCK_7 = /^ {0,3}(?:<[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$/;

/**
 * Splits `text` into sections at the offsets where CommonMark would start an ATX heading at
 * column 1 of a top-level line. Lines inside front matter, top-level fenced code blocks and
 * HTML blocks never split. A column-1 `#` line always closes any list item, block quote or
 * nested fence (it can be neither indented content nor a lazy paragraph continuation), so only
 * top-level constructs need tracking. The split is conservative: where the scan is unsure it
 * does not split, which costs speed, never correctness.
 *
 * @returns 0-based start offsets of each section, the first always 0.
 */
export function sectionStarts(text: string): number[] {
  return scanSections(text).starts;
}

/**
 * A line inside a section before which its text may be parsed as a separate piece, the nodes
 * then joined into the tree a whole parse gives (see `parseSection`): `item`, between two
 * column-1 bullet items of one tight list (the pieces' lists are joined); `row`, between two
 * body rows of a table whose header and delimiter rows are `prefix` (0-based offsets of the
 * header's start and just past the delimiter row; parsed again before the rows, then dropped);
 * `block`, before a one-line HTML comment at column 1 after a list item, a comment or a blank
 * line, which always starts a new top-level block.
 */
export interface ChunkBreak {
  offset: number;
  kind: 'item' | 'row' | 'block';
  prefix?: [number, number];
}

/** Characters of text between chunk breaks: 32 KiB pieces parse in linear time (see docs/performance.md). */
export const CHUNK_CHARS = 32_768;

/** What one scan of a document finds: section starts, link definition labels, and whether the end is inside a block. */
export interface SectionScan {
  starts: number[];
  /** Chunk breaks, at least `chunkChars` apart and from each section start, in document order. */
  breaks: ChunkBreak[];
  /** Labels of link reference definitions, so that references resolve across sections. */
  definitions: string[];
  /** The document ends inside front matter, a fence or an HTML block. */
  openAtEnd: boolean;
  /** Offset of the line opening the top-level fence or HTML block (not ended by a blank line) the document ends inside, if any. */
  unclosedBlock: number | undefined;
}

/** Characters a tracked line can start with: headings, fences, HTML, indentation, definitions, blank lines. */
const BLOCK_START = new Set(['#', '`', '~', '<', ' ', '\t', '[', '\r', '\n'].map((c) => c.charCodeAt(0)));

const DEFINITION = /^ {0,3}\[((?:[^\]\\]|\\.){1,999})\]:/;
// An item whose text starts a fence or HTML (which may run past its line) is not cut after.
const BULLET_ITEM = /^[-*+] +[^ \t\r\n`~<]/;
/** A CommonMark thematic break (`---`, `* * *`, `___`, indented at most 3 spaces). */
const THEMATIC_BREAK = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;

/** True when `line` (one line, without its line ending) is a thematic break. */
export function isThematicBreak(line: string): boolean {
  return THEMATIC_BREAK.test(line);
}
/** Lines that may hold a chunk break: bullets, pipes and comments at column 1. */
const CHUNK_LINE = /^(?:[-*+|]|<!--)/;
const DELIMITER_CELL = /^[ \t]*:?-+:?[ \t]*$/;

/** The bullet of a column-1 list item line (`- x`, not a thematic break), or the empty string. */
function bulletOf(line: string): string {
  return BULLET_ITEM.test(line) && !isThematicBreak(line) ? line[0]! : '';
}

/** True for a GFM table delimiter row that starts with a pipe (`| --- | :-: |`). */
function isDelimiterRow(line: string): boolean {
  const cells = line.trimEnd().replace(/^\|/, '').replace(/\|$/, '').split('|');
  return cells.length > 0 && cells.every((c) => DELIMITER_CELL.test(c));
}

/**
 * Scans `text` once: section starts (see {@link sectionStarts}), link definitions, chunk breaks
 * at least `chunkChars` apart (see {@link ChunkBreak}), and whether the document ends inside a
 * block. Linear in the text.
 */
export function scanSections(text: string, frontMatterAllowed = true, chunkChars = CHUNK_CHARS): SectionScan {
  const starts = [0];
  const breaks: ChunkBreak[] = [];
  // Chunk break state: the previous line's bullet, whether it was a comment or a table row, the
  // possible table header and the current table's prefix.
  let prevBullet = '';
  let prevComment = false;
  let prevRow = false;
  let headerAt = -1;
  let prevStart = -1;
  let table: [number, number] | undefined;
  /** Notes a line read in the clear (outside front matter, fences and HTML blocks) for chunk breaks. */
  // After front matter that never closes, the parser reads the first section's lists as
  // paragraph text (remark-frontmatter 5): that section is parsed whole, as it is.
  const unclosedFrontMatter = !frontMatterAllowed && /^\uFEFF?(?:---|\+\+\+)/.test(text);
  /** True when `offset` lies at least `chunkChars` past the start of the last section or piece. */
  const farFromCut = (offset: number): boolean => offset - Math.max(starts[starts.length - 1]!, breaks[breaks.length - 1]?.offset ?? 0) >= chunkChars;
  const chunkLine = (offset: number, line: string, after: number, blankBefore: boolean): void => {
    if (unclosedFrontMatter && starts.length === 1) return otherLine(offset);
    const bullet = line.charCodeAt(0) === 124 ? '' : bulletOf(line);
    const comment = line.startsWith('<!--') && line.includes('-->', 4);
    let row = false;
    if (line.charCodeAt(0) === 124) {
      if (table && prevRow) {
        row = true;
        if (farFromCut(offset)) breaks.push({ offset, kind: 'row', prefix: table });
      } else if (headerAt === prevStart && prevStart >= 0 && isDelimiterRow(line)) {
        table = [headerAt, after];
        row = true;
      } else {
        table = undefined;
        if (blankBefore) headerAt = offset;
      }
    } else {
      table = undefined;
      if (farFromCut(offset)) {
        if (bullet && bullet === prevBullet) breaks.push({ offset, kind: 'item' });
        else if (comment && (prevBullet || prevComment || blankBefore)) breaks.push({ offset, kind: 'block' });
      }
    }
    prevBullet = bullet;
    prevComment = comment;
    prevRow = row;
    prevStart = offset;
  };
  /** Notes a line read inside a block, or one that cannot precede a break. */
  const otherLine = (offset: number): void => {
    prevBullet = '';
    prevComment = false;
    prevRow = false;
    table = undefined;
    prevStart = offset;
  };
  const definitions: string[] = [];
  let prevBlank = true;
  let prevDefinition = false;
  let fence: { char: string; length: number } | undefined;
  let html: HtmlBlockKind | undefined;
  let openedAt = 0;
  let offset = 0;
  let nextLf = -1;
  let nextCr = -1;
  let lineNo = 0;
  // The parser skips a byte order mark before front matter.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let frontMatter = frontMatterAllowed && (text.startsWith('---', bom) || text.startsWith('+++', bom));
  const frontMarker = text.slice(bom, bom + 3);
  while (offset <= text.length) {
    // The next line break, `\n`, `\r\n` or a lone `\r`; each search is redone only once passed.
    if (nextLf < offset) nextLf = indexOrEnd(text, '\n', offset);
    if (nextCr < offset) nextCr = indexOrEnd(text, '\r', offset);
    const next = Math.min(nextLf, nextCr);
    const after = next + (next === nextCr && nextLf === next + 1 ? 2 : 1);
    // Fast path: outside front matter, fences and HTML blocks, a line that starts with a
    // character no block construct tracked here starts with needs no further look.
    if (!frontMatter && !fence && !html && lineNo > 0 && !BLOCK_START.has(text.charCodeAt(offset))) {
      const c = text.charCodeAt(offset);
      // Only lines that may hold a chunk break are sliced: bullets and pipes.
      if (c === 45 || c === 42 || c === 43 || c === 124) chunkLine(offset, text.slice(offset, next), after, prevBlank);
      else otherLine(offset);
      lineNo++;
      prevBlank = false;
      prevDefinition = false;
      if (next >= text.length) break;
      offset = after;
      continue;
    }
    // The parser skips a byte order mark: so does the scan, or a fence after it would go unseen.
    const line = text.slice(offset === 0 ? bom : offset, next);
    lineNo++;
    const clear = !frontMatter && !fence && !html;
    if (frontMatter) {
      if (lineNo > 1 && (line.trimEnd() === frontMarker || (frontMarker === '---' && line.trimEnd() === '...'))) {
        frontMatter = false;
      } else if (lineNo === 1 && line.trimEnd() !== frontMarker) {
        frontMatter = false;
      }
    } else if (fence) {
      const m = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (m && m[1]![0] === fence.char && m[1]!.length >= fence.length) fence = undefined;
    } else if (html) {
      if (
        (html === 'comment' && line.includes('-->')) ||
        (html === 'raw' && HTML_BLOCK_1_END.test(line)) ||
        (html === 'pi' && line.includes('?>')) ||
        (html === 'decl' && line.includes('>')) ||
        (html === 'cdata' && line.includes(']]>')) ||
        (html === 'blank' && line.trim() === '')
      ) {
        html = undefined;
      }
    } else if (ATX_HEADING.test(line)) {
      if (offset > 0) starts.push(offset);
    } else if ((prevBlank || prevDefinition) && DEFINITION.test(line)) {
      definitions.push(DEFINITION.exec(line)![1]!);
      otherLine(offset);
      prevDefinition = true;
      prevBlank = false;
      if (next >= text.length) break;
      offset = after;
      continue;
    } else {
      const f = FENCE_OPEN.exec(line);
      if (f && !(f[2]![0] === '`' && f[3]!.includes('`'))) {
        fence = { char: f[2]![0]!, length: f[2]!.length };
        openedAt = offset;
      } else {
        html = htmlBlockStart(line);
        openedAt = offset;
      }
    }
    if (clear && !fence && !html && CHUNK_LINE.test(line)) chunkLine(offset, line, after, prevBlank);
    else otherLine(offset);
    prevBlank = line.trim() === '' || ATX_HEADING.test(line);
    prevDefinition = false;
    if (next >= text.length) break;
    offset = after;
  }
  // Front matter that never closes is not front matter (remark-frontmatter needs the closing
  // marker): scan again as ordinary lines, for the blocks the document really ends inside.
  if (frontMatter) return scanSections(text, false, chunkChars);
  const unclosedBlock = !frontMatter && (fence !== undefined || (html !== undefined && html !== 'blank')) ? openedAt : undefined;
  return { starts, breaks, definitions, openAtEnd: frontMatter || fence !== undefined || html !== undefined, unclosedBlock };
}

/** Index of `char` in `text` from `from`, or `text.length` when there is none. */
function indexOrEnd(text: string, char: string, from: number): number {
  const i = text.indexOf(char, from);
  return i === -1 ? text.length : i;
}

function htmlBlockStart(line: string): HtmlBlockKind | undefined {
  const t = line.replace(/^ {0,3}/, '');
  if (!t.startsWith('<') || line.length - t.length > 3) return undefined;
  if (HTML_BLOCK_1.test(line)) return HTML_BLOCK_1_END.test(line.slice(4)) ? undefined : 'raw';
  if (t.startsWith('<!--')) return t.includes('-->', 4) ? undefined : 'comment';
  if (t.startsWith('<?')) return t.includes('?>', 2) ? undefined : 'pi';
  if (t.startsWith('<![CDATA[')) return t.includes(']]>') ? undefined : 'cdata';
  if (/^<![A-Za-z]/.test(t)) return t.includes('>') ? undefined : 'decl';
  if (HTML_BLOCK_6.test(line) || HTML_BLOCK_7.test(line)) return 'blank';
  return undefined;
}
