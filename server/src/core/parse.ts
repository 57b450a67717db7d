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
}

/** A parsed document: sections in order and their nodes concatenated as one mdast root. */
export interface ParsedDocument {
  text: string;
  lines: LineIndex;
  sections: Section[];
  root: Root;
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
}

/** Characters a tracked line can start with: headings, fences, HTML, indentation, definitions, blank lines. */
const BLOCK_START = new Set(['#', '`', '~', '<', ' ', '\t', '[', '\r', '\n'].map((c) => c.charCodeAt(0)));

const DEFINITION = /^ {0,3}\[((?:[^\]\\]|\\.){1,999})\]:/;

function scanSections(text: string): SectionScan {
  const starts = [0];
  const definitions: string[] = [];
  let prevBlank = true;
  let prevDefinition = false;
  let fence: { char: string; length: number } | undefined;
  let html: HtmlBlockKind | undefined;
  let offset = 0;
  let lineNo = 0;
  let frontMatter = text.startsWith('---') || text.startsWith('+++');
  const frontMarker = text.slice(0, 3);
  // Lines end at LF, CRLF or a lone CR (CommonMark's line endings). The next CR and LF are
  // remembered, so that a document without one of them is not searched to its end per line.
  const following = (c: string, from: number) => {
    const i = text.indexOf(c, from);
    return i === -1 ? text.length : i;
  };
  let nextLf = -1;
  let nextCr = -1;
  while (offset <= text.length) {
    if (nextLf < offset) nextLf = following('\n', offset);
    if (nextCr < offset) nextCr = following('\r', offset);
    const contentEnd = Math.min(nextLf, nextCr);
    // `next` is the last character of the line ending (the LF of a CRLF).
    const next = contentEnd === nextCr && nextLf === nextCr + 1 ? nextLf : contentEnd;
    // Fast path: outside front matter, fences and HTML blocks, a line that starts with a
    // character no block construct tracked here starts with needs no further look.
    if (!frontMatter && !fence && !html && lineNo > 0 && !BLOCK_START.has(text.charCodeAt(offset))) {
      lineNo++;
      prevBlank = false;
      prevDefinition = false;
      if (next >= text.length) break;
      offset = next + 1;
      continue;
    }
    const line = text.slice(offset, contentEnd);
    lineNo++;
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
      prevDefinition = true;
      prevBlank = false;
      if (next >= text.length) break;
      offset = next + 1;
      continue;
    } else {
      const f = FENCE_OPEN.exec(line);
      if (f && !(f[2]![0] === '`' && f[3]!.includes('`'))) {
        fence = { char: f[2]![0]!, length: f[2]!.length };
      } else {
        html = htmlBlockStart(line);
      }
    }
    prevBlank = line.trim() === '' || ATX_HEADING.test(line);
    prevDefinition = false;
    if (next >= text.length) break;
    offset = next + 1;
  }
  return { starts, definitions, openAtEnd: frontMatter || fence !== undefined || html !== undefined };
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
 * Parses one section's text with remark (CommonMark + GFM + front matter) and moves its node
 * positions to document coordinates. Pure; never throws for any input string.
 *
 * @param text the whole document
 * @param start 0-based offset where the section starts
 * @param end 0-based offset where it ends
 * @param lines the document's line index, used to recompute line/column from offsets
 */
export function parseSection(text: string, start: number, end: number, lines: LineIndex, definitions: readonly string[] = []): Section {
  const own = text.slice(start, end);
  const appended = definitions.length ? `\n\n${definitions.map((d) => `[${d}]: #`).join('\n')}\n` : '';
  const tree = processor.parse(own + appended) as Root;
  const nodes = definitions.length ? tree.children.filter((n) => (n.position?.start.offset ?? 0) < own.length) : tree.children;
  for (const node of nodes) shift(node, start, lines);
  return { start, line: lines.point(start).line, end, key: own + appended, nodes };
}

/** Moves a parsed section (in place) to start at `start` on 1-based `line`; its text is unchanged. */
function moveSection(section: Section, start: number, line: number): void {
  const offsetDelta = start - section.start;
  const lineDelta = line - section.line;
  if (offsetDelta === 0 && lineDelta === 0) return;
  const move = (node: { position?: Root['position']; children?: unknown[] }) => {
    const p = node.position;
    if (p) {
      p.start.offset = (p.start.offset ?? 0) + offsetDelta;
      p.end.offset = (p.end.offset ?? 0) + offsetDelta;
      p.start.line += lineDelta;
      p.end.line += lineDelta;
    }
    if (node.children) for (const child of node.children) move(child as typeof node);
  };
  for (const node of section.nodes) move(node);
  section.end += offsetDelta;
  section.start = start;
  section.line = line;
}

function shift(node: { position?: Root['position']; children?: unknown[] }, by: number, lines: LineIndex): void {
  if (node.position) {
    const s = node.position.start.offset ?? 0;
    const e = node.position.end.offset ?? s;
    const sp = lines.point(s + by);
    const ep = lines.point(e + by);
    node.position = { start: sp, end: ep };
  }
  if (node.children) for (const child of node.children) shift(child as typeof node, by, lines);
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
  const { starts, definitions, openAtEnd } = scanSections(text);
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
  return { text, lines, sections, root };
}
