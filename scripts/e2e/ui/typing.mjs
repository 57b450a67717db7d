// Quiet typing: while a word is being typed letter by letter, no finding appears and then
// disappears. In search-plan.md, "### Load testing" is Stage 2's tests heading, but the
// prefixes "test" (a test word) and "testi" (not one) would each flip its undefined-tests finding.
import * as assert from 'node:assert/strict';
import { editorLines, focusProblems, goTo, openFile, retry } from './page.mjs';
import { recorded, settled, startRecording, stopRecording } from './stability.mjs';

const FILE = 'search-plan.md';
const WORD = 'testing';
/** Quiet time after a keystroke before the next one: enough for the server to lint the edit, well under its 800 ms "word finished" pause. */
const QUIET_MS = 200;

/** The problem counts, then the Problems rows of search-plan.md without columns (held findings move with the text), one per line; evaluated in the page. */
function markersOfFile() {
  const rows = [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((e) => e.getAttribute('aria-label') ?? '');
  const out = [];
  let inFile = false;
  for (const r of rows) {
    if (/^\d+ problems? in file /.test(r)) inFile = r.includes('in file search-plan.md');
    else if (inFile) out.push(r.replace(/ and character \d+\./, '.'));
  }
  // With the workspace's counts, in case the panel is too short to show the file's rows.
  return [document.querySelector('#status\\.problems')?.getAttribute('aria-label') ?? '', ...out.sort()].join('\n');
}

/** For each finding, the states (in order) in which it is shown: true/false per state. */
function presence(states) {
  const all = new Set(states.flatMap((s) => (s ? s.split('\n') : [])));
  return [...all].map((finding) => ({ finding, shown: states.map((s) => s.split('\n').includes(finding)) }));
}

/** The settle pause of the server (server/src/lsp/typing.ts SETTLE_MS): a longer gap between keys finishes the word, legitimately. */
const SETTLE_MS = 800;

/** Types WORD at the end of "### Load " letter by letter; returns the Problems states seen and the gaps between keys (ms). */
async function typeWord(page) {
  await startRecording(page, 'typing', '.markers-panel, #status\\.problems', markersOfFile);
  const gaps = [];
  let last = Date.now();
  for (let i = 1; i <= WORD.length; i++) {
    await page.keyboard.type(WORD[i - 1]);
    gaps.push(Date.now() - last);
    last = Date.now();
    const prefix = `### Load ${WORD.slice(0, i)}`;
    await page.waitForFunction((p) => [...document.querySelectorAll('.editor-instance .monaco-editor .view-line')].some((e) => (e.textContent ?? '').replace(/\u00a0/g, ' ') === p), prefix);
    if (i < WORD.length) await settled(page, '.markers-panel', QUIET_MS);
  }
  return { gaps: gaps.slice(1), finish: async () => (await recorded(page, 'typing')).states };
}

/** Removes the typed word with Undo, back to "### Load" and its finding. */
async function undoWord(page, finding) {
  await retry(async () => {
    await page.keyboard.press('Control+Z');
    await page.waitForFunction(() => [...document.querySelectorAll('.editor-instance .monaco-editor .view-line')].some((e) => (e.textContent ?? '').replace(/\u00a0/g, ' ') === '### Load'), undefined, { timeout: 2000 });
  });
  await finding.waitFor();
}

export async function typeHeadingWord({ page, log }) {
  await openFile(page, `search/${FILE}`);
  await focusProblems(page);
  const testsFinding = page.locator('.markers-panel .monaco-list-row[aria-label*="\\"Stage 2: Search API\\" has no tests"]');
  await testsFinding.waitFor();
  // A machine too busy to type within the settle pause finishes the word early: that attempt proves nothing, and is typed again.
  for (let attempt = 1; ; attempt++) {
    await goTo(page, 21, 9); // the end of "### Load"
    await page.keyboard.type(' ');
    await settled(page, '.markers-panel', QUIET_MS);
    const { gaps, finish } = await typeWord(page);
    // The word is finished after a pause: then the finding goes, once.
    await testsFinding.waitFor({ state: 'detached' });
    const states = await finish();
    await stopRecording(page, 'typing');
    log(`typed "${WORD}" (ms between keys: ${gaps.join(', ')}); states shown (problem counts and rows of ${FILE}):`, states.map((s) => s.split('\n').length - 1));
    assert.ok((await editorLines(page)).includes('### Load testing'));
    if (Math.max(...gaps) >= SETTLE_MS * 0.8 && attempt < 3) {
      log('keys slower than the settle pause: typed again');
      await undoWord(page, testsFinding);
      continue;
    }
    assert.match(states[0], /has no tests/, 'the finding the word fixes is shown before the word is typed');
    for (const { finding, shown } of presence(states)) {
      const flips = shown.filter((v, i) => i > 0 && v !== shown[i - 1]).length;
      assert.ok(flips <= 1, `"${finding}" toggled while "${WORD}" was typed: ${shown.map((v) => (v ? 'shown' : 'hidden')).join(' → ')}`);
    }
    break;
  }
  await undoWord(page, testsFinding);
}
