import * as path from 'node:path';
import { analyze, ConfigError, declaredSet, detectPlanSets, fixText, frontMatterOf, type Analysis } from '../core/index.js';
import { decode } from '../node/encoding.js';
import { describeError, readFileBoundedSync, ReadRefusal, type FileSnapshot } from '../node/read.js';
import { expandPaths } from '../node/walk.js';
import { RuleLoader } from './rule-loader.js';
import { writeFixedText } from '../node/write.js';
import { EXIT, mapLimit, maxBytes, palette, relative, useColor, type Io } from './io.js';
import { AnalysisPool, type AnalysisResult } from './pool.js';
import { LintCache } from './cache.js';
import { totals } from './format-stylish.js';
import { IgnoreMatcher } from './ignore.js';
import { emit, render, type LintFormat } from './output.js';
import { printConfig } from './print-config.js';
import { setPass, setReport, type SetAnalysis } from './sets.js';
import { collectStdin } from './stdin.js';
import { fillReport, setResults, type FileReport, type SetReport } from './report.js';

/** Options of `planlint lint`, as commander parses them. */
export interface LintOptions {
  format: LintFormat;
  fix?: boolean;
  force?: boolean;
  config?: string;
  /** `--max-warnings`; -1 means no limit. */
  maxWarnings?: number;
  minScore?: number;
  quiet?: boolean;
  /** `--verbose`: list each file that is not a plan or is a template. */
  verbose?: boolean;
  color?: boolean;
  maxFileSizeMb?: number;
  /** `-o`: write the report to this file instead of stdout. */
  outputFile?: string;
  /** `--stdin`: lint standard input (as the path `-` does). */
  stdin?: boolean;
  /** The path standard input stands for: config lookup, template detection, the report's path. */
  stdinFilename?: string;
  /** `--rule` settings: rule id → severity or [severity, options]. */
  rule?: Record<string, unknown>;
  /** `--print-config FILE`: print the config of FILE and lint nothing. */
  printConfig?: string;
  cache?: boolean;
  cacheLocation?: string;
  /** False with `--no-error-on-unmatched-pattern`: a path or glob that matches nothing is not an error. */
  errorOnUnmatchedPattern?: boolean;
}

/**
 * `planlint lint PATHS`: reads and analyzes the files (standard input for `-`), runs the
 * plan-set pass, writes the reports in `options.format` to stdout or `--output-file` and
 * resolves to the exit code.
 *
 * @param worker the script the analysis worker threads run (the CLI bundle)
 */
export async function lint(paths: string[], options: LintOptions, io: Io, worker: string): Promise<number> {
  if (options.printConfig !== undefined) return printConfig(options.printConfig, options, io);
  const stdin = options.stdin === true || paths.includes('-') || (options.stdinFilename !== undefined && paths.length === 0);
  if (stdin && paths.some((p) => p !== '-')) {
    io.stderr(`planlint: standard input ('-') is linted alone; got other paths too: ${paths.filter((p) => p !== '-').join(' ')}\n`);
    return EXIT.failure;
  }
  if (stdin && options.fix) {
    io.stderr('planlint: --fix cannot write back to standard input; lint a file to fix it\n');
    return EXIT.failure;
  }
  const collected = stdin ? await collectStdin(options, io) : await collect(paths.length ? paths : ['.'], options, io, worker);
  if (collected === 'failure') return EXIT.failure;
  const { reports: done, sets: setReports } = collected;
  let failed = collected.failed;
  for (const report of done) {
    if (report.errors.length) failed = true;
    if (options.quiet) report.findings = report.findings.filter((f) => f.severity === 'error');
  }
  const color = options.outputFile === undefined ? useColor(io, options.color) : options.color === true;
  const text = render(options.format, { files: done, sets: setReports, unmatched: collected.unmatched, verbose: options.verbose === true, palette: palette(color) }, io.cwd);
  const writeError = await emit(text, options.outputFile, io);
  if (writeError) {
    io.stderr(`planlint: ${writeError}\n`);
    return EXIT.failure;
  }

  if (failed) return EXIT.failure;
  const t = totals(done);
  let code: number = t.errors > 0 ? EXIT.findings : EXIT.ok;
  if (options.maxWarnings !== undefined && options.maxWarnings >= 0 && t.warnings > options.maxWarnings) {
    io.stderr(`planlint: ${t.warnings} warnings exceed --max-warnings ${options.maxWarnings}\n`);
    code = EXIT.findings;
  }
  if (options.minScore !== undefined) {
    for (const r of done) {
      if (r.score && r.score.total < options.minScore) {
        io.stderr(`planlint: ${r.path} scores ${r.score.total}, below --min-score ${options.minScore}\n`);
        code = EXIT.findings;
      }
    }
  }
  return code;
}

/** What {@link collect} found: a report per file (sorted by path), the plan sets, and whether a path was missing. */
export interface Collected {
  reports: FileReport[];
  sets: SetReport[];
  /** True when an argument named nothing and that is an error (said on stderr). */
  failed: boolean;
  /** How many arguments matched nothing and count as failures. */
  unmatched: number;
  /** The plan sets with their members' analyses after the cross-file pass (for `planlint trace`). */
  passes: ReturnType<typeof setPass>;
}

/** Options of {@link collect}. */
export type CollectOptions = Pick<LintOptions, 'config' | 'fix' | 'force' | 'maxFileSizeMb' | 'rule' | 'cache' | 'cacheLocation' | 'errorOnUnmatchedPattern'>;

/**
 * Expands `paths`, reads, configures and analyzes every file (worker threads for many files,
 * in process for files that may form plan sets), then runs the cross-file pass of each set.
 * Messages about missing and skipped paths and invalid configs go to stderr.
 *
 * @returns the reports, or `failure` when a config is invalid (exit code 2)
 */
export async function collect(paths: string[], options: CollectOptions, io: Io, worker: string): Promise<Collected | 'failure'> {
  const loader = RuleLoader.from(options, io.cwd);
  try {
    // An invalid --rule or --config stops the run before any file is read.
    await loader.forFile(path.join(io.cwd, 'plan.md'));
  } catch (error) {
    if (options.config || !(error instanceof ConfigError) || error.file === '--rule') {
      io.stderr(`planlint: ${error instanceof Error ? error.message : String(error)}\n`);
      return 'failure';
    }
  }
  const expansion = await expandPaths(paths, io.cwd);
  const { missing, unreadable, skipped } = expansion;
  const strict = options.errorOnUnmatchedPattern !== false;
  for (const m of missing) if (strict || m.arg.startsWith('!')) io.stderr(`planlint: ${m.arg}: ${m.reason}\n`);
  const unmatched = strict ? missing.length : 0;
  let failed = unmatched > 0;
  for (const s of skipped) io.stderr(`planlint: ${relative(io, s.file)}: ${s.reason}\n`);
  // ignorePatterns of the config that applies to a file found in a directory or by a glob
  // (a file named on the command line is always linted, as .gitignore'd ones are).
  const named = new Set(paths.map((p) => path.resolve(io.cwd, p)));
  const said = new Set<string>();
  const ignore = new IgnoreMatcher();
  const files: string[] = [];
  for (const file of expansion.files) {
    if (named.has(file)) files.push(file);
    else {
      const config = await loader.forFile(file).catch(() => undefined);
      if (!config || !ignore.ignores(config, file, io.cwd)) files.push(file);
    }
  }
  const cache = options.cache && !options.fix ? await LintCache.open(options.cacheLocation, io.cwd) : undefined;
  // Many files without --fix are analyzed in parallel by worker threads; reading, config and
  // reporting stay here, and reports keep the order of the files.
  const poolSize = options.fix ? 0 : AnalysisPool.sizeFor(files.length);
  const pool = poolSize ? new AnalysisPool(worker, poolSize) : undefined;
  // The files that may belong to a plan set (a spec-kit or Kiro feature folder, a front matter
  // declaration, a `sets` entry of the config) are analyzed in process and kept, for the
  // cross-file pass once every file is read.
  const candidates = new Set(detectPlanSets(files).flatMap((s) => s.files.map((f) => f.path)));
  const kept = new Map<string, SetAnalysis>();
  let reports: Array<FileReport | 'config-error'>;
  try {
    reports = await mapLimit(files, 16, (file) => lintFile(file, options, loader, io, { pool, candidate: candidates.has(file), kept, said, cache }));
  } finally {
    await pool?.close();
  }
  try {
    await cache?.save();
  } catch (error) {
    io.stderr(`planlint: ${relative(io, cache!.file)}: cannot write the cache (${describeError(error)})\n`);
  }
  if (reports.includes('config-error')) return 'failure';
  const done = reports as FileReport[];
  const position = new Map(files.map((file, i) => [file, i]));
  const setReports: SetReport[] = [];
  const passes = setPass(files, kept);
  for (const { set, members } of passes) {
    setReports.push(setReport(set, members, (p) => relative(io, p)));
    members.forEach((m) => {
      // The cross-file pass keeps each file's kind and replaces its findings and score.
      setResults(done[position.get(m.path)!]!, m.analysis, m.text);
    });
  }
  if (unreadable.length) {
    for (const u of unreadable) done.push({ path: relative(io, u.file), isPlan: false, kind: 'not-a-plan', score: undefined, findings: [], lines: undefined, errors: [u.reason], unread: true });
    done.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
  return { reports: done, sets: setReports, failed, unmatched, passes };
}

/** What {@link lintFile} shares with the other files of a run. */
interface RunState {
  pool: AnalysisPool | undefined;
  /** Whether the file may belong to a plan set (then it is analyzed in process and kept). */
  candidate: boolean;
  kept: Map<string, SetAnalysis>;
  /** Config errors already printed (each is said once). */
  said: Set<string>;
  cache: LintCache | undefined;
}

async function lintFile(file: string, options: CollectOptions, loader: RuleLoader, io: Io, run: RunState): Promise<FileReport | 'config-error'> {
  const { candidate, kept } = run;
  const shown = relative(io, file);
  const report: FileReport = { path: shown, isPlan: false, kind: 'not-a-plan', score: undefined, findings: [], lines: undefined, errors: [] };
  let config;
  try {
    config = await loader.forFile(file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!run.said.has(message)) io.stderr(`planlint: ${message}\n`);
    run.said.add(message);
    return error instanceof ConfigError ? 'config-error' : { ...report, errors: [`cannot read config: ${String(error)}`] };
  }
  let snapshot: FileSnapshot;
  try {
    snapshot = readFileBoundedSync(file, maxBytes(options.maxFileSizeMb));
  } catch (error) {
    report.errors.push(error instanceof ReadRefusal ? error.reason : `cannot read file: ${describeError(error)}`);
    report.unread = true;
    return report;
  }
  const decoded = decode(snapshot.bytes);
  const text = decoded.text;
  const declaration = declaredSet(frontMatterOf(text));
  const keep = candidate || declaration?.set !== undefined || (config.sets?.entries.length ?? 0) > 0;
  const pool = keep ? undefined : run.pool;
  const cacheKey = run.cache && !keep && !options.fix ? run.cache.key(text, config, options.force === true) : undefined;
  const cached = cacheKey ? run.cache!.get(file, cacheKey) : undefined;
  let analysis: AnalysisResult | Analysis;
  let analyzed = text;
  if (options.fix) {
    const fixed = fixText(text, config, { force: options.force, path: file });
    analysis = fixed.analysis;
    analyzed = fixed.text;
    if (fixed.text !== text) {
      const failure = await writeFixedText(file, snapshot, decoded, fixed.text);
      if (failure) {
        report.errors.push(failure);
        analysis = analyze(text, config, { force: options.force, path: file });
        analyzed = text;
      }
    }
  } else if (cached) {
    analysis = cached;
  } else if (pool) {
    analysis = await pool.analyze(text, config, options.force === true, file);
  } else {
    // A set member keeps its model for the cross-file pass; any other file may be screened.
    analysis = analyze(text, config, { force: options.force, path: file, screen: !keep });
  }
  if (cacheKey && !cached) run.cache!.set(file, cacheKey, analysis);
  if (keep && 'plan' in analysis) kept.set(file, { analysis, config, text: analyzed, declaration });
  return fillReport(report, analysis, analyzed);
}
