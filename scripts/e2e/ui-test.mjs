// UI test of the packaged extension in a real VS Code workbench: installs the VSIX into
// code-server 4.100.3 (`--install-extension`), opens a plan in headless Chromium and checks the
// Problems panel, the quick-fix menu, the Plan Outline view, the status bar and the score
// command. Screenshots go to test-results/e2e/ (kept as artifacts); with --update-screenshots
// they are also copied to docs/images/ for the README.
// Env: CODE_SERVER, CHROMIUM, VSIX (default planlint.vsix)
import { execFileSync, spawn } from 'node:child_process';
import * as assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CODE_SERVER = process.env.CODE_SERVER ?? path.join(root, '.e2e', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const VSIX = path.resolve(process.env.VSIX ?? path.join(root, 'planlint.vsix'));
const SHOTS = path.join(root, 'test-results', 'e2e');
const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

function isolatedEnv(dir) {
  mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  return { ...process.env, TMPDIR: path.join(dir, 'tmp'), XDG_DATA_HOME: path.join(dir, 'xdg', 'data'), XDG_CONFIG_HOME: path.join(dir, 'xdg', 'config'), XDG_CACHE_HOME: path.join(dir, 'xdg', 'cache') };
}

async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${label}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function retry(fn, cleanup, attempts = 8) {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= attempts) throw error;
      if (cleanup) await cleanup();
    }
  }
}

async function pickCodeAction(page, title) {
  const widget = page.locator('.action-widget');
  await widget.locator(`.monaco-list-row.action[aria-label='${title}']`).waitFor();
  for (let i = 0; i < 30; i++) {
    if ((await widget.locator('.monaco-list-row.action.focused').getAttribute('aria-label')) === title) {
      await page.keyboard.press('Enter');
      await widget.waitFor({ state: 'hidden' });
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`code action not found: ${title}`);
}

async function main() {
  const run = mkdtempSync(path.join(tmpdir(), 'planlint-ui-'));
  const ws = path.join(run, 'ws');
  cpSync(path.join(root, 'test', 'e2e', 'fixtures', 'ws'), ws, { recursive: true });
  mkdirSync(SHOTS, { recursive: true });
  const userData = path.join(run, 'user');
  const extDir = path.join(run, 'ext');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'telemetry.telemetryLevel': 'off', 'security.workspace.trust.enabled': false, 'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'update.mode': 'none', 'editor.minimap.enabled': false, 'git.enabled': false, 'chat.disableAIFeatures': true, 'window.commandCenter': false }),
  );
  const env = isolatedEnv(run);
  const common = ['--user-data-dir', userData, '--extensions-dir', extDir, '--config', '/dev/null'];
  const installed = execFileSync(process.execPath, [CODE_SERVER, ...common, '--install-extension', VSIX], { env, encoding: 'utf8' });
  assert.match(installed, /was successfully installed/);
  log('VSIX installed:', installed.trim().split('\n').pop());

  const port = await freePort();
  const server = spawn(process.execPath, [CODE_SERVER, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', ...common, ws], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
  let out = '';
  server.stdout.on('data', (d) => (out += d));
  server.stderr.on('data', (d) => (out += d));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start:\n${out}`)), 30000);
    server.stdout.on('data', () => /HTTP server listening/.test(out) && (clearTimeout(timer), resolve()));
    server.on('exit', (c) => reject(new Error(`code-server exited ${c}:\n${out}`)));
  });

  let context;
  try {
    context = await chromium.launchPersistentContext(path.join(run, 'chrome'), {
      executablePath: CHROMIUM,
      headless: true,
      env,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 900 },
    });
    context.setDefaultTimeout(30000);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    log('workbench loaded');

    await page.locator('.explorer-folders-view .monaco-list-row[aria-label="rollout-plan.md"]').click();
    await page.locator('.editor-instance .monaco-editor .view-lines').waitFor();

    // Problems panel: planlint's diagnostics, with rule ids.
    await runCommand(page, 'View: Focus Problems');
    const dodRow = page.locator('.markers-panel .monaco-list-row[aria-label*="has no Definition of Done"]');
    await dodRow.waitFor();
    const rows = await page.locator('.markers-panel .monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    log('problems:', rows);
    assert.ok(rows.some((r) => r?.includes('has no Definition of Done') && r.includes('generated by planlint')));
    await page.screenshot({ path: path.join(SHOTS, 'problems.png') });

    // Quick fix from the editor: Ctrl+. on the stage heading.
    await page.locator('.editor-instance .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget .quick-input-box input').fill(':8:5');
    await page.keyboard.press('Enter');
    const title = 'Add a Definition of Done to "Stage 1: Dual-write store"';
    await retry(
      async () => {
        await page.keyboard.press('Control+.');
        await page.locator(`.action-widget .monaco-list-row.action[aria-label='${title}']`).waitFor({ timeout: 3000 });
      },
      () => page.keyboard.press('Escape'),
    );
    await page.screenshot({ path: path.join(SHOTS, 'quick-fix.png') });
    await pickCodeAction(page, title);
    // Monaco renders spaces as U+00A0.
    await page.waitForFunction(() => (document.querySelector('.editor-instance .monaco-editor .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' ').includes('### Definition of Done'));
    await dodRow.waitFor({ state: 'detached' });
    log('quick fix applied; the missing-dod problem is gone');

    // Plan Outline view in the Explorer.
    const header = page.locator('.pane-header[aria-label^="Plan Outline"]');
    await header.waitFor();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const treeRows = page.locator('.pane:has(> .pane-header[aria-label^="Plan Outline"]) .monaco-list-row');
    await treeRows.filter({ hasText: 'Stage 1: Dual-write store' }).waitFor();
    await treeRows.filter({ hasText: 'Stage 2: Deploy to production' }).waitFor();
    await treeRows.filter({ hasText: 'Requirements' }).waitFor();
    // A click on the row reveals the stage in the editor (focus moves there); the twistie expands it.
    const stage1 = treeRows.filter({ hasText: 'Stage 1: Dual-write store' });
    await stage1.click();
    await page.waitForFunction(() => /Ln 8, Col/.test(document.querySelector('.statusbar')?.textContent ?? ''));
    await retry(async () => {
      if ((await stage1.getAttribute('aria-expanded')) !== 'true') await stage1.locator('.monaco-tl-twistie').click();
      await treeRows.filter({ hasText: 'Owner' }).first().waitFor({ timeout: 3000 });
    });
    log('outline rows:', await treeRows.allInnerTexts());
    await page.screenshot({ path: path.join(SHOTS, 'outline.png') });

    // Status bar and the score command from the command palette.
    const status = page.locator('.statusbar-item', { hasText: /Plan \d+%/ });
    await status.waitFor();
    log('status bar:', (await status.innerText()).trim());
    await runCommand(page, 'planlint: Show Plan Completeness Score');
    const scoreTitle = page.locator('.quick-input-widget .quick-input-title', { hasText: /Plan completeness: \d+%/ });
    await scoreTitle.waitFor();
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'requirements' }).first().waitFor();
    log('score report:', await scoreTitle.innerText());
    await page.screenshot({ path: path.join(SHOTS, 'score.png') });
    await page.keyboard.press('Escape');

    if (process.argv.includes('--update-screenshots')) {
      mkdirSync(path.join(root, 'docs', 'images'), { recursive: true });
      for (const f of ['problems.png', 'quick-fix.png', 'outline.png', 'score.png']) copyFileSync(path.join(SHOTS, f), path.join(root, 'docs', 'images', f));
    }
    log('ALL UI CHECKS PASSED');
  } catch (error) {
    const page = context?.pages()[0];
    if (page) await page.screenshot({ path: path.join(SHOTS, 'failure.png') }).catch(() => undefined);
    console.error(`code-server output (tail):\n${out.slice(-3000)}`);
    throw error;
  } finally {
    if (context) await context.close().catch(() => undefined);
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    rmSync(run, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
