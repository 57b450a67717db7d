import * as path from 'node:path';
import { analyze, ConfigError } from '../core/index.js';
import { decode } from '../node/encoding.js';
import { RuleLoader } from './rule-loader.js';
import { megabytes } from '../node/read.js';
import { maxBytes, relative, type Io } from './io.js';
import type { Collected, LintOptions } from './lint.js';
import { fillReport, type FileReport } from './report.js';

/** The name a report gives standard input without `--stdin-filename`. */
export const STDIN_NAME = '<stdin>';

/** Reads all of the process's standard input, at most `limit + 1` bytes. */
export async function readProcessStdin(limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    total += chunk.length;
    if (total > limit) break;
  }
  return Buffer.concat(chunks, total);
}

/**
 * `planlint lint -`: lints standard input as one file. `--stdin-filename` names it: its path
 * finds the config (else the working directory's), decides template detection and is the path
 * of the report (else {@link STDIN_NAME}).
 *
 * @returns the report, or `failure` when the config is invalid (said on stderr)
 */
export async function collectStdin(options: Pick<LintOptions, 'config' | 'force' | 'maxFileSizeMb' | 'stdinFilename' | 'rule'>, io: Io): Promise<Collected | 'failure'> {
  const file = options.stdinFilename ? path.resolve(io.cwd, options.stdinFilename) : undefined;
  const shown = file ? relative(io, file) : STDIN_NAME;
  const report: FileReport = { path: shown, isPlan: false, kind: 'not-a-plan', score: undefined, findings: [], lines: undefined, errors: [] };
  let config;
  try {
    config = await RuleLoader.from(options, io.cwd).forFile(file ?? path.join(io.cwd, 'stdin.md'));
  } catch (error) {
    io.stderr(`planlint: ${error instanceof ConfigError ? error.message : String(error)}\n`);
    return 'failure';
  }
  const limit = maxBytes(options.maxFileSizeMb);
  let bytes: Buffer;
  try {
    bytes = await (io.readStdin ?? readProcessStdin)(limit);
  } catch (error) {
    return { reports: [{ ...report, unread: true, errors: [`cannot read standard input: ${error instanceof Error ? error.message : String(error)}`] }], sets: [], failed: false, unmatched: 0, passes: [] };
  }
  if (bytes.length > limit) {
    return { reports: [{ ...report, unread: true, errors: [`standard input is over the ${megabytes(limit)} MB size limit (--max-file-size-mb); not read`] }], sets: [], failed: false, unmatched: 0, passes: [] };
  }
  const text = decode(bytes).text;
  const analysis = analyze(text, config, { force: options.force, path: file });
  fillReport(report, analysis, text);
  return { reports: [report], sets: [], failed: false, unmatched: 0, passes: [] };
}
