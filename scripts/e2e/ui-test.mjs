// UI test of the packaged extension in a real VS Code workbench: installs the VSIX into
// code-server 4.100.3 (`--install-extension`), opens the fixture workspace (test/e2e/fixtures/ws;
// test/e2e/fixtures/ui joins it before the scenarios that use it) in headless Chromium and runs the scenarios of
// scripts/e2e/ui/ in order: Problems, quick fix and snippet, Plan Outline, status bar and
// score; Go to Symbol; the rule docs from Ctrl+.; the outline's severity icons; an invalid
// config; quiet typing. Screenshots go to test-results/e2e/ (kept as artifacts); with
// --update-screenshots those the user README shows are also copied to docs/images/.
// Env: CODE_SERVER, CHROMIUM, VSIX (default planlint.vsix). --only <name,...> runs some scenarios.
import { copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planOutline, problemsAndQuickFix, score } from './ui/basics.mjs';
import { invalidConfig } from './ui/config-errors.mjs';
import { goToSymbol, ruleDocs } from './ui/navigation.mjs';
import { stageIcons } from './ui/outline-health.mjs';
import { typeHeadingWord } from './ui/typing.mjs';
import { runCommand } from './ui/page.mjs';
import { openWorkbench } from './ui/workbench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const VSIX = path.resolve(process.env.VSIX ?? path.join(root, 'planlint.vsix'));
const SHOTS = path.join(root, 'test-results', 'e2e');
/** The screenshots docs/marketplace.md shows. */
const DOC_SHOTS = ['problems.png', 'quick-fix.png', 'outline.png', 'score.png', 'docs-preview.png'];
const SCENARIOS = { problemsAndQuickFix, planOutline, score, goToSymbol, ruleDocs, stageIcons, invalidConfig, typeHeadingWord };
/** The first scenario that needs test/e2e/fixtures/ui: its files join the workspace just before it (the screenshots before show the plain workspace). */
const FIRST_UI_SCENARIO = 'goToSymbol';

const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? process.argv[onlyArg + 1].split(',') : undefined;
for (const name of only ?? []) if (!SCENARIOS[name]) throw new Error(`--only: unknown scenario "${name}"; expected one of ${Object.keys(SCENARIOS).join(', ')}`);

async function main() {
  mkdirSync(SHOTS, { recursive: true });
  const fixture = (name) => path.join(root, 'test', 'e2e', 'fixtures', name);
  const session = await openWorkbench({ vsix: VSIX, fixtures: [fixture('ws')], log });
  const { page } = session;
  const shot = (name) => page.screenshot({ path: path.join(SHOTS, name) });
  try {
    let added = false;
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      if (name === FIRST_UI_SCENARIO) added = true;
      if (only && !only.includes(name)) continue;
      if (added && !existsSync(path.join(session.ws, 'search'))) {
        cpSync(fixture('ui'), session.ws, { recursive: true });
        // The Explorer may miss files copied in a burst; its refresh reads the folder again.
        await runCommand(page, 'Refresh Explorer');
        await page.locator('.explorer-folders-view .monaco-list-row[aria-label="search"]').waitFor();
        log('added test/e2e/fixtures/ui to the workspace');
      }
      log(`— ${name}`);
      await scenario({ page, ws: session.ws, log, shot });
    }
    if (process.argv.includes('--update-screenshots')) {
      mkdirSync(path.join(root, 'docs', 'images'), { recursive: true });
      for (const f of DOC_SHOTS) copyFileSync(path.join(SHOTS, f), path.join(root, 'docs', 'images', f));
    }
    log('ALL UI CHECKS PASSED');
  } catch (error) {
    await shot('failure.png').catch(() => undefined);
    console.error(`code-server output (tail):\n${session.output().slice(-3000)}`);
    throw error;
  } finally {
    await session.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
