import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyze, type Analysis, type ResolvedConfig } from '../core/index.js';

/** What a worker sends back for one document: the analysis without the model and the parse. */
export type AnalysisResult = Pick<Analysis, 'isPlan' | 'kind' | 'score' | 'findings' | 'problems'>;

interface Task {
  id: number;
  text: string;
  config: ResolvedConfig;
  force: boolean;
  /** The file path, for template detection. */
  path: string;
}

/** Marks a worker started from the CLI bundle, so that the bundle knows to serve tasks. */
const WORKER_FLAG = 'planlintAnalysisWorker';

/**
 * A pool of worker threads that analyze documents in parallel (the CLI on many files). Each
 * worker runs `script` (the CLI bundle itself) with a flag in `workerData`.
 */
export class AnalysisPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Array<Task & { resolve: (r: AnalysisResult) => void; reject: (e: Error) => void }> = [];
  private readonly pending = new Map<number, { resolve: (r: AnalysisResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(script: string, size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script, { workerData: { [WORKER_FLAG]: true } });
      worker.on('message', (m: { id: number; result?: AnalysisResult; error?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.result) p?.resolve(m.result);
        else p?.reject(new Error(m.error ?? 'analysis failed'));
        this.idle.push(worker);
        this.pump();
      });
      worker.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** How many workers suit `files` documents on this machine (0: analyze in process). */
  static sizeFor(files: number): number {
    const size = Math.min(availableParallelism(), Math.floor(files / 8), 8);
    return size >= 2 ? size : 0;
  }

  analyze(text: string, config: ResolvedConfig, force: boolean, path: string): Promise<AnalysisResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, text, config, force, path, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop()!;
      const { resolve, reject, ...task } = this.queue.shift()!;
      this.pending.set(task.id, { resolve, reject });
      worker.postMessage(task);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** In a worker started by {@link AnalysisPool}: serve analysis tasks until terminated. */
export function serveIfWorker(): void {
  if (isMainThread || !(workerData as Record<string, unknown> | null)?.[WORKER_FLAG]) return;
  parentPort!.on('message', (task: Task) => {
    try {
      // A worker's result carries no model, so a document that cannot be a plan need not be parsed.
      const { isPlan, kind, score, findings, problems } = analyze(task.text, task.config, { force: task.force, path: task.path, screen: true });
      parentPort!.postMessage({ id: task.id, result: { isPlan, kind, score, findings, problems } });
    } catch (error) {
      parentPort!.postMessage({ id: task.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
