import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { analyze, ConfigError, VERSION } from '../core/index.js';
import { decode } from '../node/encoding.js';
import { ConfigLoader } from '../node/files.js';
import { describeError, readFileBounded, ReadRefusal } from '../node/read.js';
import { EXIT, maxBytes, palette, relative, useColor, type Io } from './io.js';
import { collect } from './lint.js';
import { scoreText, summaryLine } from './format-stylish.js';
import type { FileReport } from './report.js';

/** Options of `planlint score`, as commander parses them. */
export interface ScoreOptions {
  format: 'text' | 'json';
  force?: boolean;
  config?: string;
  minScore?: number;
  color?: boolean;
  maxFileSizeMb?: number;
}

/**
 * `planlint score PATH`: prints the completeness score of a plan file, or of every plan under a
 * directory (plan sets scored together: their requirements component counts the whole set), and
 * resolves to the exit code.
 *
 * @param worker the script the analysis worker threads run (the CLI bundle), for a directory
 */
export async function score(file: string, options: ScoreOptions, io: Io, worker: string): Promise<number> {
  const abs = path.resolve(io.cwd, file);
  if (await isDirectory(abs)) return scoreDirectory(file, options, io, worker);
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
    if (options.minScore !== undefined && analysis.score.total < options.minScore) {
      io.stderr(`planlint: ${shown} scores ${analysis.score.total}, below --min-score ${options.minScore}\n`);
      return EXIT.findings;
    }
    return EXIT.ok;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = error instanceof ReadRefusal ? error.reason : code === 'ENOENT' ? 'no such file or directory' : `cannot read file: ${describeError(error)}`;
    io.stderr(`planlint: ${error instanceof ConfigError ? error.message : `${file}: ${reason}`}\n`);
    return EXIT.failure;
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `planlint score DIR`: the score of each plan under `dir` (templates and non-plans are left out),
 * then one line per plan set with its set-wide requirements. JSON: `{ version, files: [{ path,
 * score }], sets }`. Exit 1 when a plan scores below `--min-score`, 2 when nothing could be scored.
 */
async function scoreDirectory(dir: string, options: ScoreOptions, io: Io, worker: string): Promise<number> {
  const collected = await collect([dir], { config: options.config, force: options.force, maxFileSizeMb: options.maxFileSizeMb }, io, worker);
  if (collected === 'failure') return EXIT.failure;
  const scored = collected.reports.filter((r): r is FileReport & { score: NonNullable<FileReport['score']> } => r.score !== undefined);
  for (const r of collected.reports) for (const e of r.errors) io.stderr(`planlint: ${r.path}: ${e}\n`);
  if (scored.length === 0) {
    io.stderr(`planlint: ${dir} holds no plan to score (use --force to score every Markdown file)\n`);
    return EXIT.failure;
  }
  const c = palette(useColor(io, options.color));
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify({ version: VERSION, files: scored.map((r) => ({ path: r.path, score: r.score })), ...(collected.sets.length ? { sets: collected.sets } : {}) }, null, 2)}\n`);
  } else {
    const sets = collected.sets.map((s) => {
      const req = s.requirements;
      const value = req.applicable ? `${Math.round(req.value * 100)}%  ${req.detail}` : c.dim(`n/a  ${req.reason}`);
      return `${c.bold(`plan set ${s.folder}`)} ${c.dim(`(${s.profile})`)}: requirements ${value}`;
    });
    io.stdout(`${[...scored.map((r) => scoreText(r.path, r.score, c)), ...sets].join('\n\n')}\n\n${summaryLine([...scored, ...collected.reports.filter((r) => r.errors.length && !r.score)], c, collected.unmatched)}\n`);
  }
  if (collected.failed || collected.reports.some((r) => r.errors.length)) return EXIT.failure;
  if (options.minScore !== undefined && scored.some((r) => r.score.total < options.minScore!)) {
    for (const r of scored) if (r.score.total < options.minScore) io.stderr(`planlint: ${r.path} scores ${r.score.total}, below --min-score ${options.minScore}\n`);
    return EXIT.findings;
  }
  return EXIT.ok;
}
