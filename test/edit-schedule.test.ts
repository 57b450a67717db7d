import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EditSchedule } from '../server/src/lsp/edit-schedule.js';

/**
 * The edit throttle on a fake clock: keys every 80 ms while an analysis is pending, with a
 * window of 200 ms (measured, or set). Returns when each analysis started (ms from the first key).
 */
function typeFor(ms: number, debounceMs: number | null): number[] {
  const starts: number[] = [];
  const t0 = performance.now();
  const schedule = new EditSchedule(() => starts.push(performance.now() - t0));
  // One incremental analysis of 200 ms measured: the window is 200 ms.
  schedule.analyzed('plan.md', 200, { large: false, incremental: true, ok: true, chars: 1000 });
  for (let at = 0; at < ms; at += 80) {
    // Busy: the analysis of an earlier key is still under way when each key arrives.
    schedule.edited('plan.md', debounceMs, true);
    vi.advanceTimersByTime(80);
  }
  vi.advanceTimersByTime(1000);
  return starts;
}

describe('edit throttle', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('with the measured window, keys that keep coming wait one window at most', () => {
    const starts = typeFor(1600, null);
    // An analysis every window while typing, not only after a pause.
    expect(starts[0]).toBeLessThanOrEqual(200);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeLessThanOrEqual(280);
    expect(starts.length).toBeGreaterThanOrEqual(6);
  });

  it('a fixed debounceMs is a quiet time: keys that keep coming wait up to four windows', () => {
    const starts = typeFor(1600, 200);
    expect(starts[0]).toBeGreaterThan(700);
    expect(starts[0]).toBeLessThanOrEqual(800);
  });
});
