/**
 * Code actions over one analysis of one document: quick fixes and suggestions (as snippet edits
 * where the client applies them), "disable for this line / file" (suppress.ts), "Show
 * documentation for <rule>" where the client has a command for it, fix-all, and the edit of the
 * Insert Section commands.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type Position, type WorkspaceEdit } from 'vscode-languageserver';
import { sectionFix, selectEdits, type SectionKind } from '../core/index.js';
import { FIX_ALL_KIND, type DataEdit } from '../protocol.js';
import { toDataEdits, toLspEdits, toOffset, toWorkspaceEdit } from './convert.js';
import type { AnalyzedDocument } from './features.js';
import { isDiagnosticData } from './params.js';
import { stageOf } from './plan-index.js';
import { suppressionActions } from './suppress.js';

/** What the client can apply, from its `initialize` capabilities. */
export interface ClientSupport {
  /** The client declared `workspace.workspaceEdit.snippetEditSupport` and `documentChanges` (LSP 3.18 SnippetTextEdit). */
  snippetEdits: boolean;
  /** The client's command that opens a rule's documentation (`initializationOptions.ruleDocsCommand`), when it has one. */
  ruleDocsCommand?: string;
}

/**
 * Quick fixes, suggestions and "disable for this line" for the diagnostics in the request. An
 * edit with a snippet form is sent as a SnippetTextEdit when `client.snippetEdits`, as its
 * plain text otherwise; fix-all is always plain text.
 */
export function codeActions(doc: AnalyzedDocument, params: CodeActionParams, client: ClientSupport): CodeAction[] {
  const plan = doc.analysis.plan;
  if (!plan) return [];
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== 'planlint') continue;
      // Data the client sends back is checked like any input: a bogus one gets no actions.
      const data: unknown = diagnostic.data;
      if (!isDiagnosticData(data) || data.version !== doc.version) continue;
      const edit = (edits: DataEdit[]) => toWorkspaceEdit(doc.uri, doc.version, edits, client.snippetEdits);
      if (data.fix) actions.push({ title: data.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: edit(data.fix.edits) });
      for (const s of data.suggestions ?? []) actions.push({ title: s.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit(s.edits) });
      actions.push(...suppressionActions(doc.uri, doc.version, plan, diagnostic, data.ruleId, client.snippetEdits));
    }
    if (client.ruleDocsCommand) actions.push(...docsActions(params.context.diagnostics, client.ruleDocsCommand));
  }
  if (only?.some((o) => FIX_ALL_KIND === o || FIX_ALL_KIND.startsWith(`${o}.`) || o === CodeActionKind.SourceFixAll)) {
    const fixAll = fixAllAction(doc);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/**
 * "Show documentation for <rule>", once per rule among `diagnostics` (as ESLint offers it): a
 * command of the client, which opens the bundled page. Listed after the edits, never preferred.
 */
function docsActions(diagnostics: readonly Diagnostic[], command: string): CodeAction[] {
  const byRule = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    if (d.source !== 'planlint' || !isDiagnosticData(d.data)) continue;
    const list = byRule.get(d.data.ruleId) ?? [];
    byRule.set(d.data.ruleId, [...list, d]);
  }
  return [...byRule].map(([ruleId, ds]) => {
    const title = `Show documentation for ${ruleId}`;
    return { title, kind: CodeActionKind.QuickFix, diagnostics: ds, command: { title, command, arguments: [ruleId] } };
  });
}

/** `source.fixAll.planlint`: every fix of the current analysis that does not overlap another. */
export function fixAllAction(doc: AnalyzedDocument): CodeAction | undefined {
  const plan = doc.analysis.plan;
  if (!plan) return undefined;
  // The same choice and order of edits as `--fix` (selectEdits), as plain text.
  const { edits } = selectEdits(doc.analysis.findings, (f) => f.fix);
  if (edits.length === 0) return undefined;
  return { title: 'Fix all auto-fixable planlint problems', kind: FIX_ALL_KIND, edit: { changes: { [doc.uri]: toLspEdits(edits, plan.lines) } } };
}

/** `planlint/insertSection`: the quick fix's edit for the stage at `position` (innermost), with snippet edits as {@link codeActions} sends them. */
export function insertSection(doc: AnalyzedDocument, position: Position, section: SectionKind, client: ClientSupport): { title: string; edit: WorkspaceEdit } | null {
  const plan = doc.analysis.plan;
  if (!plan || !doc.analysis.isPlan) return null;
  const offset = toOffset(plan.lines, position);
  const stage = stageOf(plan, offset) ?? plan.stages.find((s) => s.source === 'implicit');
  const fix = stage && sectionFix(plan, stage, section);
  return fix ? { title: fix.title, edit: toWorkspaceEdit(doc.uri, doc.version, toDataEdits(fix, plan.lines), client.snippetEdits) } : null;
}
