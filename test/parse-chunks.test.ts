import type { Root } from 'mdast';
import fc from 'fast-check';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../server/src/core/index.js';
import { scanSections } from '../server/src/core/section-scan.js';
import { planDocument } from './helpers/plan-arbitrary.js';

// A long section is parsed in pieces cut between list items, table rows and before one-line
// comments (server/src/core/section-scan.ts, ChunkBreak), joined into the tree one parse gives.
// chunkChars 0 cuts at every break, so that small documents exercise every join.

const fullParse = (text: string) => unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).parse(text) as Root;

/** The tree with each position as offsets, line and column (`null` where the parser gave none), or without positions. */
const shape = (root: Root, positions = true): unknown =>
  JSON.parse(
    JSON.stringify(root.children, (k, v) => (k === 'position' ? (positions ? [v.start.offset, v.end.offset, v.start.line, v.start.column, v.end.line, v.end.column] : undefined) : v)),
  );

/** The pieces give the tree of the unsplit sections, positions and all. */
function expectSectionTree(text: string): Root {
  const pieces = parseDocument(text, undefined, 0).root;
  expect(shape(pieces)).toEqual(shape(parseDocument(text, undefined, Number.MAX_SAFE_INTEGER).root));
  return pieces;
}

/** ... and the tree of a whole-document parse. */
function expectWholeTree(text: string): void {
  const pieces = expectSectionTree(text);
  const whole = fullParse(text);
  expect(shape(pieces, false)).toEqual(shape(whole, false));
  // A whole-document parse counts offsets after a byte order mark, planlint's from the file's start.
  if (!text.startsWith('\uFEFF')) expect(pieces.children.map((c) => [c.position?.start.offset, c.position?.end.offset])).toEqual(whole.children.map((c) => [c.position?.start.offset, c.position?.end.offset]));
}

const kinds = (text: string) => scanSections(text, true, 0).breaks.map((b) => b.kind);

describe('chunked parse', () => {
  it('cuts tight bullet lists, table bodies and runs of one-line comments, and nothing else', () => {
    expect(kinds('- a\n- b\n- c\n')).toEqual(['item', 'item']);
    expect(kinds('| a | b |\n| --- | :-: |\n| 1 | 2 |\n| 3 | 4 |\n| 5 | 6 |\n')).toEqual(['row', 'row', 'row']);
    expect(kinds('- a\n<!-- x -->\n- b\n<!-- y -->\n')).toEqual(['block', 'block']);
    // A loose list, items of different bullets, a thematic break, lines inside a fence or a
    // comment, a table without a blank line before it and indented items are never cut.
    expect(kinds('- a\n\n- b\n')).toEqual([]);
    expect(kinds('- a\n* b\n+ c\n')).toEqual([]);
    expect(kinds('- a\n- - -\n* * *\n')).toEqual([]);
    expect(kinds('```\n- a\n- b\n```\n<!--\n- a\n- b\n-->\n')).toEqual([]);
    expect(kinds('text\n| a |\n| --- |\n| 1 |\n| 2 |\n')).toEqual([]);
    expect(kinds('  - a\n  - b\n')).toEqual([]);
    expect(kinds('- ```js\n- b\n')).toEqual([]);
  });

  it('breaks at least chunkChars apart', () => {
    const text = '- TBD\n'.repeat(10_000);
    const breaks = scanSections(text, true, 4_096).breaks;
    expect(breaks.length).toBeGreaterThan(10);
    for (let i = 1; i < breaks.length; i++) expect(breaks[i]!.offset - breaks[i - 1]!.offset).toBeGreaterThanOrEqual(4_096);
  });

  it.each([
    ['a tight list with nested items and task boxes', '# Plan\n\n- [ ] one\n- [x] two\n  - nested\n- three\n  continued\nlazy line\n- four\n\nafter\n'],
    ['a list whose items hold a fence that the next item closes', '- a\n- ```js\n- b\n- c\n'],
    ['a list that turns loose after the cut', '- a\n- b\n\n- c\n- d\n'],
    ['a table with ragged rows and escaped pipes', '| a | b |\n| --- | --: |\n| 1 |\n| 2 | 3 | 4 |\n| `x \\| y` | z |\n| www.example.com | [l](u) |\nafter\n'],
    ['items after a comment, comments after items', '<!-- planlint-disable-next-line placeholder-text -->\n- TBD\n<!-- planlint-disable-next-line -->\n- TBD\n<!-- c -->\n<!-- d -->\n'],
    ['CRLF and a byte order mark', '\uFEFF- a\r\n- b\r\n| h |\r\n\r\n| h |\r\n| - |\r\n| 1 |\r\n| 2 |\r\n'],
    ['a footnote defined in one piece and used in another (found by fuzzing)', '[^1]: note\n- **FR-000**: deploy\n- **DoD**: deploy\n[^1] deploy\n'],
    ['link definitions in another section', '# A\n\n- [x][d]\n- [y][d]\n\n# B\n\n[d]: https://example.com\n'],
  ])('gives the whole-document tree for %s', (_what, text) => {
    expect(kinds(text).length).toBeGreaterThan(0);
    expectWholeTree(text);
  });

  it('reads a fence after a byte order mark on the first line as the parser does (found by fuzzing)', () => {
    const text = '\uFEFF```\n\u0000# Plan\n\n<!-- toc -->\n- [Summary](#summary)\n- [Motivation](#motivation)\n';
    expect(kinds(text)).toEqual([]);
    expect(scanSections(text).unclosedBlock).toBe(0);
    expectSectionTree(text);
  });

  it('does not cut the first section after front matter that never closes (found by fuzzing)', () => {
    // remark-frontmatter then reads that section's list as paragraph text; pieces would not.
    const text = '---\np# KEP-1847\n\n<!-- toc -->\n- [Summary](#summary)\n- [Motivation](#motivation)\n\n# Next\n\n- a\n- b\n';
    expect(kinds(text)).toEqual(['item']);
    expectSectionTree(text);
  });

  // (Generated plans may open front matter they never close, where a whole-document parse reads
  // the rest differently from a section-wise one; the corpus test compares those whole.)
  it('keeps a table and a list joined from pieces right when their section is reused at a new offset (found by a memory profile)', () => {
    // The table's end was the last row's end point itself, so moving the reused section moved it twice.
    const rows = Array.from({ length: 6 }, (_, i) => `| r${i} | v${i} |`).join('\n');
    const items = Array.from({ length: 6 }, (_, i) => `- item ${i}`).join('\n');
    const doc = (word: string) => `# A\n\n${word}\n\n# B\n\n| a | b |\n|---|---|\n${rows}\n\n${items}\n`;
    const before = parseDocument(doc('text'), undefined, 0);
    const after = parseDocument(doc('longer text'), before, 0);
    expect(after.sections[1]).toBe(before.sections[1]);
    expect(shape(after.root)).toEqual(shape(parseDocument(doc('longer text'), undefined, 0).root));
  });

  it('gives the tree of the unsplit sections for generated plans', () => {
    fc.assert(fc.property(planDocument, (text) => void expectSectionTree(text)), { seed: 20_261_204, numRuns: 300 });
  });
});
