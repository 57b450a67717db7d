import * as vscode from 'vscode';
import { CursorNotification } from '../../server/src/protocol';
import type { ClientHandle } from './extension';

/**
 * With `planlint.focus` on, tells the server the cursor's line in a Markdown document when it
 * changes (`planlint/cursor`), so that findings held back in the paragraph being edited show
 * as soon as the cursor leaves it.
 */
export function trackCursor(handle: ClientHandle): vscode.Disposable {
  const lastLine = new Map<string, number>();
  return vscode.window.onDidChangeTextEditorSelection((e) => {
    const doc = e.textEditor.document;
    const line = e.selections[0]?.active.line;
    if (doc.languageId !== 'markdown' || line === undefined || !handle.ready()) return;
    if (!vscode.workspace.getConfiguration('planlint', doc.uri).get<boolean>('focus', false)) return;
    const uri = doc.uri.toString();
    if (lastLine.get(uri) === line) return;
    lastLine.set(uri, line);
    void handle.client!.sendNotification(CursorNotification, { textDocument: { uri }, line }).catch(() => undefined);
  });
}
