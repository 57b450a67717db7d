/**
 * Linting one document's text for the language server: the enable setting, the size limit,
 * the analysis (in process, or in a worker within a budget for large texts) and the
 * conversion to diagnostics. A text it cannot analyze gets one information diagnostic saying
 * why, never a thrown error.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { analyze, type Analysis, type AnalysisProblem, type ParsedDocument, type ResolvedConfig, type Settings } from '../core/index.js';
import { SIZE_LIMIT_CODE, sizeLimitMessage } from '../protocol.js';
import { analyzeInWorker, budgetMessage, type Budget } from './analysis-worker.js';
import * as features from './features.js';

/** The analysis of a document that was not analyzed (disabled, too large, over budget). */
export const EMPTY: Analysis = { plan: undefined, document: undefined, isPlan: false, kind: 'not-a-plan', kindReason: 'not analyzed', findings: [], score: undefined, problems: [] };

/**
 * Documents of more UTF-16 code units than this are analyzed in a worker thread, off the
 * main thread (about 1.5 s of analysis on a generated plan; smaller ones take the incremental
 * path in process). `PLANLINT_WORKER_MIN_CHARS` overrides it.
 */
export const WORKER_MIN_CHARS = Number(process.env.PLANLINT_WORKER_MIN_CHARS ?? 512 * 1024);

/**
 * The budget of one worker analysis: a 5 MB plan takes about 15 s on a slow core.
 * `PLANLINT_ANALYSIS_TIME_LIMIT_MS` and `PLANLINT_ANALYSIS_HEAP_MB` override it.
 */
export const BUDGET: Budget = {
  timeMs: Number(process.env.PLANLINT_ANALYSIS_TIME_LIMIT_MS ?? 60_000),
  heapMb: Number(process.env.PLANLINT_ANALYSIS_HEAP_MB ?? 2048),
};

/** Line 1, column 1: where document-level information diagnostics go. */
export const LINE_ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** An analysis and its diagnostics. */
export interface Linted {
  analysis: Analysis;
  diagnostics: Diagnostic[];
  /** For an analysis in a worker: the CPU milliseconds the process used meanwhile (see {@link analyzeInWorker}). */
  cpuMs?: number;
}

/** What {@link lintDocument} lints, and how. */
export interface LintJob {
  uri: string;
  /** The document version, carried in each diagnostic for its quick fixes. */
  version: number;
  text: string;
  settings: Settings;
  config: ResolvedConfig;
  /** A config file problem, shown first on a plan. */
  problem: Diagnostic | undefined;
  /** Lint as a plan whatever the document is (`planlint.include`). */
  force: boolean;
  /** The previous parse of the document, for an incremental analysis in process. */
  previous?: ParsedDocument;
  /** Ends a worker analysis early: the result is then undefined. */
  signal?: AbortSignal;
  /** Analyze in process even over {@link WORKER_MIN_CHARS} (a large document known to analyze quickly). */
  inProcess?: boolean;
  /** Where analysis problems are reported (the client's log). */
  log: (message: string) => void;
}

/** A diagnostic of the analysis itself (not a finding) on the start of 0-based `line`. */
function analysisDiagnostic(code: string, message: string, severity: DiagnosticSeverity = DiagnosticSeverity.Information, line = 0): Diagnostic {
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, severity, source: 'planlint', code, message };
}

/**
 * One diagnostic for a problem the analysis contained: a rule or model pass that threw and was
 * skipped for this document (`analysis-problem`, a warning on line 1: findings may be missing),
 * or a limit the document ran into (`analysis-limit`, information, on the line where it applied).
 */
function problemDiagnostic(problem: AnalysisProblem): Diagnostic {
  if (problem.severity !== 'info') return analysisDiagnostic('analysis-problem', problem.message, DiagnosticSeverity.Warning);
  return analysisDiagnostic('analysis-limit', problem.message, DiagnosticSeverity.Information, Math.max(0, (problem.line ?? 1) - 1));
}

const info = (code: string, message: string): Diagnostic => analysisDiagnostic(code, message);

/**
 * Lints `job.text`: nothing when disabled; one `size-limit` diagnostic over
 * `planlint.maxDocumentSizeMB`; texts over {@link WORKER_MIN_CHARS} in a worker within
 * {@link BUDGET} (one `analysis-budget` diagnostic when they do not fit); one `analysis-error`
 * diagnostic when the analysis throws; one diagnostic per contained problem (a rule or pass
 * that threw, a limit the document ran into). Resolves to undefined only when `job.signal` ended it.
 */
export async function lintDocument(job: LintJob): Promise<Linted | undefined> {
  const { uri, text, settings } = job;
  if (!settings.enable) return { analysis: EMPTY, diagnostics: [] };
  const limit = settings.maxDocumentSizeMB * 1024 * 1024;
  if (text.length > limit / 4 && Buffer.byteLength(text) > limit) {
    return { analysis: EMPTY, diagnostics: [info(SIZE_LIMIT_CODE, sizeLimitMessage(Buffer.byteLength(text), settings.maxDocumentSizeMB))] };
  }
  // A document is linted for what it is (plan, template, not a plan), as the CLI does; a
  // template or non-plan still gets its conflict markers.
  const options = { path: URI.parse(uri).path, force: job.force };
  let analysis: Analysis;
  let cpuMs: number | undefined;
  if (text.length > WORKER_MIN_CHARS && !job.inProcess) {
    // The server bundle is the worker's script too (see server.ts).
    const result = await analyzeInWorker(__filename, { text, config: job.config, options }, BUDGET, job.signal);
    if (!result) return undefined;
    if ('failure' in result) {
      job.log(`${uri}: ${budgetMessage(result.failure)}`);
      return { analysis: EMPTY, diagnostics: [info('analysis-budget', budgetMessage(result.failure))] };
    }
    analysis = result.analysis;
    cpuMs = result.cpuMs;
  } else {
    try {
      analysis = analyze(text, job.config, { ...options, previous: job.previous });
    } catch (error) {
      // The core contains rule failures itself; this is the last line of defence.
      const message = budgetMessage({ reason: 'error', message: error instanceof Error ? error.message : String(error) });
      job.log(`${uri}: ${error instanceof Error ? (error.stack ?? message) : message}`);
      return { analysis: EMPTY, diagnostics: [info('analysis-error', message)] };
    }
  }
  for (const p of analysis.problems) job.log(`${uri}: ${p.message}`);
  return { analysis, diagnostics: toDiagnostics(uri, job.version, analysis, job.problem), ...(cpuMs === undefined ? {} : { cpuMs }) };
}

/**
 * The diagnostics of an analysis that ran: its findings (for a plan, or a non-plan with
 * findings), the config file problem first on a plan, and one diagnostic per contained problem.
 */
export function toDiagnostics(uri: string, version: number, analysis: Analysis, problem: Diagnostic | undefined): Diagnostic[] {
  const diagnostics = analysis.isPlan || analysis.findings.length ? features.diagnostics({ uri, version, analysis }) : [];
  if (problem && analysis.isPlan) diagnostics.unshift(problem);
  diagnostics.push(...analysis.problems.map(problemDiagnostic));
  return diagnostics;
}
