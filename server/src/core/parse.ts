import type { Root, RootContent } from 'mdast';
import { parsePiece, parsePieces } from './parse-piece.js';
import type { Positioned } from './positions.js';
import { CHUNK_CHARS, scanSections, type ChunkBreak } from './section-scan.js';
import { LineIndex } from './text.js';

export { MAX_NESTING } from './nesting.js';
export { sectionStarts } from './section-scan.js';

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
  /** 1-based line where that part starts. */
  limitedLine?: number;
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
  /**
   * Sections of the previous version that this one did not reuse, kept for one more edit: an
   * edit that is undone (a fence opened and closed, a heading made and unmade) then reuses them
   * instead of parsing them again. Never carried further, so memory stays one version's worth.
   */
  spare?: Section[];
}

/**
 * Parses one section's text with remark (CommonMark + GFM + front matter) and moves its node
 * positions to document coordinates; every node gets a position (see {@link fillPositions}).
 * Pure; never throws for any input string: nesting past {@link MAX_NESTING} is cut (see
 * {@link capNesting}), autolink literals are not read where a `[` stays open long enough to make
 * them quadratic (see {@link longOpenBracket}), and a section the parser fails on is read as its first line (parsed
 * alone) and a code block of the rest; `Section.limited` says so.
 *
 * @param text the whole document
 * @param start 0-based offset where the section starts
 * @param end 0-based offset where it ends
 * @param lines the document's line index, used to recompute line/column from offsets
 * @param definitions labels of link definitions elsewhere in the document the section may use
 * @param breaks chunk breaks inside the section (see {@link ChunkBreak}): a long section is
 *   parsed in pieces joined into the same nodes, so that its parse time stays linear
 */
export function parseSection(text: string, start: number, end: number, lines: LineIndex, definitions: readonly string[] = [], breaks: readonly ChunkBreak[] = []): Section {
  const own = text.slice(start, end);
  const appended = definitions.length ? `\n\n${definitions.map((d) => `[${d}]: #`).join('\n')}\n` : '';
  // A link or footnote definition in one piece may be used in another: such a section is parsed whole.
  const cut = breaks.length > 0 && !own.includes(']:');
  const piece = (cut ? parsePieces(text, start, end, lines, appended, breaks) : undefined) ?? parsePiece(text, start, end, lines, appended);
  return { start, line: lines.point(start).line, end, key: own + appended, nodes: piece.nodes, ...(piece.limited ? { limited: piece.limited, limitedLine: piece.limitedLine } : {}) };
}

/** Moves a parsed section (in place) to start at `start` on 1-based `line`; its text is unchanged. */
function moveSection(section: Section, start: number, line: number): void {
  const offsetDelta = start - section.start;
  const lineDelta = line - section.line;
  if (offsetDelta === 0 && lineDelta === 0) return;
  // A node may start or end with its parent's very point object (see `sharePoints` in
  // parse-piece.ts): such a point is moved with the parent, once. Every node has a position with
  // offsets (see parseSection); lines move only when they changed.
  const stack: Positioned[] = [...section.nodes];
  const above: Array<Positioned['position']> = stack.map(() => undefined);
  while (stack.length > 0) {
    const node = stack.pop()!;
    const up = above.pop();
    const p = node.position;
    if (p) {
      if (p.start !== up?.start) {
        p.start.offset! += offsetDelta;
        if (lineDelta !== 0) p.start.line += lineDelta;
      }
      if (p.end !== up?.end) {
        p.end.offset! += offsetDelta;
        if (lineDelta !== 0) p.end.line += lineDelta;
      }
    }
    const children = node.children;
    if (children) {
      for (let i = 0; i < children.length; i++) {
        stack.push(children[i] as Positioned);
        above.push(p);
      }
    }
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
 * @param chunkChars the least length of a piece a long section is parsed in (see {@link ChunkBreak}); tests pass 0 to cut at every break
 */
export function parseDocument(text: string, previous?: ParsedDocument, chunkChars = CHUNK_CHARS): ParsedDocument {
  const lines = new LineIndex(text);
  const { starts, breaks, definitions, openAtEnd, unclosedBlock } = scanSections(text, true, chunkChars);
  let nextBreak = 0;
  const reusable = new Map<string, Section[]>();
  // The previous version's sections last: `pop` takes the last one, so they win over spares.
  for (const section of [...(previous?.spare ?? []), ...(previous?.sections ?? [])]) {
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
      while (nextBreak < breaks.length && breaks[nextBreak]!.offset <= s) nextBreak++;
      let stop = nextBreak;
      while (stop < breaks.length && breaks[stop]!.offset < e) stop++;
      sections.push(parseSection(text, s, e, lines, defs, breaks.slice(nextBreak, stop)));
    }
  }
  // A loop, not flatMap: this runs on every edit over every node of the document's top level.
  const children: RootContent[] = [];
  for (const section of sections) for (const node of section.nodes) children.push(node);
  const root: Root = {
    type: 'root',
    children,
    position: { start: lines.point(0), end: lines.point(text.length) },
  };
  const reused = new Set(sections);
  const spare = (previous?.sections ?? []).filter((s) => !reused.has(s));
  return { text, lines, sections, root, unclosedBlock, ...(spare.length ? { spare } : {}) };
}
