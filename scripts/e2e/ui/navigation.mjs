// Finding one's way in a plan: Go to Symbol lists each stage once (VS Code's Markdown support
// owns document symbols; planlint adds none beside it), and "Show documentation for <rule>" in
// Ctrl+. opens the bundled rule page in VS Code's Markdown preview, offline.
import * as assert from 'node:assert/strict';
import { activeTab, goTo, openCodeActions, openFile, pickCodeAction, runCommand } from './page.mjs';

const PLAN = 'rate-limit/rate-limit-plan.md';
const HEADINGS = ['Plan: add rate limiting to the API', 'Stage 1: Token bucket library', 'Stage 2: Enable in production', 'Rollback', 'Risks'];

/** Go to Symbol in Editor (Ctrl+Shift+O) lists every heading of the plan exactly once. */
export async function goToSymbol({ page, log }) {
  await openFile(page, PLAN);
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Shift+O');
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  // The Markdown provider shows headings as "## Title". The list is complete once every heading is in it (all providers answered: the picker merges them).
  for (const h of HEADINGS) await rows.filter({ hasText: h }).first().waitFor();
  const labels = await rows.evaluateAll((els) => els.map((e) => (e.querySelector('.label-name')?.textContent ?? '').replace(/\u00a0/g, ' ').trim().replace(/^#+\s*/, '')));
  log('Go to Symbol:', labels);
  for (const h of HEADINGS) assert.equal(labels.filter((l) => l === h).length, 1, `"${h}" once in Go to Symbol: ${JSON.stringify(labels)}`);
  assert.deepEqual(labels.filter((l, i) => labels.indexOf(l) !== i), [], 'no symbol listed twice');
  await page.keyboard.press('Escape');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/**
 * Ctrl+. on a finding offers "Show documentation for <rule>"; it opens the rule's bundled page
 * in the Markdown preview (a webview tab "Preview <rule>.md" showing the page), with no request
 * leaving the machine.
 */
export async function ruleDocs({ page, log, shot }) {
  await openFile(page, PLAN);
  await goTo(page, 8, 29); // on "TBD": placeholder-text
  const title = 'Show documentation for placeholder-text';
  const external = [];
  const onRequest = (r) => {
    const url = new URL(r.url());
    // *.vscode-resource.vscode-cdn.net names the webview's local resources (served by its service worker, from the server).
    if (/^https?:$/.test(url.protocol) && url.hostname !== '127.0.0.1' && !url.hostname.endsWith('.vscode-resource.vscode-cdn.net')) external.push(r.url());
  };
  page.on('request', onRequest);
  try {
    await openCodeActions(page, title);
    await pickCodeAction(page, title);
    await activeTab(page).and(page.locator('[aria-label="Preview placeholder-text.md"]')).waitFor();
    // The preview renders the page inside the webview's inner frame.
    const preview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await preview.locator('h1', { hasText: 'placeholder-text' }).waitFor();
    await preview.locator('body', { hasText: 'No unfilled template text' }).waitFor();
    // The picture shows the page, without the panel below it.
    if (await page.locator('.part.panel').isVisible()) {
      await runCommand(page, 'View: Toggle Panel Visibility');
      await page.locator('.part.panel').waitFor({ state: 'hidden' });
    }
    await shot('docs-preview.png');
  } finally {
    page.off('request', onRequest);
  }
  log('rule docs preview open:', await activeTab(page).getAttribute('aria-label'));
  assert.deepEqual(external, [], 'the preview loads nothing from the network');
  // Back to the plan, the preview closed.
  await page.keyboard.press('Control+W');
  await activeTab(page).and(page.locator('[data-resource-name="rate-limit-plan.md"]')).waitFor();
}
