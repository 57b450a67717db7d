import * as path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createColors } from 'picocolors';
import { analyze, applySetPass, ConfigError, detectPlanSets, fixText, LineIndex, VERSION, type Analysis, type ResolvedConfig } from './core/index.js';
import { AnalysisPool, serveIfWorker, type AnalysisResult } from './cli/pool.js';
import { toJson, toSarif, toStylish, totals, scoreText, summaryLine, type FileReport, type Palette } from './cli/report.js';
import { decode } from './node/encoding.js';
import { ConfigLoader } from './node/files.js';
import { DEFAULT_MAX_BYTES, describeError, readFileBounded, ReadRefusal, type FileSnapshot } from './node/read.js';
import { expandPaths } from './node/walk.js';
import { writeFixedText } from './node/write.js';

/** Exit codes of `spec/rules.md`, "CLI output contract". */
export const EXIT = { ok: 0, findings: 1, failure: 2 } as const;

interface LintOptions {
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

/** Streams the CLI writes to; tests pass their own. */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  isTTY: boolean;
}

const defaultIo = (): Io => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY),
});

function intArg(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max === Number.MAX_SAFE_INTEGER ? '∞' : max}.`);
    return n;
  };
}

function sizeArg(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 1024) throw new InvalidArgumentError('--max-file-size-mb must be a number of megabytes above 0 and at most 1024.');
  return n;
}

function maxBytes(mb: number | undefined): number {
  return mb === undefined ? DEFAULT_MAX_BYTES : Math.floor(mb * 1024 * 1024);
}

function palette(enabled: boolean): Palette {
  const c = createColors(enabled);
  return { red: c.red, yellow: c.yellow, blue: c.blue, green: c.green, dim: c.dim, bold: c.bold, underline: c.underline };
}

function useColor(io: Io, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if ('NO_COLOR' in process.env) return false;
  if ('FORCE_COLOR' in process.env) return process.env.FORCE_COLOR !== '0';
  return io.isTTY;
}

function relative(io: Io, file: string): string {
  const rel = path.relative(io.cwd, file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code.
 * Never throws: failures print a message and resolve to 2.
 */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name('planlint')
    .description('Lint software implementation plans written in Markdown.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  program
    .command('lint', { isDefault: true })
    .description('lint plan files, directories (markdown files, honoring .gitignore) or globs')
    .argument('[paths...]', 'files, directories or globs', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json', 'sarif']).default('stylish'))
    .option('--fix', 'apply complete mechanical fixes (never placeholder text; section skeletons are editor suggestions); never deletes text')
    .option('--force', 'lint files even when they are not recognized as plans')
    .option('-c, --config <file>', 'use this config file instead of searching for .planlintrc.json')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings', intArg('--max-warnings', 0))
    .option('--min-score <n>', 'exit 1 when a plan scores below n (0-100)', intArg('--min-score', 0, 100))
    .option('-q, --quiet', 'report errors only')
    .option('--max-file-size-mb <n>', 'skip (and report) files larger than n megabytes', sizeArg, 5)
    .option('--color', 'force colored output')
    .option('--no-color', 'disable colored output')
    .action(async (paths: string[], options: LintOptions) => {
      exitCode = await lint(paths, options, io);
    });

  program
    .command('score')
    .description('print the completeness score of a plan, with each component and the counts behind it')
    .argument('<file>', 'a plan file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--force', 'score the file even when it is not recognized as a plan')
    .option('-c, --config <file>', 'use this config file')
    .option('--min-score <n>', 'exit 1 when the score is below n', intArg('--min-score', 0, 100))
    .option('--max-file-size-mb <n>', 'refuse a file larger than n megabytes', sizeArg, 5)
    .option('--color', 'force colored output')
    .option('--no-color', 'disable colored output')
    .action(async (file: string, options: ScoreOptions) => {
      exitCode = await score(file, options, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT.ok : EXIT.failure;
    }
    io.stderr(`planlint: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
  return exitCode;
}

async function lint(paths: string[], options: LintOptions, io: Io): Promise<number> {
  const loader = new ConfigLoader(options.config ? path.resolve(io.cwd, options.config) : undefined);
  let failed = false;
  let ignore: string[] = [];
  try {
    if (options.config) ignore = (await loader.forFile(io.cwd)).ignorePatterns;
  } catch (error) {
    io.stderr(`planlint: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
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
  const pool = poolSize ? new AnalysisPool(__filename, poolSize) : undefined;
  // The files of a plan set (a spec-kit or Kiro feature folder) are analyzed in process and
  // kept, for the cross-file pass once every file of the set is read.
  const sets = detectPlanSets(files);
  const inSet = new Map<string, SetAnalysis | undefined>(sets.flatMap((s) => s.files.map((f) => [f.path, undefined] as const)));
  let reports: Array<FileReport | 'config-error'>;
  try {
    reports = await mapLimit(files, 16, (file) => lintFile(file, options, loader, io, inSet.has(file) ? undefined : pool, inSet.has(file) ? (kept) => inSet.set(file, kept) : undefined));
  } finally {
    await pool?.close();
  }
  if (reports.includes('config-error')) return EXIT.failure;
  const done = reports as FileReport[];
  const position = new Map(files.map((file, i) => [file, i]));
  for (const set of sets) {
    const members = set.files.flatMap((f) => {
      const kept = inSet.get(f.path);
      const report = done[position.get(f.path)!];
      return kept && report ? [{ path: f.path, analysis: kept.analysis, config: kept.config, report, text: kept.text }] : [];
    });
    const analyses = applySetPass(members);
    members.forEach((m, i) => {
      const a = analyses[i]!;
      m.report.isPlan = a.isPlan;
      m.report.findings = a.findings;
      m.report.lines = a.findings.some((f) => f.fix || f.suggestions) ? new LineIndex(m.text) : undefined;
    });
  }
  if (unreadable.length) {
    for (const u of unreadable) done.push({ path: relative(io, u.file), isPlan: false, kind: 'not-a-plan', score: undefined, findings: [], lines: undefined, errors: [u.reason], unread: true });
    done.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
  for (const report of done) {
    if (report.errors.length) failed = true;
    if (options.quiet) report.findings = report.findings.filter((f) => f.severity === 'error');
  }
  const c = palette(useColor(io, options.color));
  if (options.format === 'json') io.stdout(`${JSON.stringify(toJson(done), null, 2)}\n`);
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

/** `fn` over `items` with at most `limit` calls in flight; results in the order of `items`. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
}

/** The analysis of a file of a plan set, kept for the cross-file pass. */
interface SetAnalysis {
  analysis: Analysis;
  config: ResolvedConfig;
  /** The text the analysis is of (after `--fix`). */
  text: string;
}

async function lintFile(file: string, options: LintOptions, loader: ConfigLoader, io: Io, pool: AnalysisPool | undefined, keep?: (kept: SetAnalysis) => void): Promise<FileReport | 'config-error'> {
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
    analysis = analyze(text, config, { force: options.force, path: file, screen: keep === undefined });
  }
  if (keep && 'plan' in analysis) keep({ analysis, config, text: analyzed });
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

interface ScoreOptions {
  format: 'text' | 'json';
  force?: boolean;
  config?: string;
  minScore?: number;
  color?: boolean;
  maxFileSizeMb?: number;
}

async function score(file: string, options: ScoreOptions, io: Io): Promise<number> {
  const abs = path.resolve(io.cwd, file);
  const loader = new ConfigLoader(options.config ? path.resolve(io.cwd, options.config) : undefined);
  let text: string;
  try {
    const config = await loader.forFile(abs);
    text = decode((await readFileBounded(abs, maxBytes(options.maxFileSizeMb))).bytes).text;
    const analysis = analyze(text, config, { force: options.force, path: abs });
    const shown = relative(io, abs);
    if (!analysis.score) {
      io.stderr(`planlint: ${shown} is ${analysis.kind === 'template' ? 'a template' : 'not a plan'} (use --force to score it anyway)\n`);
      return EXIT.failure;
    }
    const c = palette(useColor(io, options.color));
    if (options.format === 'json') io.stdout(`${JSON.stringify({ version: VERSION, path: shown, score: analysis.score }, null, 2)}\n`);
    else io.stdout(`${scoreText(shown, analysis.score, c)}\n${summaryLine([{ path: shown, isPlan: true, kind: analysis.kind, score: analysis.score, findings: analysis.findings, lines: undefined, errors: [] }], c)}\n`);
    if (options.minScore !== undefined && analysis.score.total < options.minScore) return EXIT.findings;
    return EXIT.ok;
  } catch (error) {
    const reason = error instanceof ReadRefusal ? error.reason : `cannot read file: ${describeError(error)}`;
    io.stderr(`planlint: ${error instanceof ConfigError ? error.message : `${file}: ${reason}`}\n`);
    return EXIT.failure;
  }
}

serveIfWorker();
