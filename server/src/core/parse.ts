import type { Root, RootContent } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { LineIndex } from './text.js';

/**
 * One top-level section of a document: the text from an ATX heading at column 1 (outside
 * fenced code, HTML blocks and front matter) up to the next such heading. The first section
 * starts at offset 0 and may hold front matter and a preamble.
 */
export interface Section {
  /** 0-based offset of the section's first character in the document. */
  start: number;
  /** 1-based line the section starts on. */
  line: number;
  /** Cache key: the section's text and the link definitions appended to it. */
  key: string;
  /** 0-based offset just past the section's last character. */
  end: number;
  /** The section's top-level mdast nodes, positions already in document coordinates. */
  nodes: RootContent[];
  /** What the plan model builder derived from these nodes, kept with them for the next edit. */
  walk?: unknown;
  /** Why part of the section was read as plain text (nesting too deep, or the parser failed), for an information problem. */
  limited?: string;
}

/** A parsed document: sections in order and their nodes concatenated as one mdast root. */
export interface ParsedDocument {
  text: string;
  lines: LineIndex;
  sections: Section[];
  root: Root;
  /**
   * 0-based offset of the line that opens a top-level fenced code block or HTML block (comment,
   * `<pre>`, processing instruction, declaration, CDATA) the document never closes: text
   * inserted anywhere after it would be inside that block.
   */
  unclosedBlock: number | undefined;
}

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']);

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

/** What one scan of a document finds: section starts, link definition labels, and whether the end is inside a block. */
interface SectionScan {
  starts: number[];
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

function scanSections(text: string, frontMatterAllowed = true): SectionScan {
  const starts = [0];
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
      lineNo++;
      prevBlank = false;
      prevDefinition = false;
      if (next >= text.length) break;
      offset = after;
      continue;
    }
    const line = text.slice(offset, next);
    lineNo++;
    if (frontMatter) {
      if (lineNo > 1 && (line.trimEnd() === frontMarker || (frontMarker === '---' && line.trimEnd() === '...'))) {
        frontMatter = false;
      } else if (lineNo === 1 && line.slice(bom).trimEnd() !== frontMarker) {
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
    prevBlank = line.trim() === '' || ATX_HEADING.test(line);
    prevDefinition = false;
    if (next >= text.length) break;
    offset = after;
  }
  // Front matter that never closes is not front matter (remark-frontmatter needs the closing
  // marker): scan again as ordinary lines, for the blocks the document really ends inside.
  if (frontMatter) return scanSections(text, false);
  const unclosedBlock = !frontMatter && (fence !== undefined || (html !== undefined && html !== 'blank')) ? openedAt : undefined;
  return { starts, definitions, openAtEnd: frontMatter || fence !== undefined || html !== undefined, unclosedBlock };
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
function capNesting(own: string): { text: string; firstCut: number } {
  let out: string[] | undefined;
  let copied = 0;
  let firstCut = -1;
  const n = own.length;
  const isGap = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c);
  let i = 0;
  while (i < n) {
    let p = i;
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

type Positioned = { position?: Root['position']; children?: unknown[]; value?: unknown };

/**
 * Gives every node without a position one, in place. remark-gfm's autolink literal transform
 * (`www.`, bare URLs and e-mail addresses next to brackets) replaces a text node with text and
 * link nodes that have none. A run of such siblings lies between its positioned neighbours (or
 * its parent's bounds): each text-like node gets the span of its value, found in order in
 * `source`; a node with children spans its children; a node whose value is not found gets an
 * empty span where the previous one ended. Offsets are those of `source`, the parsed string.
 */
function fillPositions(parent: Positioned, source: string): void {
  const children = parent.children as Positioned[] | undefined;
  if (!children || children.every((c) => c.position)) return;
  const pStart = parent.position?.start.offset ?? 0;
  const pEnd = parent.position?.end.offset ?? source.length;
  for (let i = 0; i < children.length; i++) {
    if (children[i]!.position) continue;
    let j = i;
    while (j < children.length && !children[j]!.position) j++;
    const lo = i > 0 ? (children[i - 1]!.position!.end.offset ?? pStart) : pStart;
    const hi = j < children.length ? (children[j]!.position!.start.offset ?? pEnd) : pEnd;
    placeRun(children.slice(i, j), source, lo, Math.max(lo, hi));
    i = j;
  }
}

/**
 * Places unpositioned `nodes` in order within `[lo, hi)` of `source` (see {@link fillPositions});
 * a node whose value is not found (escaped or an entity in the source) spans up to the next node
 * placed. Returns where the last node ended.
 */
function placeRun(nodes: Positioned[], source: string, lo: number, hi: number): number {
  let cursor = lo;
  let unfound: Positioned | undefined;
  const at = (offset: number) => ({ line: 1, column: 1, offset });
  for (const node of nodes) {
    let start = cursor;
    let end = cursor;
    if (node.children && node.children.length > 0) {
      const kids = node.children as Positioned[];
      placeRun(kids.filter((c) => !c.position), source, cursor, hi);
      start = Math.min(...kids.map((c) => c.position!.start.offset ?? cursor));
      end = Math.max(...kids.map((c) => c.position!.end.offset ?? cursor));
    } else if (typeof node.value === 'string' && node.value.length > 0) {
      const found = source.indexOf(node.value, cursor);
      if (found >= 0 && found + node.value.length <= hi) {
        start = found;
        end = found + node.value.length;
      } else {
        unfound = node;
      }
    }
    if (unfound && unfound !== node) {
      unfound.position!.end.offset = Math.max(unfound.position!.start.offset!, start);
      unfound = undefined;
    }
    node.position = { start: at(start), end: at(end) };
    cursor = Math.max(cursor, end);
  }
  if (unfound) unfound.position!.end.offset = Math.max(unfound.position!.start.offset!, hi);
  return cursor;
}

/**
 * Parses one section's text with remark (CommonMark + GFM + front matter) and moves its node
 * positions to document coordinates; every node gets a position (see {@link fillPositions}).
 * Pure; never throws for any input string: nesting past {@link MAX_NESTING} is cut (see
 * {@link capNesting}), and a section the parser fails on is read as its first line (parsed
 * alone) and a code block of the rest; `Section.limited` says so.
 *
 * @param text the whole document
 * @param start 0-based offset where the section starts
 * @param end 0-based offset where it ends
 * @param lines the document's line index, used to recompute line/column from offsets
 */
export function parseSection(text: string, start: number, end: number, lines: LineIndex, definitions: readonly string[] = []): Section {
  const own = text.slice(start, end);
  const appended = definitions.length ? `\n\n${definitions.map((d) => `[${d}]: #`).join('\n')}\n` : '';
  const capped = capNesting(own);
  const input = capped.text + appended;
  // The parser drops one leading byte order mark and counts offsets after it.
  const bom = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  let limited: string | undefined;
  let tree: Root;
  try {
    tree = processor.parse(input) as Root;
    fillAndShift(tree, input.slice(bom), start + bom, lines);
  } catch (error) {
    tree = fallbackTree(own.slice(bom), bom ? '' : capped.text);
    fillAndShift(tree, own.slice(bom), start + bom, lines);
    limited = `line ${lines.point(start).line} onwards could not be parsed (${error instanceof Error ? error.message : String(error)}) and was read as plain text`;
  }
  if (!limited && capped.firstCut >= 0) {
    limited = `nesting deeper than ${MAX_NESTING} levels on line ${lines.point(start + capped.firstCut).line} was read as plain text`;
  }
  const nodes = definitions.length ? tree.children.filter((n) => (n.position?.start.offset ?? 0) < start + own.length) : tree.children;
  return { start, line: lines.point(start).line, end, key: own + appended, nodes, ...(limited ? { limited } : {}) };
}

/** A section the parser failed on: its first line parsed alone (a heading, usually), the rest one code block. */
function fallbackTree(own: string, capped: string): Root {
  const nl = own.search(/\r?\n|\r/);
  const firstEnd = nl < 0 ? own.length : nl;
  const point = (offset: number) => ({ line: 1, column: 1, offset });
  let head: RootContent[] = [];
  try {
    head = (processor.parse(capped.slice(0, firstEnd)) as Root).children.filter((n) => n.type === 'heading' || n.type === 'paragraph');
  } catch {
    head = [];
  }
  const restStart = nl < 0 ? own.length : nl + (own.startsWith('\r\n', nl) ? 2 : 1);
  const rest: RootContent[] = restStart < own.length ? [{ type: 'code', lang: null, meta: null, value: own.slice(restStart), position: { start: point(restStart), end: point(own.length) } }] : [];
  return { type: 'root', children: [...head, ...rest], position: { start: point(0), end: point(own.length) } };
}

/**
 * Fills missing positions (see {@link fillPositions}) and moves every node of `tree` from
 * offsets in `source` to document coordinates (`by` added), recomputing lines and columns.
 * Iterative, so any depth of tree is fine.
 */
function fillAndShift(tree: Root, source: string, by: number, lines: LineIndex): void {
  const stack: Positioned[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    fillPositions(node, source);
    if (node.position) {
      const s = node.position.start.offset ?? 0;
      const e = node.position.end.offset ?? s;
      node.position = { start: lines.point(s + by), end: lines.point(e + by) };
    }
    if (node.children) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Positioned);
  }
}

/** Moves a parsed section (in place) to start at `start` on 1-based `line`; its text is unchanged. */
function moveSection(section: Section, start: number, line: number): void {
  const offsetDelta = start - section.start;
  const lineDelta = line - section.line;
  if (offsetDelta === 0 && lineDelta === 0) return;
  const stack: Positioned[] = [...section.nodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const p = node.position;
    if (p) {
      p.start.offset = (p.start.offset ?? 0) + offsetDelta;
      p.end.offset = (p.end.offset ?? 0) + offsetDelta;
      p.start.line += lineDelta;
      p.end.line += lineDelta;
    }
    if (node.children) for (const child of node.children) stack.push(child as Positioned);
  }
  section.end += offsetDelta;
  section.start = start;
  section.line = line;
}

/** Case-folded, whitespace-collapsed, as CommonMark matches reference labels. */
function normalizeLabel(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ');
}

/**
 * The link definitions a section may reference: those whose label follows a `[` in its text
 * (`[label]`, `[text][label]`, `[label][]`). A superset of what it uses, so its parse is the
 * same as with every definition appended, at the cost of the ones it names.
 */
function definitionsUsedIn(section: string, definitions: readonly string[]): string[] {
  if (definitions.length === 0 || !section.includes('[')) return [];
  const text = normalizeLabel(section).replace(/\[ /g, '[');
  return definitions.filter((d) => text.includes(`[${normalizeLabel(d).trim()}`));
}

/**
 * Parses a whole document section by section (see {@link sectionStarts}) into one mdast root
 * whose node positions are document coordinates: 1-based lines, 1-based UTF-16 columns and
 * 0-based offsets. The result is the tree a whole-document parse gives (tested on every corpus
 * plan); link reference definitions are shared between sections so references resolve.
 *
 * @param previous the parse of an earlier version of the same document: sections whose text
 *   (and the link definitions they see) did not change are reused, moved to their new place,
 *   instead of parsed again. `previous` must not be used afterwards: its sections are moved in
 *   place. The result is the same as without it (a differential test checks this).
 */
export function parseDocument(text: string, previous?: ParsedDocument): ParsedDocument {
  const lines = new LineIndex(text);
  const { starts, definitions, openAtEnd, unclosedBlock } = scanSections(text);
  const reusable = new Map<string, Section[]>();
  for (const section of previous?.sections ?? []) {
    const list = reusable.get(section.key);
    if (list) list.push(section);
    else reusable.set(section.key, [section]);
  }
  const sections: Section[] = [];
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i] as number;
    const last = i + 1 === starts.length;
    const e = last ? text.length : (starts[i + 1] as number);
    // A section may use a definition from another one; the last section may end inside a fence,
    // where appended definitions would become code.
    const defs = starts.length > 1 && !(last && openAtEnd) ? definitionsUsedIn(text.slice(s, e), definitions) : [];
    const key = text.slice(s, e) + (defs.length ? `\n\n${defs.map((d) => `[${d}]: #`).join('\n')}\n` : '');
    const cached = reusable.get(key)?.pop();
    if (cached) {
      moveSection(cached, s, lines.point(s).line);
      sections.push(cached);
    } else {
      sections.push(parseSection(text, s, e, lines, defs));
    }
  }
  const root: Root = {
    type: 'root',
    children: sections.flatMap((s) => s.nodes),
    position: { start: lines.point(0), end: lines.point(text.length) },
  };
  return { text, lines, sections, root, unclosedBlock };
}
