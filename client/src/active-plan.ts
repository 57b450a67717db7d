import * as vscode from 'vscode';

/**
 * Calls `refresh` when what the active plan shows may have changed: another editor became
 * active, or the active document's diagnostics changed (that is, it was re-linted; in VS Code
 * that is every pull, about once per key while typing). One call runs at a time: events that
 * arrive meanwhile make one more call when it ends, so typing costs at most one request in
 * flight per view instead of one per event.
 *
 * @param refresh what to do; a returned promise counts as running until it settles
 */
export function onActivePlanChange(refresh: () => unknown): vscode.Disposable[] {
  let running = false;
  let queued = false;
  const run = (): void => {
    if (running) {
      queued = true;
      return;
    }
    running = true;
    void Promise.resolve()
      .then(refresh)
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (!queued) return;
        queued = false;
        run();
      });
  };
  return [
    vscode.window.onDidChangeActiveTextEditor(() => run()),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) run();
    }),
  ];
}
