// Page helpers shared by the UI test's scenarios: commands, quick open, the editor, the
// Problems panel and the code-action menu of a VS Code 1.100 workbench in Chromium.
// Every wait is on a DOM condition (a locator or waitForFunction), never on a fixed delay.

/** The editor's text lines, as rendered (Monaco shows spaces as U+00A0), top to bottom. */
export async function editorLines(page) {
  return page.locator('.editor-instance .monaco-editor .view-line').evaluateAll((els) =>
    els.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top)).map((e) => (e.textContent ?? '').replace(/\u00a0/g, ' ')),
  );
}

/** Runs the command palette entry `label` (as shown, e.g. "View: Focus Problems"). */
export async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${label}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Calls `fn` until it resolves, at most `attempts` times, running `cleanup` after each failure. */
export async function retry(fn, cleanup, attempts = 8) {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= attempts) throw error;
      if (cleanup) await cleanup();
    }
  }
}

/** Opens the code-action menu (Ctrl+.) at the cursor until it lists `title` (the server may not answer the first time). */
export async function openCodeActions(page, title) {
  await retry(
    async () => {
      await page.keyboard.press('Control+.');
      await page.locator(`.action-widget .monaco-list-row.action[aria-label='${title}']`).waitFor({ timeout: 3000 });
    },
    () => page.keyboard.press('Escape'),
  );
}

/** Runs the code action `title` of the open code-action menu with the keyboard (clicks are intercepted there). */
export async function pickCodeAction(page, title) {
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

/** The active editor tab's label locator. */
export function activeTab(page) {
  return page.locator('.tabs-container .tab.active');
}

/** Opens workspace file `relPath` with Quick Open (Ctrl+P) and waits for its editor to be active. */
export async function openFile(page, relPath) {
  const name = relPath.split('/').pop();
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relPath);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor();
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
}

/** Moves the cursor of the active editor to 1-based `line`, `column` (Ctrl+G) and waits for the status bar to show it. */
export async function goTo(page, line, column = 1) {
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  // Keep the ':' (without it the box turns into file search).
  await page.locator('.quick-input-widget .quick-input-box input').fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(([l, c]) => new RegExp(`Ln ${l}, Col ${c}\\b`).test(document.querySelector('.statusbar')?.textContent ?? ''), [line, column]);
}

/** The aria-labels of the Problems panel's rows now (file rows and marker rows). */
export function problemRows(page) {
  return page.locator('.markers-panel .monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

/** Shows the Problems panel. */
export async function focusProblems(page) {
  await runCommand(page, 'View: Focus Problems');
  await page.locator('.markers-panel').waitFor();
}

/** The workspace's problem counts, as the status bar shows them (not limited to the Problems rows on screen). */
export async function problemCounts(page) {
  const label = (await page.locator('#status\\.problems').getAttribute('aria-label')) ?? '';
  const n = (what) => Number(new RegExp(`${what}: (\\d+)`).exec(label)?.[1] ?? 0);
  return { errors: n('Errors'), warnings: n('Warnings'), infos: n('Infos') };
}
