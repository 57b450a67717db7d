import * as path from 'node:path';
import { analyze, ConfigError, VERSION } from '../core/index.js';
import { decode } from '../node/encoding.js';
import { ConfigLoader } from '../node/files.js';
import { describeError, readFileBounded, ReadRefusal } from '../node/read.js';
import { EXIT, maxBytes, palette, relative, useColor, type Io } from './io.js';
import { scoreText, summaryLine } from './report.js';

/** Options of `planlint score`, as commander parses them. */
export interface ScoreOptions {
  format: 'text' | 'json';
  force?: boolean;
  config?: string;
  minScore?: number;
  color?: boolean;
  maxFileSizeMb?: number;
}

/** `planlint score FILE`: prints the completeness score and resolves to the exit code. */
export async function score(file: string, options: ScoreOptions, io: Io): Promise<number> {
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
