// One UI test session: a fresh copy of the fixture workspace, the VSIX installed into a
// code-server of its own, and headless Chromium showing the workbench. Everything lives in one
// temporary folder, removed by close().
import { execFileSync } from 'node:child_process';
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import codeServer from '../code-server.js';

const { CODE_SERVER, isolatedEnv, launchChromium, startCodeServer, writeUserSettings } = codeServer;

/**
 * Starts a session on `fixtures` (folders copied over each other into the workspace, in order).
 * `settings` are added to the user settings, `env` to the environment of code-server (and so
 * of the extension host and the language server), `serverArgs` to code-server's command line;
 * with `keepRun` close() leaves the temporary folder in place.
 * @returns {Promise<{ page: import('playwright-core').Page, ws: string, run: string, userData: string, output: () => string, close: () => Promise<void> }>}
 */
export async function openWorkbench({ vsix, fixtures, log, settings = {}, env: extraEnv = {}, serverArgs = [], keepRun = false, prefix = 'planlint-ui-' }) {
  const run = mkdtempSync(path.join(tmpdir(), prefix));
  const ws = path.join(run, 'ws');
  for (const dir of fixtures) cpSync(dir, ws, { recursive: true });
  const userData = path.join(run, 'user');
  const extDir = path.join(run, 'ext');
  writeUserSettings(userData, { 'window.commandCenter': false, ...settings });
  const env = { ...isolatedEnv(run), ...extraEnv };
  const common = ['--user-data-dir', userData, '--extensions-dir', extDir, '--config', '/dev/null'];
  const installed = execFileSync(process.execPath, [CODE_SERVER, ...common, '--install-extension', vsix], { env, encoding: 'utf8' });
  assert.match(installed, /was successfully installed/);
  log('VSIX installed:', installed.trim().split('\n').pop());
  let server;
  let context;
  const close = async () => {
    if (context) await context.close().catch(() => undefined);
    server?.stop();
    if (!keepRun) rmSync(run, { recursive: true, force: true });
  };
  try {
    server = await startCodeServer({ userData, extDir, folder: ws, env, args: serverArgs });
    context = await launchChromium(path.join(run, 'chrome'), env, { viewport: { width: 1400, height: 900 } });
    context.setDefaultTimeout(30000);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(ws)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
    log('workbench loaded');
    return { page, ws, run, userData, output: () => server.output(), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Makes `dir` exist and returns it. */
export function ensureDir(dir) {
  mkdirSync(dir, { recursive: true });
  return dir;
}
