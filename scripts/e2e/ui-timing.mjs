// Timing of the packaged extension in a real VS Code workbench (code-server 4.100.3 + headless
// Chromium), against the language server alone, measured in the same run:
//
// 1. Open → diagnostics on a large plan (the 2,012-line sidecar KEP of the shared corpus, a new
//    copy in the run folder for each open, outside the workspace folder): Quick Open, Enter,
//    until the status bar's problem counts change; timed in the page (performance.now() at the
//    Enter keydown and at the DOM mutation). The window is opened first and the extension has
//    indexed the workspace (it starts with a workspace holding Markdown); the first open is
//    also the window's first Markdown file. Each round times one fresh raw server (the bundled
//    dist/server.js over stdio: spawn → initialize → didOpen → publishDiagnostics, then a
//    second plan in it; raw-server.mjs) and one VS Code open, the editor closed between opens.
//    Asserted: the median VS Code open is within 1.5× of the median raw spawn → diagnostics.
// 2. Typing cost (typing-cost.mjs): a paragraph typed key by key at the end of the plan with
//    planlint enabled and disabled (`planlint.enable`, workspace settings) in alternating
//    rounds; renderer long tasks and per-key latency. Reported, not asserted beyond sanity.
//
// Flags: --write-docs replaces the "Opening a plan in VS Code" section of docs/performance.md
// with this run's figures; --trace turns on the client's LSP trace and the server's timing log
// (PLANLINT_DEBUG_REQUESTS=1) and prints them with where each open's time went.
// Env: CODE_SERVER, CHROMIUM, VSIX (default planlint.vsix), PLANLINT_CORPUS, OPENS (default 5),
// KEYS (default 120), KEEP_RUN (keep the run folder).
import { execFileSync } from 'node:child_process';
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import codeServer from './code-server.js';
import { timeRawServer } from './raw-server.mjs';
import { typingCost } from './typing-cost.mjs';
import { runCommand } from './ui/page.mjs';
import { openWorkbench } from './ui/workbench.mjs';

const { CODE_SERVER } = codeServer;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const VSIX = path.resolve(process.env.VSIX ?? path.join(root, 'planlint.vsix'));
const CORPUS = process.env.PLANLINT_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus');
const KEP_NAME = 'kubernetes__enhancements__keps__sig-node__753-sidecar-containers__README.md';
const KEP = path.join(CORPUS, 'public', KEP_NAME);
const SHOTS = path.join(root, 'test-results', 'e2e');
const OPENS = Number(process.env.OPENS ?? 5);
const KEYS = Number(process.env.KEYS ?? 120);
const RATIO = 1.5;
const trace = process.argv.includes('--trace');
const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * Opens `file` with Quick Open and resolves to the milliseconds from the Enter key (seen by the
 * page) until the status bar's problem counts change (its diagnostics arrived: earlier plans
 * keep theirs, closed files keep their last diagnostics), and until its editor tab is shown.
 */
async function timeOpen(page, file) {
  const name = path.basename(file);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(file);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor();
  await page.evaluate((name) => {
    const counts = () => document.querySelector('[id="status.problems"]')?.textContent ?? '';
    const o = (window.__planlintOpen = { start: 0, editor: 0, diagnostics: 0, before: counts(), after: '' });
    const onKey = (e) => {
      if (e.key !== 'Enter') return;
      o.start = performance.now();
      removeEventListener('keydown', onKey, true);
    };
    addEventListener('keydown', onKey, true);
    const check = () => {
      if (!o.start) return;
      const now = performance.now();
      if (!o.editor && document.querySelector(`.tabs-container .tab[data-resource-name="${name}"]`)) o.editor = now;
      if (!o.diagnostics && counts() !== o.before) {
        o.diagnostics = now;
        o.after = counts();
      }
      if (o.editor && o.diagnostics) observer.disconnect();
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-label', 'data-resource-name'] });
  }, name);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__planlintOpen.diagnostics > 0 && window.__planlintOpen.editor > 0, undefined, { timeout: 60000 });
  const o = await page.evaluate(() => ({ ...window.__planlintOpen, origin: performance.timeOrigin }));
  return { diagnostics: o.diagnostics - o.start, editor: o.editor - o.start, enterAt: o.origin + o.start, shownAt: o.origin + o.diagnostics, counts: `${o.before.trim()} → ${o.after.trim()}` };
}

/** The requests the client logged (planlint.trace.server verbose) in the log folder, with their duration. */
function tracedRequests(userData) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/planlint/i.test(e.name) && e.name.endsWith('.log')) out.push(...readFileSync(p, 'utf8').split('\n').filter((l) => /Received response|Sending request|Sending notification|Received request|\] \[\d\d:/.test(l)));
    }
  };
  if (existsSync(path.join(userData, 'logs'))) walk(path.join(userData, 'logs'));
  return out;
}

async function main() {
  assert.ok(existsSync(KEP), `the shared corpus is needed for the open timing: ${KEP} not found (set PLANLINT_CORPUS)`);
  const text = readFileSync(KEP, 'utf8');
  const session = await openWorkbench({
    vsix: VSIX,
    fixtures: [path.join(root, 'test', 'e2e', 'fixtures', 'ws')],
    log,
    settings: trace ? { 'planlint.trace.server': 'verbose' } : {},
    env: trace ? { PLANLINT_DEBUG_REQUESTS: '1' } : {},
    serverArgs: trace ? ['--log', 'trace'] : [],
    keepRun: Boolean(process.env.KEEP_RUN),
    prefix: 'planlint-timing-',
  });
  const { page, ws, run, userData } = session;
  // The opened plans are outside the workspace folder, so that the workspace index has no
  // diagnostics for them before they open: each open is timed to its own first diagnostics.
  const plans = path.join(run, 'plans');
  mkdirSync(plans, { recursive: true });
  const planFile = (i) => path.join(plans, `kep-${i}.md`);
  for (let i = 0; i <= OPENS; i++) writeFileSync(planFile(i), text);

  const opens = [];
  const figures = { raw: { cold: [], warm: [] }, code: [], typing: undefined };
  try {
    // The extension activates with the window (workspaceContains Markdown): its server has
    // indexed the workspace once the fixture's findings are counted in the status bar. (A VSIX
    // that activates on the first Markdown file opened, as before, is timed from there.)
    const manifest = JSON.parse(execFileSync('unzip', ['-p', VSIX, 'extension/package.json'], { encoding: 'utf8' }));
    if (manifest.activationEvents.some((e) => e.startsWith('workspaceContains:') && /\bmd\b/.test(e))) {
      await page.waitForFunction(() => /[1-9]/.test(document.querySelector('[id="status.problems"]')?.textContent ?? ''), undefined, { timeout: 60000 });
      log('planlint active: workspace diagnostics shown');
    } else log(`this VSIX activates on ${manifest.activationEvents.join(', ')}: the first open activates it`);

    // Rounds of one raw-server run and one VS Code open, so that both see the same machine.
    for (let i = 0; i < OPENS; i++) {
      const raw = await timeRawServer(path.join(root, 'dist', 'server.js'), text, (j) => pathToFileURL(path.join(plans, `raw-${i}-${j}.md`)).href, 1);
      figures.raw.cold.push(raw.cold);
      figures.raw.warm.push(...raw.warm);
      figures.diagnostics = raw.diagnostics;
      const t = await timeOpen(page, planFile(i));
      opens.push(t);
      figures.code.push(t.diagnostics);
      log(`round ${i + 1}: raw server spawn → diagnostics ${raw.cold.toFixed(0)} ms (a second plan in it ${raw.warm[0].toFixed(0)} ms); VS Code ${i === 0 ? 'first open of the window' : 'open'} → diagnostics ${t.diagnostics.toFixed(0)} ms (editor tab after ${t.editor.toFixed(0)} ms; problems ${t.counts})`);
      await runCommand(page, 'View: Close All Editors');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    }
    if (trace) {
      const lines = tracedRequests(userData);
      log(`client trace (${lines.length} lines):\n${lines.join('\n')}`);
      // Where each open's time went: the page's clock against the server's log (one machine).
      const at = (line) => Date.parse(`${new Date().toISOString().slice(0, 10)}T${/\] \[(\d\d:\d\d:\d\d\.\d+)\]/.exec(line)[1]}Z`);
      opens.forEach((t, i) => {
        const name = `kep-${i}.md`;
        const opened = lines.find((l) => l.includes(`] didOpen `) && l.includes(`/${name} `));
        const answered = lines.find((l) => l.includes('] textDocument/diagnostic ') && l.includes(`/${name}:`));
        if (!opened || !answered) return;
        log(`open ${i}: Enter → didOpen at the server ${(at(opened) - t.enterAt).toFixed(0)} ms; didOpen → diagnostics answered ${(at(answered) - at(opened)).toFixed(0)} ms; answered → problem counts shown ${(t.shownAt - at(answered)).toFixed(0)} ms`);
      });
    }

    // Typing: the plan open again, planlint switched with its setting.
    const typed = await timeOpen(page, planFile(OPENS));
    log(`typing in ${path.basename(planFile(OPENS))} (diagnostics after ${typed.diagnostics.toFixed(0)} ms)`);
    let enabled = true;
    const setEnabled = async (on) => {
      if (on === enabled) return;
      const counts = () => page.evaluate(() => document.querySelector('[id="status.problems"]')?.textContent ?? '');
      const before = await counts();
      // Workspace settings: the window sees the file change (the user settings file, written
      // from outside, is not watched by code-server).
      mkdirSync(path.join(ws, '.vscode'), { recursive: true });
      writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'planlint.enable': on }));
      enabled = on;
      // Disabled, the plan's findings leave the status bar counts; enabled, they come back.
      await page.waitForFunction((b) => (document.querySelector('[id="status.problems"]')?.textContent ?? '') !== b, before);
      log(`planlint.enable: ${on} (problems ${before.trim()} → ${(await counts()).trim()})`);
    };
    figures.typing = await typingCost(page, { keys: KEYS, setEnabled, log });
  } catch (error) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'timing-failure.png') }).catch(() => undefined);
    if (trace) log(`client trace:\n${tracedRequests(userData).join('\n')}`);
    console.error(`code-server output (tail):\n${session.output().slice(-3000)}`);
    throw error;
  } finally {
    await session.close();
    if (process.env.KEEP_RUN) log('run folder kept:', run);
  }

  const vs = median(figures.code);
  const rawCold = median(figures.raw.cold);
  const rawWarm = median(figures.raw.warm);
  const ratio = vs / rawCold;
  log(`open → diagnostics, median of ${OPENS}: VS Code ${vs.toFixed(0)} ms; raw server spawn → diagnostics ${rawCold.toFixed(0)} ms (${ratio.toFixed(2)}×); a plan opened in a running raw server ${rawWarm.toFixed(0)} ms (${(vs / rawWarm).toFixed(2)}×)`);
  if (figures.typing) printTyping(figures.typing);
  if (process.argv.includes('--write-docs')) writeDocs(figures);
  assert.ok(ratio <= RATIO, `opening the KEP in VS Code took ${ratio.toFixed(2)}× the raw server's time (at most ${RATIO}×)`);
  assert.ok(figures.typing.on.keys > 0 && figures.typing.off.keys > 0, 'typed keys were seen in the editor');
  log('UI TIMING PASSED');
}

function printTyping(t) {
  for (const [mode, m] of Object.entries(t)) log(`typing, planlint ${mode}: ${m.keys} keys; per key median ${m.perKey.median.toFixed(1)} ms, p95 ${m.perKey.p95.toFixed(1)} ms; long tasks ${m.longTasks.count} (${m.longTasks.total.toFixed(0)} ms)`);
}

const ms = (x) => x.toFixed(0);

/** The "Opening a plan in VS Code" section of docs/performance.md, from this run's figures. */
function docSection(f) {
  const vs = median(f.code);
  const rawCold = median(f.raw.cold);
  const rawWarm = median(f.raw.warm);
  const typing = f.typing;
  const codeServerDir = path.resolve(path.dirname(CODE_SERVER), '..', '..');
  const version = (rel) => JSON.parse(readFileSync(path.join(codeServerDir, rel, 'package.json'), 'utf8')).version;
  return [
    '## Opening a plan in VS Code',
    '',
    `Measured with \`node scripts/e2e/ui-timing.mjs --write-docs\` (part of \`npm run test:e2e\`) on ${new Date().toISOString().slice(0, 10)}: code-server ${version('.')}`,
    `(VS Code ${version('lib/vscode')}) with the packaged VSIX, headless Chromium, Node ${process.version}. The plan is the 2,012-line`,
    `sidecar KEP of the corpus (\`${KEP_NAME}\`, ${Math.round(statSync(KEP).size / 1024)} KiB, ${f.diagnostics} findings), a new copy for each open, outside the workspace folder so that`,
    'no workspace diagnostics show it before it opens. VS Code: from the Enter key of Quick Open (seen by the page) until the',
    `status bar's problem counts change, ${OPENS} opens in one window, the editor closed between them. Raw server: the bundled`,
    '`dist/server.js` spawned over stdio, `initialize`, `didOpen`, until `publishDiagnostics`; one fresh server per round,',
    'each round one raw run and one VS Code open, so that both see the same machine.',
    '',
    '| measure | median ms | each run, ms |',
    '| --- | ---: | --- |',
    `| VS Code: Quick Open → diagnostics (the first is the window's first Markdown file) | ${ms(vs)} | ${f.code.map(ms).join(', ')} |`,
    `| raw server: spawn → diagnostics | ${ms(rawCold)} | ${f.raw.cold.map(ms).join(', ')} |`,
    `| raw server: a second plan opened in the running server | ${ms(rawWarm)} | ${f.raw.warm.map(ms).join(', ')} |`,
    '',
    `VS Code / raw server: **${(vs / rawCold).toFixed(2)}×** (asserted ≤ ${RATIO}×); the window's first open ${(f.code[0] / rawCold).toFixed(2)}×; against a plan opened in an`,
    `already running raw server ${(vs / rawWarm).toFixed(2)}×.`,
    '',
    'Before, the same script on the previous VSIX (2026-12-05, one run): the window\'s first open 5,054 ms against a',
    'raw spawn → diagnostics of 1,488-2,762 ms, the next opens 945 and 774 ms; in four earlier runs by hand the first',
    'open took 3.7-8.4 s against 0.7-1.0 s (4.5-11×). Only the first open of a window was slow, so the asserted',
    'median passes on the previous VSIX too (0.61× in that run); the two causes below are pinned by tests instead',
    '(`test/lsp.test.ts`, `test/lsp-sets.test.ts`, `test/contributions.test.ts`). Where the time went (client trace',
    'with `planlint.trace.server: verbose`, the server\'s own timing with `PLANLINT_DEBUG_REQUESTS=1`; the script\'s',
    '`--trace` prints both):',
    '',
    '- **Activation order.** The extension activated on the first Markdown file opened (`onLanguage:markdown`),',
    "  at the same moment as VS Code's Markdown extension: the server was forked and answered `initialize` in",
    '  1.0-1.3 s (0.15 s alone), so the document reached it 4.4 s after the Enter key. The extension now also',
    '  activates when the workspace holds Markdown files (`workspaceContains`), and the server has indexed the',
    '  workspace before the first plan is opened.',
    '- **The plan analyzed twice.** VS Code answers the server\'s registration for configuration changes with a',
    '  `workspace/didChangeConfiguration` at once. The server took it for a change: it re-linted, and the',
    '  analysis under way for the plan being opened was not kept. The end of the first workspace-index build',
    '  also sent `workspace/diagnostic/refresh`, on which the client cancels the pull under way (its answer is',
    '  thrown away) and pulls again: a second full analysis (3.3 s, then 1.1 s, in the traced run). Now a',
    '  configuration notification re-lints only when a setting differs, and an index build asks for a refresh',
    '  only when an open document is in a plan set.',
    '- **Not the cause.** The outline, score, code action and CodeLens requests sent at open wait for the same',
    '  analysis (one per document revision, shared) and answer in under 15 ms after it; pull or push makes no',
    '  difference besides the refresh above; document sync is incremental; the worker thread is used only',
    '  over 512 Ki characters (the KEP has 89 Ki); the client middleware only rewrites the rule links.',
    '- **What remains** is VS Code\'s own work: 0.2-0.4 s from the Enter key until the document reaches the',
    "  server, and an analysis slower than alone, as VS Code's Markdown language server, the renderer and the",
    "  extension host work on the same document at the same time. On a window's first Markdown file VS Code's",
    '  Markdown extension activates too (0.6-1.2 s before the document reaches the server, the analysis up to',
    '  2.5 s on two busy cores): that open stays 1.2-3.8× the raw server in our runs.',
    '',
    '### Typing',
    '',
    `${typing.on.keys + typing.off.keys} keys of a paragraph typed at the end of the KEP, 80 ms apart, in four rounds (planlint on, off, on, off:`,
    '`planlint.enable`, so "off" still runs the extension, without analysis). Per key: from the keydown event to the',
    'DOM mutation that shows the character. Long tasks: renderer tasks over 50 ms (PerformanceObserver `longtask`),',
    'during the typing and the second after it.',
    '',
    '| planlint | keys | per key median ms | per key p95 ms | long tasks | long tasks total ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...Object.entries(typing).map(([mode, m]) => `| ${mode} | ${m.keys} | ${m.perKey.median.toFixed(1)} | ${m.perKey.p95.toFixed(1)} | ${m.longTasks.count} | ${ms(m.longTasks.total)} |`),
    '',
    'Before, the previous VSIX in the same script (one run): on 11.1 / 60.9 ms per key (median / p95) and 6 long',
    'tasks (613 ms), off 9.3 / 25.1 ms and 2 (125 ms). In VS Code (pull diagnostics) every key made the client pull',
    'the diagnostics, and every diagnostics change asked for the outline and the score: three requests per key,',
    'each waiting for the analysis of that revision, and a status bar redraw. Now the outline is asked for only while',
    'the Plan Outline view is visible (and when it becomes visible), outline and score refreshes run one at a time',
    '(events meanwhile make one more), and an unchanged score leaves the status bar alone. Single runs on this shared',
    'machine are noisy; what stays from run to run is a few milliseconds more per key at the median (not the 14 ms',
    'once reported) and more long tasks with planlint on: each revision of a 2,000-line plan is analyzed (an',
    'incremental analysis, 60-260 ms on these busy cores) and competes with the renderer for two cores.',
    '',
  ];
}

/** Replaces (or adds, before "## CLI on many plans") the section in docs/performance.md. */
function writeDocs(figures) {
  const file = path.join(root, 'docs', 'performance.md');
  const lines = docSection(figures);
  const doc = readFileSync(file, 'utf8').split('\n');
  const start = doc.indexOf(lines[0]);
  if (start >= 0) {
    let end = doc.findIndex((l, i) => i > start && l.startsWith('## '));
    if (end < 0) end = doc.length;
    doc.splice(start, end - start, ...lines);
  } else {
    const at = doc.indexOf('## CLI on many plans');
    doc.splice(at < 0 ? doc.length : at, 0, ...lines);
  }
  writeFileSync(file, doc.join('\n'));
  log('docs/performance.md: section "Opening a plan in VS Code" written');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
