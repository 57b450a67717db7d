import * as vscode from 'vscode';

/**
 * Calls `refresh` when what the active plan shows may have changed: another editor became
 * active, or the active document's diagnostics changed (that is, it was re-linted).
 */
export function onActivePlanChange(refresh: () => unknown): vscode.Disposable[] {
  return [
    vscode.window.onDidChangeActiveTextEditor(() => refresh()),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) refresh();
    }),
  ];
}
