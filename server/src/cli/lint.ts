import * as path from 'node:path';
import { analyze, ConfigError, declaredSet, detectPlanSets, fixText, frontMatterOf, LineIndex, type Analysis } from '../core/index.js';
import { decode } from '../node/encoding.js';
import { ConfigLoader } from '../node/files.js';
import { describeError, readFileBounded, ReadRefusal, type FileSnapshot } from '../node/read.js';
import { expandPaths } from '../node/walk.js';
import { writeFixedText } from '../node/write.js';
import { EXIT, mapLimit, maxBytes, palette, relative, useColor, type Io } from './io.js';
import { AnalysisPool, type AnalysisResult } from './pool.js';
import { setPass, setReport, type SetAnalysis } from './sets.js';
import { toJson, toSarif, toStylish, totals, type FileReport, type SetReport } from './report.js';

/** Options of `planlint lint`, as commander parses them. */
export interface LintOptions {
  format: 'stylish' | 'json' | 'sarif';
  fix?: boolean;
  force?: boolean;
  config?: string;
  maxWarnings?: number;
  minScore?: number;
  quiet?: boolean;
  color?: boolean;
  maxFileSizeMb?: number;
}

/**
 * `planlint lint PATHS`: reads and analyzes the files, runs the plan-set pass, prints the
 * reports in `options.format` and resolves to the exit code.
 *
 * @param worker the script the analysis worker threads run (the CLI bundle)
 */
export async function lint(paths: string[], options: LintOptions, io: Io, worker: string): Promise<number> {
  const collected = await collect(paths, options, io, worker);
  if (collected === 'failure') return EXIT.failure;
  const { reports: done, sets: setReports } = collected;
  let failed = collected.failed;
  for (const report of done) {
    if (report.errors.length) failed = true;
    if (options.quiet) report.findings = report.findings.filter((f) => f.severity === 'error');
  }
  const c = palette(useColor(io, options.color));
  if (options.format === 'json') io.stdout(`${JSON.stringify(toJson(done, setReports), null, 2)}\n`);
  else if (options.format === 'sarif') io.stdout(`${JSON.stringify(toSarif(done, io.cwd), null, 2)}\n`);
  else io.stdout(`${toStylish(options.quiet ? done.filter((r) => r.isPlan || r.errors.length) : done, c)}\n`);

  if (failed) return EXIT.failure;
  const t = totals(done);
  let code: number = t.errors > 0 ? EXIT.findings : EXIT.ok;
  if (options.maxWarnings !== undefined && t.warnings > options.maxWarnings) {
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
  /** True when an argument named nothing (said on stderr). */
  failed: boolean;
  /** The plan sets with their members' analyses after the cross-file pass (for `planlint trace`). */
  passes: ReturnType<typeof setPass>;
}

/**
 * Expands `paths`, reads, configures and analyzes every file (worker threads for many files,
 * in process for files that may form plan sets), then runs the cross-file pass of each set.
 * Messages about missing and skipped paths and invalid configs go to stderr.
 *
 * @returns the reports, or `failure` when a config is invalid (exit code 2)
 */
export async function collect(paths: string[], options: Pick<LintOptions, 'config' | 'fix' | 'force' | 'maxFileSizeMb'>, io: Io, worker: string): Promise<Collected | 'failure'> {
  const loader = new ConfigLoader(options.config ? path.resolve(io.cwd, options.config) : undefined);
  let failed = false;
  let ignore: string[] = [];
  try {
    if (options.config) ignore = (await loader.forFile(io.cwd)).ignorePatterns;
  } catch (error) {
    io.stderr(`planlint: ${error instanceof Error ? error.message : String(error)}\n`);
    return 'failure';
  }
  const { files, missing, unreadable, skipped } = await expandPaths(paths, io.cwd, ignore);
  for (const m of missing) {
    io.stderr(`planlint: ${m.arg}: ${m.reason}\n`);
    failed = true;
  }
  for (const s of skipped) io.stderr(`planlint: ${relative(io, s.file)}: ${s.reason}\n`);
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
    reports = await mapLimit(files, 16, (file) => lintFile(file, options, loader, io, pool, candidates.has(file), kept));
  } finally {
    await pool?.close();
  }
  if (reports.includes('config-error')) return 'failure';
  const done = reports as FileReport[];
  const position = new Map(files.map((file, i) => [file, i]));
  const setReports: SetReport[] = [];
  const passes = setPass(files, kept);
  for (const { set, members } of passes) {
    setReports.push(setReport(set, members, (p) => relative(io, p)));
    members.forEach((m) => {
      const report = done[position.get(m.path)!]!;
      report.isPlan = m.analysis.isPlan;
      report.findings = m.analysis.findings;
      report.score = m.analysis.score;
      report.lines = m.analysis.findings.some((f) => f.fix || f.suggestions) ? new LineIndex(m.text) : undefined;
    });
  }
  if (unreadable.length) {
    for (const u of unreadable) done.push({ path: relative(io, u.file), isPlan: false, kind: 'not-a-plan', score: undefined, findings: [], lines: undefined, errors: [u.reason], unread: true });
    done.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
  return { reports: done, sets: setReports, failed, passes };
}

async function lintFile(file: string, options: Pick<LintOptions, 'fix' | 'force' | 'maxFileSizeMb'>, loader: ConfigLoader, io: Io, sharedPool: AnalysisPool | undefined, candidate: boolean, kept: Map<string, SetAnalysis>): Promise<FileReport | 'config-error'> {
  const shown = relative(io, file);
  const report: FileReport = { path: shown, isPlan: false, kind: 'not-a-plan', score: undefined, findings: [], lines: undefined, errors: [] };
  let config;
  try {
    config = await loader.forFile(file);
  } catch (error) {
    io.stderr(`planlint: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof ConfigError ? 'config-error' : { ...report, errors: [`cannot read config: ${String(error)}`] };
  }
  let snapshot: FileSnapshot;
  try {
    snapshot = await readFileBounded(file, maxBytes(options.maxFileSizeMb));
  } catch (error) {
    report.errors.push(error instanceof ReadRefusal ? error.reason : `cannot read file: ${describeError(error)}`);
    report.unread = true;
    return report;
  }
  const decoded = decode(snapshot.bytes);
  const text = decoded.text;
  const declaration = declaredSet(frontMatterOf(text));
  const keep = candidate || declaration?.set !== undefined || (config.sets?.entries.length ?? 0) > 0;
  const pool = keep ? undefined : sharedPool;
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
  } else if (pool) {
    analysis = await pool.analyze(text, config, options.force === true, file);
  } else {
    // A set member keeps its model for the cross-file pass; any other file may be screened.
    analysis = analyze(text, config, { force: options.force, path: file, screen: !keep });
  }
  if (keep && 'plan' in analysis) kept.set(file, { analysis, config, text: analyzed, declaration });
  report.isPlan = analysis.isPlan;
  report.kind = analysis.kind;
  report.score = analysis.score;
  report.findings = analysis.findings;
  report.lines = analysis.findings.some((f) => f.fix || f.suggestions) ? new LineIndex(analyzed) : undefined;
  report.errors.push(...analysis.problems.filter((p) => p.severity !== 'info').map((p) => p.message));
  const notices = analysis.problems.filter((p) => p.severity === 'info').map((p) => p.message);
  if (notices.length) report.notices = notices;
  return report;
}
