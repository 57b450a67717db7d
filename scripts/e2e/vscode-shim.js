#!/usr/bin/env node
// Stands in for the `code` executable on machines without desktop VS Code: accepts the command
// line @vscode/test-electron passes to VS Code and runs the extension tests in a real VS Code
// extension host: code-server 4.100.3 (VS Code 1.100.3) with Debian's Chromium driven headless
// by playwright-core. Exit code: 0 when every test passed.
//   vscode-shim.js [folder] --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [--user-data-dir=D] [--extensions-dir=D]
// Env: CODE_SERVER (entry.js), CHROMIUM (default /usr/bin/chromium), TEST_TIMEOUT_MS, SHIM_VERBOSE=1
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..');
const CODE_SERVER = process.env.CODE_SERVER || path.join(ROOT, '.e2e', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
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

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!o.tests || o.dev.length === 0) throw new Error('vscode-shim: need --extensionDevelopmentPath and --extensionTestsPath');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'planlint-shim-'));
  const userData = o.userData || path.join(tmp, 'user');
  const extDir = o.extDir || path.join(tmp, 'ext');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extDir, { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'security.workspace.trust.enabled': false,
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'update.mode': 'none',
      'git.enabled': false,
      'chat.disableAIFeatures': true,
    }),
  );
  fs.mkdirSync(path.join(tmp, 'tmp'));
  // Keep code-server's and Chromium's state out of $HOME and /tmp.
  const env = { ...process.env, TMPDIR: path.join(tmp, 'tmp'), XDG_DATA_HOME: path.join(tmp, 'xdg', 'data'), XDG_CONFIG_HOME: path.join(tmp, 'xdg', 'config'), XDG_CACHE_HOME: path.join(tmp, 'xdg', 'cache') };
  const port = await freePort();
  const args = [CODE_SERVER, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--config', '/dev/null', '--user-data-dir', userData, '--extensions-dir', extDir];
  if (o.folder) args.push(o.folder);
  const server = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
  let out = '';
  const collect = (d) => {
    out += d;
    if (VERBOSE) process.stderr.write(d);
  };
  server.stdout.on('data', collect);
  server.stderr.on('data', collect);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start\n${out}`)), 30000);
    server.stdout.on('data', () => {
      if (/HTTP server listening/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.on('exit', (c) => reject(new Error(`code-server exited ${c}\n${out}`)));
  });

  let context;
  let code = 1;
  try {
    context = await chromium.launchPersistentContext(path.join(tmp, 'chrome'), {
      executablePath: CHROMIUM,
      headless: true,
      env,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
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
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
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
