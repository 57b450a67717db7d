// Mocha entry point loaded by the extension host through `extensionTestsPath`. A workspace
// holding the executable-config lures of test/e2e/fixtures/restricted runs the restricted
// (untrusted) workspace suite; any other runs the main suite.
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { extensionTests } from './extension.test';
import { EXECUTABLE_CONFIGS, restrictedTests } from './restricted.test';

async function isRestrictedRun(): Promise<boolean> {
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!ws) return false;
  try {
    await vscode.workspace.fs.stat(vscode.Uri.joinPath(ws, EXECUTABLE_CONFIGS[0]!));
    return true;
  } catch {
    return false;
  }
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  mocha.suite.emit('pre-require', globalThis, 'extension.test', mocha);
  if (await isRestrictedRun()) restrictedTests();
  else extensionTests();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension tests failed`)) : resolve()));
  });
}
