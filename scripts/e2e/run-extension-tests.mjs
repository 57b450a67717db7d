// Runs the extension-host test suite (test/e2e/suite) with @vscode/test-electron's runTests().
// VS Code: $VSCODE_EXECUTABLE if set; else the code-server shim when code-server is installed
// (scripts/e2e/install-code-server.sh); else test-electron downloads VS Code (needs internet).
import { existsSync, mkdtempSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const codeServer = path.join(root, '.e2e', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE ?? (existsSync(codeServer) ? path.join(root, 'scripts', 'e2e', 'vscode-shim.js') : undefined);
const workspace = mkdtempSync(path.join(tmpdir(), 'planlint-ws-'));
cpSync(path.join(root, 'test', 'e2e', 'fixtures', 'ws'), workspace, { recursive: true });

try {
  await runTests({
    ...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'dist', 'test', 'e2e', 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions'],
  });
} catch (error) {
  console.error('Extension tests failed:', error);
  process.exit(1);
}
