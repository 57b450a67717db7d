import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { toCompact } from './format-compact.js';
import { toGithub } from './format-github.js';
import { toJunit } from './format-junit.js';
import { toStylish, type Palette } from './format-stylish.js';
import { toJson, toSarif, type FileReport, type SetReport } from './report.js';
import type { Io } from './io.js';

/** The formats of `planlint lint --format`. */
export const LINT_FORMATS = ['stylish', 'compact', 'json', 'sarif', 'github', 'junit'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

/** What a report is rendered from. */
export interface Rendering {
  files: FileReport[];
  sets: SetReport[];
  /** Arguments that matched no file and count as failures. */
  unmatched: number;
  verbose: boolean;
  palette: Palette;
}

/** `r` in `format`, ending with a newline unless empty. */
export function render(format: LintFormat, r: Rendering, cwd: string): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(toJson(r.files, r.sets), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(toSarif(r.files, cwd), null, 2)}\n`;
    case 'compact':
      return toCompact(r.files);
    case 'github':
      return toGithub(r.files);
    case 'junit':
      return toJunit(r.files);
    default:
      return `${toStylish(r.files, r.palette, { verbose: r.verbose, unmatched: r.unmatched })}\n`;
  }
}

/**
 * Writes `text` to stdout, or to `outputFile` (relative to the working directory; its folders
 * are created) when given.
 *
 * @returns an error message naming the file and the reason, or undefined
 */
export async function emit(text: string, outputFile: string | undefined, io: Io): Promise<string | undefined> {
  if (outputFile === undefined) {
    io.stdout(text);
    return undefined;
  }
  const file = path.resolve(io.cwd, outputFile);
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `${outputFile}: cannot write the report (${code ?? String(error)})`;
  }
}
