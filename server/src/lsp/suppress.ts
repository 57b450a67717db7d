/**
 * The suppression code actions: "Disable <rule> for this line" and "Disable <rule> for this
 * file", as edits that keep the Markdown structure. A comment on a line of its own is an HTML
 * block, which ends a paragraph, a table or (at column 0) a list; so the comment goes where it
 * ends nothing:
 *
 * - before a line that starts a block (a heading, a paragraph's first line, a list item, a
 *   table's header row): `planlint-disable-next-line` on the line before, indented to the
 *   line's content column, so that before a list item it stays inside the previous item (or
 *   before the list) and never splits it;
 * - before a line inside a block (a table row, a paragraph's second line): a
 *   `planlint-disable` before the block and a `planlint-enable` after it, for that rule only,
 *   each indented like the line it is beside;
 * - for the file: `planlint-disable-file` after the front matter (or the rule added to an
 *   existing `planlint-disable-file` comment).
 *
 * The reason is a tab stop where the client applies snippet edits; elsewhere the comment has
 * no reason rather than a placeholder word the author would have to find and replace.
 */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { Plan } from '../core/index.js';
import type { DataEdit } from '../protocol.js';
import { offsetsToRange, toWorkspaceEdit } from './convert.js';

const LIST_ITEM = /^([ \t]*(?:[-*+]|\d{1,9}[.)]))([ \t]+|$)/;
const FRONT_MATTER = /^(?:\uFEFF)?(?:---|\+\+\+)\r?\n[\s\S]*?\r?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * The column where a line's block content starts: for a list item, after its marker and the
 * spaces that follow (one when there are more than four, which start indented code), as
 * CommonMark sets a list item's content column; else after the line's indentation. A comment
 * indented to it stays inside the item before, and is never indented code.
 */
function contentColumn(text: string): number {
  const item = LIST_ITEM.exec(text);
  if (item) return item[1]!.length + Math.max(1, item[2]!.length > 4 ? 1 : item[2]!.length);
  return /^[ \t]*/.exec(text)![0].length;
}

const isBlank = (text: string) => text.trim() === '';
const startsBlock = (text: string) => LIST_ITEM.test(text) || /^\s{0,3}#{1,6}(?:\s|$)/.test(text);

/** One comment line, and its snippet with the reason as a tab stop. */
function commentEdit(plan: Plan, offset: number, indent: number, directive: string, before = ''): DataEdit {
  const range = offsetsToRange(plan.lines, offset, offset);
  const pad = ' '.repeat(indent);
  const eol = plan.lineEnding;
  return { range, newText: `${before}${pad}<!-- ${directive} -->${eol}`, snippet: `${before}${pad}<!-- ${directive} -- \$1 -->${eol}` };
}

/** The 1-based line where the front matter ends (0 when there is none). */
function frontMatterLines(plan: Plan): number {
  const m = FRONT_MATTER.exec(plan.text);
  return m ? plan.lines.point(m[0].length).line - (m[0].endsWith('\n') ? 1 : 0) : 0;
}

/** The edits that silence `ruleId` on 1-based `line`; undefined for a line of the front matter. */
export function disableLineEdits(plan: Plan, line: number, ruleId: string): DataEdit[] | undefined {
  if (line <= frontMatterLines(plan)) return undefined;
  const text = (n: number) => plan.lines.lineText(n);
  const own = text(line);
  const first = line === 1 || isBlank(text(line - 1)) || startsBlock(own);
  if (first) return [commentEdit(plan, plan.lines.lineStart(line), contentColumn(own), `planlint-disable-next-line ${ruleId}`)];
  // Inside a block (a table, a paragraph): around the whole run of non-blank lines.
  let start = line;
  while (start > frontMatterLines(plan) + 1 && !isBlank(text(start - 1))) start--;
  let end = line;
  const last = plan.lines.point(plan.text.length).line;
  while (end < last && !isBlank(text(end + 1))) end++;
  // The last line may have no line ending: the enable comment then starts a new line.
  const needsBreak = end === last && !/[\r\n]$/.test(plan.text);
  const after = needsBreak ? plan.text.length : plan.lines.lineStart(end + 1);
  const { range, newText } = commentEdit(plan, after, contentColumn(text(end)), `planlint-enable ${ruleId}`, needsBreak ? plan.lineEnding : '');
  return [commentEdit(plan, plan.lines.lineStart(start), contentColumn(text(start)), `planlint-disable ${ruleId}`), { range, newText }];
}

/** The edit that silences `ruleId` in the whole file: added to an existing `planlint-disable-file` comment, else a new one after the front matter. */
export function disableFileEdits(plan: Plan, ruleId: string): DataEdit[] {
  for (const d of plan.directives) {
    if (d.kind !== 'disable-file' || d.rules.length === 0) continue;
    if (d.rules.includes(ruleId)) return [];
    const comment = plan.text.slice(d.span.start.offset, d.span.end.offset);
    const m = /planlint-disable-file\b([\s\S]*?)(?=\s--\s?|\s*-->|$)/.exec(comment);
    if (!m) continue;
    const at = d.span.start.offset + m.index + m[0].trimEnd().length;
    return [{ range: offsetsToRange(plan.lines, at, at), newText: `, ${ruleId}` }];
  }
  const line = frontMatterLines(plan) + 1;
  const offset = plan.lines.lineStart(line);
  return [commentEdit(plan, offset, 0, `planlint-disable-file ${ruleId}`)];
}

/**
 * "Disable <rule> for this line" and "Disable <rule> for this file" for `diagnostic`, as
 * snippet edits (the reason a tab stop) when `snippets`, plain text otherwise.
 */
export function suppressionActions(uri: string, version: number, plan: Plan, diagnostic: Diagnostic, ruleId: string, snippets: boolean): CodeAction[] {
  const actions: CodeAction[] = [];
  const line = disableLineEdits(plan, diagnostic.range.start.line + 1, ruleId);
  if (line) actions.push({ title: `Disable ${ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: toWorkspaceEdit(uri, version, line, snippets) });
  const file = disableFileEdits(plan, ruleId);
  if (file.length) actions.push({ title: `Disable ${ruleId} for this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: toWorkspaceEdit(uri, version, file, snippets) });
  return actions;
}
