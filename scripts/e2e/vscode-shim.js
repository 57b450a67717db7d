#!/usr/bin/env node
// Stands in for the `code` executable on machines without desktop VS Code: accepts the command
// line @vscode/test-electron passes to VS Code and runs the extension tests in a real VS Code
// extension host: code-server 4.100.3 (VS Code 1.100.3) with Debian's Chromium driven headless
// by playwright-core. Exit code: 0 when every test passed.
//   vscode-shim.js [folder] --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [--user-data-dir=D] [--extensions-dir=D]
// Env: CODE_SERVER (entry.js), CHROMIUM (default /usr/bin/chromium), TEST_TIMEOUT_MS, SHIM_VERBOSE=1,
//   PLANLINT_E2E_RESTRICTED=1 (workspace trust on: the folder opens in restricted mode, whatever
//   --disable-workspace-trust test-electron passes)
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const { isolatedEnv, launchChromium, startCodeServer, writeUserSettings } = require('./code-server.js');

const TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS || 300000);
const VERBOSE = Boolean(process.env.SHIM_VERBOSE);
const NOISE = /open-vsx\.org|Service Worker|Creating a socket|ChatSessionStore|additional builtin|copilot-instructions|connection token|vsda/;

function parseArgs(argv) {
  const o = { dev: [], tests: undefined, userData: undefined, extDir: undefined, folder: undefined };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let v;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      v = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const take = () => (v !== undefined ? v : argv[++i]);
    if (a === '--extensionDevelopmentPath') o.dev.push(path.resolve(take()));
    else if (a === '--extensionTestsPath') o.tests = path.resolve(take());
    else if (a === '--user-data-dir') o.userData = path.resolve(take());
    else if (a === '--extensions-dir') o.extDir = path.resolve(take());
    else if (!a.startsWith('-') && !o.folder) o.folder = path.resolve(a);
  }
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!o.tests || o.dev.length === 0) throw new Error('vscode-shim: need --extensionDevelopmentPath and --extensionTestsPath');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'planlint-shim-'));
  const userData = o.userData || path.join(tmp, 'user');
  const extDir = o.extDir || path.join(tmp, 'ext');
  fs.mkdirSync(extDir, { recursive: true });
  const restricted = process.env.PLANLINT_E2E_RESTRICTED === '1';
  writeUserSettings(userData, {}, { restricted });
  const env = isolatedEnv(tmp);
  const server = await startCodeServer({ userData, extDir, folder: o.folder, env, verbose: VERBOSE, restricted });
  const { port } = server;

  let context;
  let code = 1;
  try {
    context = await launchChromium(path.join(tmp, 'chrome'), env);
    const page = context.pages()[0] || (await context.newPage());
    const done = new Promise((resolve) => {
      // The workbench calls these in automation mode (the hooks @vscode/test-web uses).
      page.exposeFunction('codeAutomationLog', (type, logArgs) => {
        const line = util.format(...logArgs);
        if (VERBOSE || !NOISE.test(line)) (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
      });
      page.exposeFunction('codeAutomationExit', (c) => resolve(c));
    });
    page.on('pageerror', (e) => process.stderr.write(`[pageerror] ${e}\n`));
    const remote = `vscode-remote://127.0.0.1:${port}`;
    const payload = o.dev.map((d) => ['extensionDevelopmentPath', remote + d]);
    payload.push(['extensionTestsPath', remote + o.tests]);
    const query = `${o.folder ? `folder=${encodeURIComponent(o.folder)}&` : 'ew=true&'}payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(`http://127.0.0.1:${port}/?${query}`);
    code = await Promise.race([done, new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT_MS))]);
    if (code === 'timeout') process.stderr.write(`vscode-shim: tests did not finish within ${TIMEOUT_MS} ms\n`);
  } finally {
    if (context) await context.close().catch(() => undefined);
    server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return code === 0 ? 0 : 1;
}

main().then(
  (c) => process.exit(c),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
