/**
 * When each edit of an open document arrived and when each analysis started and was published,
 * kept only when the server runs with `PLANLINT_DEBUG_REQUESTS=1` (`planlint/debug/editTrace`):
 * `npm run bench` reads it to tell the throttle's wait from the work. Times are the server's
 * `performance.now()` milliseconds.
 */
import { performance } from 'node:perf_hooks';
import type { DebugEditTrace } from '../protocol.js';

/** The edit trace of every open document; does nothing when not `enabled`. */
export class EditTrace {
  private readonly traces = new Map<string, DebugEditTrace>();
  /** When the analysis of each document's latest revisions started (ms), by revision. */
  private readonly starts = new Map<string, Map<number, number>>();

  constructor(private readonly enabled: boolean) {}

  private of(uri: string): DebugEditTrace {
    let t = this.traces.get(uri);
    if (!t) this.traces.set(uri, (t = { arrived: [], published: [] }));
    return t;
  }

  /** Version `version` of `uri` arrived. */
  arrived(uri: string, version: number): void {
    if (this.enabled) this.of(uri).arrived.push({ version, at: performance.now() });
  }

  /** The analysis of `uri` at content revision `revision` starts now (the throttle let it run). */
  started(uri: string, revision: number): void {
    if (!this.enabled) return;
    let byRevision = this.starts.get(uri);
    if (!byRevision) this.starts.set(uri, (byRevision = new Map()));
    byRevision.set(revision, performance.now());
    // Keep the latest few: a revision is published soon after its analysis starts, or never.
    if (byRevision.size > 16) byRevision.delete(byRevision.keys().next().value!);
  }

  /** Diagnostics of `uri` at `version` (content revision `revision`) were handed to the connection now. */
  published(uri: string, version: number, revision: number): void {
    if (!this.enabled) return;
    const started = this.starts.get(uri)?.get(revision);
    if (started !== undefined) this.of(uri).published.push({ version, started, at: performance.now() });
  }

  /** The trace of `uri` so far (empty when not enabled or never edited). */
  get(uri: string): DebugEditTrace {
    return this.traces.get(uri) ?? { arrived: [], published: [] };
  }

  /** Forgets `uri` (closed). */
  closed(uri: string): void {
    this.traces.delete(uri);
    this.starts.delete(uri);
  }
}
