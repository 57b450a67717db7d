import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PlanlintApi } from '../../../client/src/extension';

/** Files a workspace could offer as executable configuration; planlint must never load them. */
export const EXECUTABLE_CONFIGS = ['.planlintrc.js', '.planlintrc.cjs', 'planlint.config.js', 'planlint.config.mjs'];

/** The file any of {@link EXECUTABLE_CONFIGS} writes beside itself when it is executed. */
const MARKER = 'executed-by-planlint';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Resolves with planlint's diagnostics for `uri` once there are some (checked on every change, no timers). */
function planlintDiagnostics(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  const current = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'planlint');
  if (current().length) return Promise.resolve(current());
  return new Promise((resolve) => {
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      if (current().length) {
        sub.dispose();
        resolve(current());
      }
    });
  });
}

/**
 * The suite for a restricted (untrusted) workspace: planlint declares
 * `capabilities.untrustedWorkspaces.supported: true` because it executes nothing from the
 * workspace (its config is JSON data), so it must lint there exactly as in a trusted one.
 */
export function restrictedTests(): void {
  suite('planlint in a restricted (untrusted) workspace', () => {
    const ws = () => vscode.workspace.workspaceFolders![0]!.uri;

    test('the workspace is really restricted', () => {
      assert.equal(vscode.workspace.isTrusted, false);
    });

    test('plans are linted, with the workspace .planlintrc.json read as data', async () => {
      const ext = vscode.extensions.getExtension<PlanlintApi>('planlint.planlint');
      assert.ok(ext, 'the extension is installed');
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(ws(), 'rollout-plan.md'));
      await vscode.window.showTextDocument(doc);
      await ext.activate();
      const diagnostics = await planlintDiagnostics(doc.uri);
      const dod = diagnostics.find((d) => (d.code as { value: string }).value === 'missing-dod');
      assert.ok(dod, `missing-dod among ${diagnostics.map((d) => JSON.stringify(d.code)).join(', ')}`);
      assert.equal(dod.severity, vscode.DiagnosticSeverity.Error, 'the severity set in .planlintrc.json');
    });

    test('nothing from the workspace is executed, also when linting every plan', async () => {
      for (const name of EXECUTABLE_CONFIGS) assert.ok(await exists(vscode.Uri.joinPath(ws(), name)), `${name} is in the workspace`);
      const plans = await vscode.commands.executeCommand<number>('planlint.lintWorkspace');
      assert.ok(plans >= 0);
      assert.equal(await exists(vscode.Uri.joinPath(ws(), MARKER)), false, `${MARKER} was written: a workspace script ran`);
    });

    test('Lint All Plans reads no file over planlint.maxDocumentSizeMB and says so', async () => {
      const big = vscode.Uri.joinPath(ws(), 'huge-plan.md');
      const line = '- [ ] Step with an owner and a check\n';
      await vscode.workspace.fs.writeFile(big, new TextEncoder().encode(`# Plan\n\n${line.repeat(Math.ceil((5.5 * 1024 * 1024) / line.length))}`));
      try {
        await vscode.commands.executeCommand<number>('planlint.lintWorkspace');
        const diagnostics = vscode.languages.getDiagnostics(big).filter((d) => d.source === 'planlint');
        assert.deepEqual(
          diagnostics.map((d) => [(d.code as string | undefined) ?? '', d.severity]),
          [['size-limit', vscode.DiagnosticSeverity.Information]],
        );
        assert.match(diagnostics[0]!.message, /over planlint\.maxDocumentSizeMB \(5\)/);
      } finally {
        await vscode.workspace.fs.delete(big);
      }
    });
  });
}
