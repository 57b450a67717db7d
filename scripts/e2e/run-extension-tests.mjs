// Runs the extension-host test suite (test/e2e/suite) with @vscode/test-electron's runTests(),
// twice: in a trusted workspace (the main suite) and in a restricted (untrusted) workspace that
// also holds executable-config lures (test/e2e/fixtures/restricted).
// VS Code: $VSCODE_EXECUTABLE if set; else the code-server shim when code-server is installed
// (scripts/e2e/install-code-server.sh); else test-electron downloads VS Code (needs internet).
// runTests() always passes --disable-workspace-trust, so the restricted run needs the shim, which
// keeps trust on when PLANLINT_E2E_RESTRICTED=1; with desktop VS Code it is skipped with a note.
import { existsSync, mkdtempSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = path.join(root, 'test', 'e2e', 'fixtures');
const shim = path.join(root, 'scripts', 'e2e', 'vscode-shim.js');
const codeServer = path.join(root, '.e2e', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE ?? (existsSync(codeServer) ? shim : undefined);

/** A fresh copy of the fixture workspace, with `overlays` (fixture folder names) copied over it. */
function workspace(...overlays) {
  const dir = mkdtempSync(path.join(tmpdir(), 'planlint-ws-'));
  for (const name of ['ws', ...overlays]) cpSync(path.join(fixtures, name), dir, { recursive: true });
  return dir;
}

async function run(label, folder, env = {}) {
  console.log(`Extension tests: ${label}`);
  await runTests({
    ...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'dist', 'test', 'e2e', 'suite', 'index.js'),
    extensionTestsEnv: env,
    launchArgs: [folder, '--disable-extensions'],
  });
}

try {
  await run('trusted workspace', workspace());
  if (vscodeExecutablePath === shim) await run('restricted workspace', workspace('restricted'), { PLANLINT_E2E_RESTRICTED: '1' });
  else console.log('Extension tests: restricted workspace skipped (needs the code-server shim; runTests() disables workspace trust)');
} catch (error) {
  console.error('Extension tests failed:', error);
  process.exit(1);
}
