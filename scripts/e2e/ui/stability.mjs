// Waiting for a part of the workbench to settle, and recording every state it passes through,
// with MutationObservers in the page (so that no state between two polls is missed).

/**
 * Starts recording the states of the page computed by `stateFn` (a function source evaluated in
 * the page, returning a string) on every DOM mutation under the elements matching `selector`
 * (a selector list). Idempotent per `name`.
 */
export async function startRecording(page, name, selector, stateFn) {
  await page.evaluate(
    ([name, selector, src]) => {
      const w = window;
      w.__planlintRec ??= {};
      if (w.__planlintRec[name]) return;
      const state = new Function(`return (${src})();`);
      const rec = { states: [], last: performance.now() };
      const note = () => {
        const s = state();
        if (rec.states[rec.states.length - 1]?.state !== s) rec.states.push({ state: s, at: performance.now() });
        rec.last = performance.now();
      };
      note();
      rec.observer = new MutationObserver(note);
      for (const root of document.querySelectorAll(selector)) rec.observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
      w.__planlintRec[name] = rec;
    },
    [name, selector, stateFn.toString()],
  );
}

/** The states recorded under `name` since `since` (an index into them), and the count so far. */
export async function recorded(page, name, since = 0) {
  return page.evaluate(([name, since]) => {
    const rec = window.__planlintRec[name];
    return { states: rec.states.slice(since).map((s) => s.state), count: rec.states.length };
  }, [name, since]);
}

/** Stops recording under `name`. */
export async function stopRecording(page, name) {
  await page.evaluate((name) => {
    window.__planlintRec[name]?.observer.disconnect();
    delete window.__planlintRec[name];
  }, name);
}

/** Waits until nothing under `selector` has changed for `quietMs` milliseconds (a DOM condition, polled). */
export async function settled(page, selector, quietMs) {
  await page.evaluate(
    ([selector]) => {
      const w = window;
      const root = document.querySelector(selector) ?? document.body;
      w.__planlintQuiet = performance.now();
      w.__planlintQuietObserver?.disconnect();
      w.__planlintQuietObserver = new MutationObserver(() => (w.__planlintQuiet = performance.now()));
      w.__planlintQuietObserver.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    },
    [selector],
  );
  await page.waitForFunction((ms) => performance.now() - window.__planlintQuiet >= ms, quietMs, { polling: 50 });
  await page.evaluate(() => window.__planlintQuietObserver?.disconnect());
}
