/**
 * Every mapping between planlint positions (1-based lines and columns, 0-based offsets, UTF-16
 * code units) and LSP positions (0-based lines and characters, UTF-16 code units) lives here.
 */
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Position,
  type Range,
  type SnippetTextEdit,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { docsUrl, type Finding, type Fix, type LineIndex, type Point, type Span, type TextEdit } from '../core/index.js';
import type { DataEdit, DiagnosticData } from '../protocol.js';

/** LSP position of a planlint point. */
export function toPosition(point: Point): Position {
  return { line: point.line - 1, character: point.column - 1 };
}

/** LSP range of a planlint span. */
export function toRange(span: Span): Range {
  return { start: toPosition(span.start), end: toPosition(span.end) };
}

/** LSP range of offsets `[start, end)`. */
export function offsetsToRange(lines: LineIndex, start: number, end: number): Range {
  return toRange(lines.span(start, end));
}

/** 0-based offset of an LSP position (clamped to its line). */
export function toOffset(lines: LineIndex, position: Position): number {
  const line = position.line + 1;
  const start = lines.lineStart(line);
  return Math.min(start + position.character, lines.lineEnd(line));
}

/** True when `position` lies within `span` (end inclusive, so a cursor just after a token counts). */
export function spanContains(span: Span, position: Position): boolean {
  const p = { line: position.line + 1, column: position.character + 1 };
  const after = (a: { line: number; column: number }, b: { line: number; column: number }) => a.line > b.line || (a.line === b.line && a.column >= b.column);
  return after(p, span.start) && after(span.end, p);
}

/** LSP text edits of core edits: the plain text of each (fix-all and `--fix` never use snippets). */
export function toLspEdits(edits: readonly TextEdit[], lines: LineIndex): LspTextEdit[] {
  return edits.map((e) => ({ range: offsetsToRange(lines, e.start, e.end), newText: e.text }));
}

/** The edits of a fix or suggestion as a diagnostic's data carries them: the plain text, and the snippet form when the edit has one. */
export function toDataEdits(fix: Fix, lines: LineIndex): DataEdit[] {
  return fix.edits.map((e) => ({ range: offsetsToRange(lines, e.start, e.end), newText: e.text, ...(e.snippet !== undefined ? { snippet: e.snippet } : {}) }));
}

/**
 * The workspace edit that makes `edits` in document `uri`. With `snippets` (the client declared
 * `workspace.workspaceEdit.snippetEditSupport` and `documentChanges`) and an edit that has a
 * snippet form, one TextDocumentEdit for `version` whose snippet edits are LSP 3.18
 * SnippetTextEdits, so that the editor makes their slots tab stops; otherwise plain text
 * edits in `changes`.
 */
export function toWorkspaceEdit(uri: string, version: number, edits: DataEdit[], snippets: boolean): WorkspaceEdit {
  if (!snippets || !edits.some((e) => e.snippet !== undefined)) return { changes: { [uri]: edits.map((e) => ({ range: e.range, newText: e.newText })) } };
  const documentEdits: Array<LspTextEdit | SnippetTextEdit> = edits.map((e) => (e.snippet !== undefined ? { range: e.range, snippet: { kind: 'snippet', value: e.snippet } } : { range: e.range, newText: e.newText }));
  return { documentChanges: [{ textDocument: { uri, version }, edits: documentEdits }] };
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/**
 * The LSP diagnostic of a finding: `code` = rule id, `codeDescription.href` = rule docs,
 * `source` = "planlint", related locations, and the fix and suggestions in `data`.
 */
export function toDiagnostic(finding: Finding, lines: LineIndex, uri: string, version: number): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId, version };
  if (finding.fix) data.fix = { title: finding.fix.title, edits: toDataEdits(finding.fix, lines) };
  if (finding.suggestions) data.suggestions = finding.suggestions.map((s) => ({ title: s.title, edits: toDataEdits(s, lines) }));
  const related: DiagnosticRelatedInformation[] | undefined = finding.related?.map((r) => ({ location: { uri, range: toRange(r.span) }, message: r.message }));
  return {
    range: toRange(finding.span),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: docsUrl(finding.ruleId) },
    source: 'planlint',
    message: finding.message,
    ...(related?.length ? { relatedInformation: related } : {}),
    data,
  };
}
