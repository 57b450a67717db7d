import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Root, RootContent } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Finding } from '../server/src/core/index.js';
import type { DataEdit } from '../server/src/protocol.js';
import { disableFileEdits, disableLineEdits } from '../server/src/lsp/suppress.js';
import { CORPUS, hasCorpus } from './helpers/corpus.js';

/** The document's blocks without HTML: list and item counts, table rows, paragraphs, headings, code. */
function structure(text: string): string[] {
  const tree = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter).parse(text) as Root;
  const out: string[] = [];
  const walk = (nodes: RootContent[], depth: number) => {
    for (const n of nodes) {
      if (n.type === 'html') continue;
      if (n.type === 'list') out.push(`${depth}:list(${n.children.length})`);
      else if (n.type === 'table') out.push(`${depth}:table(${n.children.length})`);
      else if (['paragraph', 'heading', 'code', 'yaml', 'blockquote', 'thematicBreak'].includes(n.type)) out.push(`${depth}:${n.type}`);
      if ('children' in n && n.type !== 'paragraph' && n.type !== 'heading') walk(n.children as RootContent[], depth + 1);
    }
  };
  walk(tree.children, 0);
  return out;
}

const apply = (text: string, edits: DataEdit[]) => TextDocument.applyEdits(TextDocument.create('file:///x.md', 'markdown', 1, text), edits.map((e) => ({ range: e.range, newText: e.newText })));
const key = (f: Finding, shift = 0) => `${f.span.start.line + shift}:${f.span.start.column}:${f.ruleId}`;

/**
 * Applies "Disable <rule> for this line" to every finding of `text` (at most `limit`) and checks
 * that the finding is gone, that no other rule's finding changes, and that the Markdown
 * structure (lists and their items, tables and their rows, paragraphs) is the same.
 */
function checkEveryLine(text: string, limit: number): number {
  const before = analyze(text, undefined, { force: true });
  const shape = structure(text);
  let checked = 0;
  for (const f of before.findings.slice(0, limit)) {
    const edits = disableLineEdits(before.plan!, f.span.start.line, f.ruleId);
    if (!edits) continue;
    const fixed = apply(text, edits);
    const after = analyze(fixed, undefined, { force: true });
    const shift = 1; // every edit inserts one line before the finding's line
    expect(after.findings.map((g) => key(g)), `${key(f)} silenced`).not.toContain(key(f, shift));
    // Other rules' findings only move down by the lines inserted.
    const inserted = edits.map((e) => e.range.start.line + 1);
    const moved = (g: Finding) => key(g, inserted.filter((l) => l <= g.span.start.line).length);
    expect(after.findings.filter((g) => g.ruleId !== f.ruleId).map((g) => key(g)).sort(), `${key(f)}: other rules unchanged`).toEqual(before.findings.filter((g) => g.ruleId !== f.ruleId).map(moved).sort());
    expect(structure(fixed), `${key(f)}: ${JSON.stringify(edits.map((e) => e.newText))}`).toEqual(shape);
    checked++;
  }
  return checked;
}

const PLAN = [
  '---', // 1
  'owner: Priya',
  '---',
  '# Plan: add CSV export',
  '',
  '## Requirements',
  '',
  '- **FR-001**: Users can export a report as CSV.',
  '- **FR-002**: Exports keep the column order.', // 9: second item of a tight list
  '- **FR-003**: Large exports stream.',
  '',
  '## Stage 1: Build the exporter',
  '',
  '- [ ] T001 Write the CSV writer (FR-001)',
  '  - [ ] T002 Handle quoting TBD', // 15: a nested item
  '- [ ] T003 Add the button',
  '',
  '**Tests:** unit tests, run by `npm test`.',
  '',
  '**DoD:**',
  '- [ ] The export works well', // 21: first item, right after a paragraph
  '- [ ] It is fast and robust',
  '',
  '| Step | Rollback |',
  '| --- | --- |',
  '| Deploy the writer | TBD |', // 26: table rows
  '| Enable the button | TBD |',
  '',
  'Some prose that goes on',
  'and mentions TBD on its second line.', // 31: inside a paragraph, last line without a line ending
].join('\n');

describe('suppression actions keep the Markdown structure', () => {
  it('silence each finding of a plan with lists, a nested list, a table and a paragraph, and split none of them', () => {
    expect(checkEveryLine(PLAN, 50)).toBe(8);
  });

  it('place the comment inside the list, indented to the item, or around the table', () => {
    const plan = analyze(PLAN, undefined, { force: true }).plan!;
    expect(disableLineEdits(plan, 9, 'uncovered-requirement')!.map((e) => [e.range.start.line, e.newText])).toEqual([[8, '  <!-- planlint-disable-next-line uncovered-requirement -->\n']]);
    expect(disableLineEdits(plan, 15, 'placeholder-text')!.map((e) => e.newText)).toEqual(['    <!-- planlint-disable-next-line placeholder-text -->\n']);
    expect(disableLineEdits(plan, 26, 'placeholder-text')!.map((e) => [e.range.start.line, e.newText])).toEqual([
      [23, '<!-- planlint-disable placeholder-text -->\n'],
      [27, '<!-- planlint-enable placeholder-text -->\n'],
    ]);
    // The reason is a tab stop of the snippet, and no placeholder word in the plain text.
    expect(disableLineEdits(plan, 9, 'uncovered-requirement')![0]!.snippet).toBe('  <!-- planlint-disable-next-line uncovered-requirement -- $1 -->\n');
    expect(disableLineEdits(plan, 2, 'missing-owner')).toBeUndefined();
  });

  it('disable for the file: after the front matter, or added to the file comment already there', () => {
    const plan = analyze(PLAN, undefined, { force: true }).plan!;
    const [edit] = disableFileEdits(plan, 'placeholder-text');
    expect([edit!.range.start.line, edit!.newText]).toEqual([3, '<!-- planlint-disable-file placeholder-text -->\n']);
    const once = apply(PLAN, [edit!]);
    expect(analyze(once, undefined, { force: true }).findings.filter((f) => f.ruleId === 'placeholder-text')).toEqual([]);
    expect(structure(once)).toEqual(structure(PLAN));
    const twice = apply(once, disableFileEdits(analyze(once, undefined, { force: true }).plan!, 'unmeasurable-criterion'));
    expect(twice.split('\n')[3]).toBe('<!-- planlint-disable-file placeholder-text, unmeasurable-criterion -->');
    expect(analyze(twice, undefined, { force: true }).findings.filter((f) => f.ruleId === 'unmeasurable-criterion')).toEqual([]);
    expect(disableFileEdits(analyze(twice, undefined, { force: true }).plan!, 'placeholder-text')).toEqual([]);
  });

  it.skipIf(!hasCorpus)('silence findings of real plans without changing their structure', () => {
    let checked = 0;
    for (const f of ['kubernetes__enhancements__keps__sig-node__753-sidecar-containers__README.md', 'GaZmagik__claude-memory-plugin__.specify__specs__feature__002-v1.1.0-enhancements__tasks.md', 'JustAGameZA__coding-agent__docs__02-IMPLEMENTATION-ROADMAP.md']) {
      checked += checkEveryLine(readFileSync(path.join(CORPUS, 'public', f), 'utf8'), 15);
    }
    expect(checked).toBeGreaterThan(10);
  });
});
