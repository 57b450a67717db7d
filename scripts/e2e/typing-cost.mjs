// Typing cost in a real VS Code workbench (used by ui-timing.mjs): a paragraph typed key by key
// into the plan open in the editor, with planlint enabled and disabled (`planlint.enable`) in
// turn, in one window. Measured in the page: renderer long tasks (PerformanceObserver
// 'longtask', tasks over 50 ms) and, per key, the milliseconds from the keydown event until
// the editor's lines show the change (the DOM mutation that renders it).

const PARAGRAPH =
  'The sidecar restarts within the pod budget, the kubelet reports its readiness to the control plane, and the rollout waits for both before the next node drains. ';

/** How long the measurement window stays open after the last key (milliseconds). */
const AFTER_LAST_KEY_MS = 1000;

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : 0;
};

/** Starts recording in the page: long tasks, and key → render latency in the active editor. */
function startRecording(page) {
  return page.evaluate(() => {
    const r = (window.__planlintTyping = { longTasks: [], latencies: [], pending: [] });
    r.longObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) r.longTasks.push(e.duration);
    });
    r.longObserver.observe({ type: 'longtask' });
    r.onKey = (e) => {
      if (e.key.length === 1) r.pending.push(performance.now());
    };
    addEventListener('keydown', r.onKey, true);
    const lines = document.querySelector('.editor-instance .monaco-editor .view-lines');
    r.viewObserver = new MutationObserver(() => {
      const now = performance.now();
      while (r.pending.length) r.latencies.push(now - r.pending.shift());
    });
    r.viewObserver.observe(lines, { subtree: true, childList: true, characterData: true });
  });
}

/** Stops recording and returns what was recorded. */
function stopRecording(page) {
  return page.evaluate(() => {
    const r = window.__planlintTyping;
    r.longObserver.disconnect();
    r.viewObserver.disconnect();
    removeEventListener('keydown', r.onKey, true);
    return { longTasks: r.longTasks, latencies: r.latencies };
  });
}

/**
 * Types `keys` characters of a paragraph (in rounds: on, off, on, off) at the end of the
 * document in the active editor, switching `planlint.enable` with `setEnabled` between rounds.
 *
 * @param page the workbench page, a plan open and focused in the editor
 * @param options.keys characters typed per mode (split over two rounds)
 * @param options.delayMs pause between keys (a fast typist: about 80 ms)
 * @param options.setEnabled switches planlint on or off and resolves once the editor shows it
 * @param options.log told of each round
 * @returns per mode: per-key latency (median, p95, mean; ms) and long tasks (count, total ms)
 */
export async function typingCost(page, { keys, delayMs = 80, setEnabled, log }) {
  const rounds = ['on', 'off', 'on', 'off'];
  const per = Math.ceil(keys / 2);
  const results = { on: { latencies: [], longTasks: [] }, off: { latencies: [], longTasks: [] } };
  let at = 0;
  for (const mode of rounds) {
    await setEnabled(mode === 'on');
    await page.locator('.editor-instance .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    const text = Array.from({ length: per }, (_, i) => PARAGRAPH[(at + i) % PARAGRAPH.length]).join('');
    at += per;
    await startRecording(page);
    await page.keyboard.type(text, { delay: delayMs });
    // The measurement window goes on for a fixed time after the last key: the reactions to it
    // (diagnostics, CodeLens, outline, status bar) are part of its cost.
    await page.waitForTimeout(AFTER_LAST_KEY_MS);
    const r = await stopRecording(page);
    results[mode].latencies.push(...r.latencies);
    results[mode].longTasks.push(...r.longTasks);
    log?.(`typing round, planlint ${mode}: ${r.latencies.length} keys, ${r.longTasks.length} long tasks`);
  }
  const summary = {};
  for (const [mode, r] of Object.entries(results)) {
    summary[mode] = {
      keys: r.latencies.length,
      perKey: { median: percentile(r.latencies, 0.5), p95: percentile(r.latencies, 0.95), mean: r.latencies.reduce((a, b) => a + b, 0) / Math.max(1, r.latencies.length) },
      longTasks: { count: r.longTasks.length, total: r.longTasks.reduce((a, b) => a + b, 0) },
    };
  }
  return summary;
}
