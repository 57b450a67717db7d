/**
 * When an open document is analyzed after an edit, and where: the edit throttle (coalescing
 * window sized from the measured analysis time) and the choice between a worker and the
 * server's own thread for large documents.
 */
import { WORKER_MIN_CHARS } from './lint.js';

/**
 * A document over {@link WORKER_MIN_CHARS} whose last analysis took less than this (ms) is
 * analyzed in process next, incrementally: at 20,000 lines an edit then costs tens of
 * milliseconds instead of a full analysis in a worker. Slower ones stay in the worker, within
 * its budget. `PLANLINT_IN_PROCESS_MS` overrides it (0: large documents always in a worker).
 */
const IN_PROCESS_MS = Number(process.env.PLANLINT_IN_PROCESS_MS ?? 4000);
/** Documents over this many UTF-16 code units (2 Mi) are always analyzed in a worker. */
const IN_PROCESS_MAX_CHARS = 2 * 1024 * 1024;

/**
 * Per document: how long its incremental analyses take (EWMA, ms), since when edits have been
 * waiting (`performance.now()` ms), and whether a document over {@link WORKER_MIN_CHARS} is
 * analyzed in process (incrementally) rather than in a worker.
 */
interface DocumentTiming {
  ewma: number;
  pendingSince: number | undefined;
  inProcess: boolean;
}

/** The edit throttle and the analysis place of every open document. */
export class EditSchedule {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly timing = new Map<string, DocumentTiming>();

  /** @param run what a timer that fires does for its document (analyze and publish) */
  constructor(private readonly run: (uri: string) => void) {}

  private of(uri: string): DocumentTiming {
    let t = this.timing.get(uri);
    if (!t) this.timing.set(uri, (t = { ewma: 0, pendingSince: undefined, inProcess: false }));
    return t;
  }

  /** Runs `uri`'s analysis after `delay` ms, replacing a timer already set for it. */
  schedule(uri: string, delay: number): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.of(uri).pendingSince = undefined;
        this.run(uri);
      }, delay),
    );
  }

  /**
   * An edit of `uri` arrived. Leading edge: it is analyzed at once unless work for an earlier
   * edit is still waiting or running (`busy`): an edit that arrives after its predecessor's
   * diagnostics waits for nothing. Edits that arrive while work is pending coalesce until a
   * window passes without one, but wait at most one measured window in all (four windows of a
   * fixed `debounceMs`, a quiet time the user chose). A measured window is about one analysis:
   * on a busy machine it outgrows the time between keys, and waiting for a pause of four of them
   * held diagnostics back 0.6-1.5 s while typing at 20,000 lines; one window keeps them within
   * about two analyses of the key, and still one analysis per window.
   *
   * @param debounceMs `planlint.debounceMs`: a fixed window, or null for the measured one
   * @param busy true while an analysis of an earlier revision runs
   */
  edited(uri: string, debounceMs: number | null, busy: boolean): void {
    const t = this.of(uri);
    const window = this.window(uri, debounceMs);
    const now = performance.now();
    let delay = 0;
    if (this.timers.has(uri) || busy) {
      t.pendingSince ??= now;
      const longest = debounceMs === null ? window : 4 * window;
      delay = Math.max(0, Math.min(window, t.pendingSince + longest - now));
    }
    this.schedule(uri, delay);
  }

  /** The coalescing window of `uri` (ms): `debounceMs`, or its measured incremental analysis time (10-300 ms). */
  window(uri: string, debounceMs: number | null): number {
    if (debounceMs !== null) return debounceMs;
    return Math.min(300, Math.max(10, Math.round(this.of(uri).ewma)));
  }

  /** Whether the next analysis of large document `uri` runs in process. */
  inProcess(uri: string): boolean {
    return this.timing.get(uri)?.inProcess ?? false;
  }

  /**
   * An analysis of `uri` took `took` ms. Incremental analyses (and worker ones, never
   * incremental) size the window. A large document the worker analyzed quickly is an ordinary
   * plan: its next analyses run in process; one that turns slow goes back to the worker.
   *
   * @param kind `incremental`, `large` (over {@link WORKER_MIN_CHARS}, with `ok` false when it
   *   ran out of its budget) or `other`; `cpuMs`, for a worker analysis, the CPU milliseconds the
   *   process used meanwhile: the lesser of it and `took` decides, so that a plan analyzed slowly
   *   because the machine was busy elsewhere still moves to the server's thread
   * @returns true when a large document just moved from the worker to the server's thread: its
   *   analysis has no parse yet, so the caller should make one while the user reads
   */
  analyzed(uri: string, took: number, kind: { large: boolean; incremental: boolean; ok: boolean; chars: number; cpuMs?: number | undefined }): boolean {
    const t = this.of(uri);
    if (kind.incremental || kind.large) t.ewma = t.ewma === 0 ? took : 0.7 * t.ewma + 0.3 * took;
    if (!kind.large) return false;
    const was = t.inProcess;
    const cost = kind.cpuMs === undefined ? took : Math.min(took, kind.cpuMs);
    t.inProcess = kind.ok && cost < IN_PROCESS_MS && kind.chars <= IN_PROCESS_MAX_CHARS;
    // The next analyses are incremental: the worker's whole analysis must not size their window
    // (it held typing at 20,000 lines for four windows of 300 ms).
    if (!was && t.inProcess) t.ewma = 0;
    return !was && t.inProcess;
  }

  /** Forgets `uri` (closed). */
  closed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.timing.delete(uri);
  }
}

