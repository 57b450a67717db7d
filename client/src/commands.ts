import * as path from 'node:path';
import * as vscode from 'vscode';
import { FIX_ALL_KIND, InsertSectionRequest, LintTextRequest, ScoreRequest, SIZE_LIMIT_CODE, sizeLimitMessage, type ScoreResult } from '../../server/src/protocol';
import type { ClientHandle } from './extension';
import type { PlanOutlineProvider } from './outline-view';
import { withBundledDocs } from './rule-docs';
import { breakdown } from './status';

/** Which score component each rule's findings cost (spec: completeness score). */
const COMPONENT_OF_RULE: Record<string, string> = {
  'uncovered-requirement': 'requirements',
  'missing-dod': 'done',
  'undefined-tests': 'tests',
  'missing-rollback': 'rollback',
  'incomplete-gate': 'gates',
  'incomplete-risk': 'risks',
  'missing-owner': 'owners',
  'placeholder-text': 'clarity',
  'unmeasurable-criterion': 'clarity',
  'merge-conflict-marker': 'clarity',
};

const toRange = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

/** Registers every planlint command. Commands that need the server say so when it is down. */
/**
 * An information diagnostic for a file over `planlint.maxDocumentSizeMB` (read from its stat,
 * so the file is never loaded), or `undefined` when the file is within the limit. The same
 * limit and wording ({@link sizeLimitMessage}) as the server's for open documents.
 */
async function oversize(uri: vscode.Uri): Promise<vscode.Diagnostic | undefined> {
  const limitMB = vscode.workspace.getConfiguration('planlint', uri).get<number>('maxDocumentSizeMB', 5);
  const { size } = await vscode.workspace.fs.stat(uri);
  if (size <= limitMB * 1024 * 1024) return undefined;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), sizeLimitMessage(size, limitMB), vscode.DiagnosticSeverity.Information);
  diagnostic.source = 'planlint';
  diagnostic.code = SIZE_LIMIT_CODE;
  return diagnostic;
}

export function registerCommands(context: vscode.ExtensionContext, handle: ClientHandle, outline: PlanOutlineProvider): void {
  const workspaceDiagnostics = vscode.languages.createDiagnosticCollection('planlint-workspace');
  context.subscriptions.push(
    workspaceDiagnostics,
    // An open document gets live diagnostics from the server; drop the workspace-lint copy.
    vscode.workspace.onDidOpenTextDocument((doc) => workspaceDiagnostics.delete(doc.uri)),
  );

  /** False (after offering a restart, without waiting for the answer) when the server is down. */
  const needServer = async (): Promise<boolean> => {
    if (handle.ready()) return true;
    void vscode.window.showWarningMessage('planlint: the language server is not running.', 'Restart Server', 'Show Output').then((choice) => {
      if (choice === 'Restart Server') void vscode.commands.executeCommand('planlint.restartServer');
      if (choice === 'Show Output') handle.output.show();
    });
    return false;
  };
  const activeMarkdown = (): vscode.TextEditor | undefined => {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === 'markdown') return editor;
    void vscode.window.showInformationMessage('planlint: open a Markdown plan first.');
    return undefined;
  };

  const register = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  register('planlint.showScore', async (): Promise<ScoreResult | undefined> => {
    const editor = activeMarkdown();
    if (!editor || !(await needServer())) return undefined;
    const uri = editor.document.uri.toString();
    const result = await handle.client!.sendRequest(ScoreRequest, { textDocument: { uri } });
    if (!result?.score) {
      void vscode.window.showInformationMessage('planlint: this document is not a plan (add `planlint: true` to its front matter to lint it).');
      return result ?? undefined;
    }
    type Item = vscode.QuickPickItem & { range?: vscode.Range };
    const items: Item[] = [{ label: 'Components', kind: vscode.QuickPickItemKind.Separator }];
    for (const [name, c] of Object.entries(result.score.components)) {
      if (c.applicable) items.push({ label: `${name}  ${Math.round(c.value * 100)}%`, description: c.detail, detail: `weight ${c.weight}` });
      else items.push({ label: `${name}  n/a`, description: `not applicable: ${c.reason}`, detail: `weight ${c.weight}, left out of the total` });
    }
    const costly = result.findings.filter((f) => COMPONENT_OF_RULE[f.ruleId]);
    if (costly.length) items.push({ label: 'Findings that cost points', kind: vscode.QuickPickItemKind.Separator });
    for (const f of costly) items.push({ label: `$(${f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'info'}) ${f.message}`, description: `${f.ruleId} · line ${f.range.start.line + 1} · ${COMPONENT_OF_RULE[f.ruleId]}`, range: toRange(f.range) });
    const pick = vscode.window.createQuickPick<Item>();
    pick.title = `Plan completeness: ${result.score.total}%`;
    pick.placeholder = 'Select a finding to go to it';
    pick.items = items;
    pick.matchOnDescription = true;
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0];
      pick.hide();
      if (chosen?.range) void vscode.window.showTextDocument(editor.document, { selection: chosen.range });
    });
    pick.onDidHide(() => pick.dispose());
    pick.show();
    handle.output.appendLine(breakdown(result).replace(/\*\*/g, ''));
    return result;
  });

  const insert = (section: 'dod' | 'tests' | 'rollback') => async (): Promise<boolean> => {
    const editor = activeMarkdown();
    if (!editor || !(await needServer())) return false;
    const result = await handle.client!.sendRequest(InsertSectionRequest, {
      textDocument: { uri: editor.document.uri.toString() },
      position: editor.selection.active,
      section,
    });
    if (!result) {
      void vscode.window.showInformationMessage('planlint: no plan stage under the cursor.');
      return false;
    }
    const edit = await handle.client!.protocol2CodeConverter.asWorkspaceEdit(result.edit);
    return vscode.workspace.applyEdit(edit);
  };
  register('planlint.insertDod', insert('dod'));
  register('planlint.insertRollback', insert('rollback'));
  register('planlint.insertTests', insert('tests'));

  register('planlint.fixAll', async (): Promise<number> => {
    const editor = activeMarkdown();
    if (!editor || !(await needServer())) return 0;
    const doc = editor.document;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), FIX_ALL_KIND);
    const fixAll = actions?.find((a) => a.kind?.value === FIX_ALL_KIND && a.edit);
    if (!fixAll?.edit) {
      void vscode.window.showInformationMessage('planlint: nothing to fix automatically.');
      return 0;
    }
    await vscode.workspace.applyEdit(fixAll.edit);
    return fixAll.edit.size;
  });

  register('planlint.lintWorkspace', async (): Promise<number> => {
    if (!(await needServer())) return 0;
    const files = await vscode.workspace.findFiles('**/*.{md,markdown}', '**/{node_modules,.git}/**');
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    // A server with workspace diagnostics already reports the files that are not open (the client
    // pulls them into Problems): their findings here would be listed twice.
    const provider = handle.client!.initializeResult?.capabilities.diagnosticProvider;
    const serverReports = typeof provider === 'object' && provider !== null && 'workspaceDiagnostics' in provider && provider.workspaceDiagnostics === true;
    let plans = 0;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'planlint: linting plans', cancellable: true }, async (progress, token) => {
      for (const [i, uri] of files.entries()) {
        if (token.isCancellationRequested) break;
        progress.report({ message: `${i + 1} / ${files.length}`, increment: 100 / files.length });
        if (open.has(uri.toString())) continue;
        const tooLarge = await oversize(uri);
        if (tooLarge) {
          workspaceDiagnostics.set(uri, [tooLarge]);
          continue;
        }
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        const result = await handle.client!.sendRequest(LintTextRequest, { uri: uri.toString(), text });
        if (result.isPlan) plans++;
        if (!serverReports) workspaceDiagnostics.set(uri, withBundledDocs(await handle.client!.protocol2CodeConverter.asDiagnostics(result.diagnostics)));
      }
    });
    void vscode.window.showInformationMessage(`planlint: linted ${files.length} Markdown files, ${plans} plans not open in an editor.`);
    return plans;
  });

  register('planlint.openRuleDocs', async (ruleId?: string) => {
    const dir = vscode.Uri.file(context.asAbsolutePath(path.join('docs', 'rules')));
    let id = typeof ruleId === 'string' ? ruleId : undefined;
    if (!id) {
      const entries = await vscode.workspace.fs.readDirectory(dir);
      const ids = entries.map(([name]) => name).filter((n) => n.endsWith('.md')).map((n) => n.slice(0, -3)).sort();
      id = await vscode.window.showQuickPick(ids, { placeHolder: 'Rule to read about' });
    }
    if (!id) return undefined;
    const doc = vscode.Uri.joinPath(dir, `${id}.md`);
    const exists = await vscode.workspace.fs.stat(doc).then(() => true, () => false);
    if (!exists) {
      void vscode.window.showInformationMessage(`planlint: no documentation for "${id}".`);
      return undefined;
    }
    await vscode.commands.executeCommand('markdown.showPreview', doc);
    return doc.toString();
  });

  register('planlint.restartServer', async () => {
    await handle.restart();
    await outline.refresh();
    return handle.ready();
  });
  register('planlint.showOutput', () => handle.output.show());
  register('planlint.reveal', async (uri: string, range: vscode.Range) => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    await vscode.window.showTextDocument(doc, { selection: range, preserveFocus: false });
  });
  register('planlint.refreshOutline', () => outline.refresh());
}
