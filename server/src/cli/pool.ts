import { availableParallelism, loadavg } from 'node:os';
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

type Queued = Task & { resolve: (r: AnalysisResult) => void; reject: (e: Error) => void };

/** Marks a worker started from the CLI bundle, so that the bundle knows to serve tasks. */
const WORKER_FLAG = 'planlintAnalysisWorker';

/**
 * Tasks sent to a worker before it answers: it starts the next one while the main thread is
 * busy analyzing a document of its own and cannot hand out work.
 */
const IN_FLIGHT = 2;

/** Fewer files than this are analyzed in process: a worker's start-up (about 150 ms of CPU: loading the bundle, compiling the parser) would not pay. */
const MIN_FILES_FOR_WORKERS = 16;

/**
 * Characters of text handed to the pool before it starts its workers: until then the main
 * thread analyzes every task. A worker compiles its code as it runs, so its first megabytes
 * cost about twice what they cost a warm thread; on two cores the corpus (2 MB) and 850
 * dependency READMEs (5 MB) were slower with a worker than without.
 */
const WORKER_CHARS = 8 * 1024 * 1024;

/** A task's analysis: what a worker runs, and the main thread for the tasks it takes itself. */
function run(task: Task): AnalysisResult {
  // A result carries no model, so a document that cannot be a plan need not be parsed.
  const { isPlan, kind, score, findings, problems } = analyze(task.text, task.config, { force: task.force, path: task.path, screen: true });
  return { isPlan, kind, score, findings, problems };
}

/**
 * A pool of worker threads that analyze documents in parallel with the main thread (the CLI on
 * many files). Each worker runs `script` (the CLI bundle itself) with a flag in `workerData`;
 * `size` workers start once the tasks hold `workerChars` characters of text. The main
 * thread takes queued tasks itself whenever it is idle, so that it counts as one of the
 * analyzers: on two cores one worker and the main thread share the work.
 */
export class AnalysisPool {
  private readonly workers: Worker[] = [];
  private readonly inFlight = new Map<Worker, number>();
  private readonly queue: Queued[] = [];
  private readonly pending = new Map<number, { resolve: (r: AnalysisResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private stealing = false;
  /** Characters handed to the pool so far. */
  private chars = 0;
  private started = false;

  /**
   * @param script the bundle a worker runs
   * @param size how many workers to start
   * @param workerChars characters of text handed to the pool before the workers start
   */
  constructor(
    private readonly script: string,
    private readonly size: number,
    private readonly workerChars = WORKER_CHARS,
  ) {}

  /** Starts the workers. */
  private start(): void {
    this.started = true;
    for (let i = 0; i < this.size; i++) {
      const worker = new Worker(this.script, { workerData: { [WORKER_FLAG]: true } });
      worker.on('message', (m: { id: number; result?: AnalysisResult; error?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.result) p?.resolve(m.result);
        else p?.reject(new Error(m.error ?? 'analysis failed'));
        this.inFlight.set(worker, (this.inFlight.get(worker) ?? 1) - 1);
        this.pump();
      });
      worker.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      this.workers.push(worker);
      this.inFlight.set(worker, 0);
    }
  }

  /**
   * How many worker threads suit `files` documents on this machine (0: analyze in process): one
   * per core beside the main thread's, up to 7, less the cores other processes keep busy (the
   * one-minute load average). A worker on a core that is not free only takes CPU from the
   * main thread and pays its start-up and its own compiler warm-up for nothing.
   */
  static sizeFor(files: number): number {
    if (files < MIN_FILES_FOR_WORKERS) return 0;
    const cores = availableParallelism();
    const free = Math.floor(cores - (loadavg()[0] ?? 0));
    return Math.max(0, Math.min(cores - 1, free, 7, Math.floor(files / 8)));
  }

  analyze(text: string, config: ResolvedConfig, force: boolean, path: string): Promise<AnalysisResult> {
    this.chars += text.length;
    if (!this.started && this.chars >= this.workerChars) this.start();
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, text, config, force, path, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const worker of this.workers) {
      while (this.queue.length && this.inFlight.get(worker)! < IN_FLIGHT) {
        const { resolve, reject, ...task } = this.queue.shift()!;
        this.pending.set(task.id, { resolve, reject });
        this.inFlight.set(worker, this.inFlight.get(worker)! + 1);
        worker.postMessage(task);
      }
    }
    if (this.queue.length && !this.stealing) {
      this.stealing = true;
      // After the pending I/O and worker messages: the main thread takes a task when nothing else waits.
      setImmediate(() => this.steal());
    }
  }

  /** Analyzes one queued task on the main thread, then gives the workers theirs. */
  private steal(): void {
    this.stealing = false;
    const task = this.queue.pop();
    if (!task) return;
    try {
      task.resolve(run(task));
    } catch (error) {
      task.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.pump();
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
      parentPort!.postMessage({ id: task.id, result: run(task) });
    } catch (error) {
      parentPort!.postMessage({ id: task.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
