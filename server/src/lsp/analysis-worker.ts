/**
 * Analysis of large documents off the server's main thread, within a time and memory budget.
 * The main thread keeps reading messages (document sync never waits for an analysis); a
 * worker that runs out of time or memory is ended and its document gets one information
 * diagnostic instead of a stalled or crashed server.
 *
 * The worker runs the server bundle itself (`workerScript`); the bundle's entry calls
 * {@link runAnalysisWorker} when it is not the main thread.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { analyze, LineIndex, type Analysis, type AnalyzeOptions, type ResolvedConfig } from '../core/index.js';

/** What the main thread sends: one document to analyze. */
interface Job {
  text: string;
  config: ResolvedConfig;
  options: Pick<AnalyzeOptions, 'path' | 'force'>;
}

/** Marks the worker data of an analysis worker. */
const MARK = 'planlint-analysis';

/** Why a document was not analyzed within the budget. */
export type BudgetFailure = { reason: 'time'; limitMs: number } | { reason: 'memory'; limitMb: number } | { reason: 'error'; message: string };

/** The budget of one analysis: wall time in milliseconds, heap (old generation) in MiB. */
export interface Budget {
  timeMs: number;
  heapMb: number;
}

/** True in a worker started by {@link analyzeInWorker}. */
export function isAnalysisWorker(): boolean {
  return parentPort !== null && (workerData as { mark?: unknown } | undefined)?.mark === MARK;
}

/** What the worker posts: the analysis without its parse tree, and the process's CPU time while it ran (ms). */
interface WorkerResult {
  analysis: Omit<Analysis, 'document'>;
  cpuMs: number;
}

/** The worker side: analyzes the job in `workerData` and posts the analysis without its parse tree. */
export function runAnalysisWorker(): void {
  const job = (workerData as { job: Job }).job;
  const cpu = process.cpuUsage();
  const { document: _tree, ...analysis } = analyze(job.text, job.config, job.options);
  const used = process.cpuUsage(cpu);
  parentPort!.postMessage({ analysis, cpuMs: (used.user + used.system) / 1000 } satisfies WorkerResult);
}

/**
 * Analyzes `text` in a worker thread running `workerScript`, ended after `budget.timeMs` or
 * when its heap exceeds `budget.heapMb`. Resolves to the analysis (without `document`, so the
 * next analysis of the document is a full one) with the CPU milliseconds the process used while
 * the worker analyzed (the analysis's cost, whatever else the machine was doing; the main
 * thread's share is small while it waits), or to why there is none; never rejects.
 * `signal` ends the worker early (a newer version of the document arrived), resolving to
 * undefined.
 */
export function analyzeInWorker(workerScript: string, job: Job, budget: Budget, signal?: AbortSignal): Promise<{ analysis: Analysis; cpuMs: number } | { failure: BudgetFailure } | undefined> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(undefined);
    let settled = false;
    const worker = new Worker(workerScript, {
      workerData: { mark: MARK, job },
      resourceLimits: { maxOldGenerationSizeMb: budget.heapMb },
      stdout: true,
      stderr: true,
    });
    const finish = (value: { analysis: Analysis; cpuMs: number } | { failure: BudgetFailure } | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      void worker.terminate();
      resolve(value);
    };
    const timer = setTimeout(() => finish({ failure: { reason: 'time', limitMs: budget.timeMs } }), budget.timeMs);
    const abort = () => finish(undefined);
    signal?.addEventListener('abort', abort);
    worker.on('message', (message: WorkerResult) => {
      const analysis: Analysis = { ...message.analysis, document: undefined };
      // A structured clone keeps data, not classes: the line index is rebuilt from the text.
      if (analysis.plan) analysis.plan.lines = new LineIndex(analysis.plan.text);
      finish({ analysis, cpuMs: message.cpuMs });
    });
    worker.on('error', (error: Error & { code?: string }) => {
      finish(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { failure: { reason: 'memory', limitMb: budget.heapMb } } : { failure: { reason: 'error', message: error.message } });
    });
    worker.on('exit', (code) => finish({ failure: { reason: 'error', message: `the analysis worker exited with code ${code}` } }));
  });
}

/** The one information diagnostic's message for a document not analyzed within the budget. */
export function budgetMessage(failure: BudgetFailure): string {
  if (failure.reason === 'time') return `planlint could not analyze this document within its time budget (${failure.limitMs / 1000} s), so it shows no findings for it. Diagnostics return after an edit that makes it analyzable.`;
  if (failure.reason === 'memory') return `planlint could not analyze this document within its memory budget (${failure.limitMb} MiB), so it shows no findings for it. Diagnostics return after an edit that makes it analyzable.`;
  return `planlint could not analyze this document (${failure.message}), so it shows no findings for it.`;
}
