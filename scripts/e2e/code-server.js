// Shared by the extension-test shim and the UI test: start code-server 4.100.3 (VS Code
// 1.100.3) and Debian's Chromium headless, with all their state inside one run folder.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const CODE_SERVER = process.env.CODE_SERVER || path.join(ROOT, '.e2e', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/** Without the background-networking flags Chromium keeps dialling out on a closed network. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

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

/** An environment whose temp, data, config and cache dirs are inside `dir` (nothing in $HOME or /tmp). */
function isolatedEnv(dir) {
  fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  return { ...process.env, TMPDIR: path.join(dir, 'tmp'), XDG_DATA_HOME: path.join(dir, 'xdg', 'data'), XDG_CONFIG_HOME: path.join(dir, 'xdg', 'config'), XDG_CACHE_HOME: path.join(dir, 'xdg', 'cache') };
}

/**
 * Quiet user settings (code-server keeps them server-side in <user-data-dir>/User). With
 * `restricted`, workspace trust is on and never prompts, so a folder opens in restricted mode.
 */
function writeUserSettings(userData, extra = {}, { restricted = false } = {}) {
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'security.workspace.trust.enabled': restricted,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never',
      'security.workspace.trust.emptyWindow': !restricted,
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'update.mode': 'none',
      'editor.minimap.enabled': false,
      'git.enabled': false,
      'chat.disableAIFeatures': true,
      ...extra,
    }),
  );
}

/**
 * Starts code-server on a free loopback port and resolves once it listens. With `restricted`,
 * workspace trust stays enabled (pair it with `writeUserSettings(…, { restricted: true })`);
 * `args` are added to its command line (e.g. `['--log', 'trace']`).
 * @returns {Promise<{ port: number, output: () => string, stop: () => void }>}
 */
async function startCodeServer({ userData, extDir, folder, env, verbose = false, restricted = false, args: extra = [] }) {
  const port = await freePort();
  const args = [CODE_SERVER, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', ...(restricted ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', '--config', '/dev/null', '--user-data-dir', userData, '--extensions-dir', extDir, ...extra];
  if (folder) args.push(folder);
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
  let out = '';
  const collect = (d) => {
    out += d;
    if (verbose) process.stderr.write(d);
  };
  proc.stdout.on('data', collect);
  proc.stderr.on('data', collect);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start:\n${out}`)), 30000);
    proc.stdout.on('data', () => {
      if (/HTTP server listening/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.on('exit', (c) => reject(new Error(`code-server exited ${c}:\n${out}`)));
  });
  return {
    port,
    output: () => out,
    stop: () => {
      try {
        process.kill(-proc.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

/** Launches headless Chromium with a profile in `profileDir`. */
function launchChromium(profileDir, env, options = {}) {
  const { chromium } = require('playwright-core');
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, env, args: CHROMIUM_ARGS, ...options });
}

module.exports = { CODE_SERVER, freePort, isolatedEnv, writeUserSettings, startCodeServer, launchChromium };
