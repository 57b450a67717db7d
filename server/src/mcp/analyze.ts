import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../core/index.js';
import { collect } from '../cli/lint.js';
import { relative, type Io } from '../cli/io.js';
import { fillReport, type FileReport } from '../cli/report.js';
import { DEFAULT_MAX_BYTES, megabytes } from '../node/read.js';
import { ConfigLoader } from '../node/files.js';

/** Which plan a tool call is about: its text, or the path of its file. */
export interface PlanInput {
  /** The Markdown of the plan. Exactly one of `text` and `path`. */
  text?: string;
  /** A plan file, absolute or relative to the server's working directory. */
  path?: string;
  /** With `text`: the file name it stands for (config lookup, templates, profiles); relative to the working directory. */
  filename?: string;
  /** Lint or score it even when it is not recognized as a plan. */
  force?: boolean;
}

/** A tool call the server refuses: the message says what was wrong and what was expected. */
export class InputError extends Error {}

/**
 * Analyzes the plan `input` names the way `planlint lint` would (the `.planlintrc.json` that
 * applies, plan sets, the 5 MB size limit) and returns its report.
 *
 * @param cwd the directory relative paths are resolved against (absolute)
 * @param worker the script the CLI's analysis worker threads run (unused for one file)
 * @throws {InputError} when neither or both of `text` and `path` are given, the file is missing,
 *   a directory or unreadable, the text is too large, or the config that applies is invalid
 */
export async function analyzePlan(input: PlanInput, cwd: string, worker: string): Promise<FileReport> {
  if ((input.text === undefined) === (input.path === undefined)) throw new InputError('Expected exactly one of "text" (the Markdown of a plan) and "path" (a plan file)');
  if (input.text !== undefined) return analyzeText(input.text, input, cwd);
  const abs = path.resolve(cwd, input.path!);
  const stat = await fs.stat(abs).catch(() => undefined);
  if (!stat) throw new InputError(`${input.path}: no such file; expected the path of a Markdown plan, absolute or relative to ${cwd}`);
  if (stat.isDirectory()) throw new InputError(`${input.path}: is a directory; expected the path of one Markdown plan file`);
  const messages: string[] = [];
  const io: Io = { stdout: () => undefined, stderr: (s) => messages.push(s.trim()), cwd, isTTY: false };
  const collected = await collect([abs], { force: input.force }, io, worker);
  const report = collected === 'failure' ? undefined : collected.reports[0];
  if (!report) throw new InputError(messages.join('\n') || `${input.path}: not linted`);
  if (report.unread) throw new InputError(`${report.path}: ${report.errors.join('; ')}`);
  return report;
}

function analyzeText(text: string, input: PlanInput, cwd: string): Promise<FileReport> {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > DEFAULT_MAX_BYTES) throw new InputError(`"text" is ${megabytes(bytes)} MB (UTF-8); expected at most ${megabytes(DEFAULT_MAX_BYTES)} MB`);
  const file = input.filename === undefined ? undefined : path.resolve(cwd, input.filename);
  return new ConfigLoader()
    .forFile(file ?? path.join(cwd, 'plan.md'))
    .then((config) => {
      const analysis = analyze(text, config, { force: input.force, ...(file ? { path: file } : {}) });
      const shown = file ? relative({ cwd, stdout: () => undefined, stderr: () => undefined, isTTY: false }, file) : '<text>';
      return fillReport({ path: shown, isPlan: false, kind: 'not-a-plan', score: undefined, findings: [], lines: undefined, errors: [] }, analysis, text);
    })
    .catch((error: unknown) => {
      throw new InputError(error instanceof Error ? error.message : String(error));
    });
}
