// The Plan Outline agrees with Problems: a stage's icon is the worst severity among its
// findings, so a stage with only warnings has the warning icon, never the error one.
import * as assert from 'node:assert/strict';
import { outlineRows } from './basics.mjs';
import { openFile } from './page.mjs';

/** The codicon of the Plan Outline row titled `title` (e.g. "warning"), once the row is there. */
async function rowIcon(rows, title) {
  const row = rows.filter({ has: rows.page().locator('.label-name', { hasText: title }) });
  await row.waitFor();
  const classes = await row.locator('.custom-view-tree-node-item-icon').getAttribute('class');
  return /\bcodicon-([\w-]+)/.exec(classes ?? '')?.[1];
}

/** rate-limit-plan.md: Stage 1 has one warning (a placeholder), Stage 2 errors (conflict markers). */
export async function stageIcons({ page, log, shot }) {
  await openFile(page, 'rate-limit/rate-limit-plan.md');
  const rows = await outlineRows(page);
  // The outline follows the active editor: wait for this plan's stages, with their findings counted.
  await rows.filter({ hasText: 'Stage 2: Enable in production' }).filter({ hasText: '3 findings' }).waitFor();
  const warningsOnly = await rowIcon(rows, 'Stage 1: Token bucket library');
  const withErrors = await rowIcon(rows, 'Stage 2: Enable in production');
  log('outline icons:', { 'Stage 1 (warnings only)': warningsOnly, 'Stage 2 (errors)': withErrors });
  assert.equal(warningsOnly, 'warning', 'a stage with only warnings shows the warning icon');
  assert.equal(withErrors, 'error', 'a stage with an error shows the error icon');
  await shot('outline-health.png');
}
