import * as path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { createColors } from 'picocolors';
import { DEFAULT_MAX_BYTES } from '../node/read.js';
import type { Palette } from './format-stylish.js';

/** Exit codes of `spec/rules.md`, "CLI output contract". */
export const EXIT = { ok: 0, findings: 1, failure: 2 } as const;

/** Streams the CLI writes to; tests pass their own. */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  isTTY: boolean;
  /** Reads standard input (`planlint lint -`), at most `limit + 1` bytes; the process's stdin when absent. */
  readStdin?: (limit: number) => Promise<Buffer>;
}

/** The process's own streams and working directory. */
export const defaultIo = (): Io => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY),
});

/**
 * A commander argument parser for an integer option `name` within `[min, max]`; `note` is added
 * to the message of a value out of range (e.g. what -1 means).
 */
export function intArg(name: string, min: number, max = Number.MAX_SAFE_INTEGER, note = '') {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max === Number.MAX_SAFE_INTEGER ? '∞' : max}${note}.`);
    return n;
  };
}

/** The commander argument parser of `--max-file-size-mb` (megabytes, above 0, at most 1024). */
export function sizeArg(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 1024) throw new InvalidArgumentError('--max-file-size-mb must be a number of megabytes above 0 and at most 1024.');
  return n;
}

/** Bytes of `--max-file-size-mb` (the default when absent). */
export function maxBytes(mb: number | undefined): number {
  return mb === undefined ? DEFAULT_MAX_BYTES : Math.floor(mb * 1024 * 1024);
}

/** The colors of the stylish and text formats; every function is the identity when `enabled` is false. */
export function palette(enabled: boolean): Palette {
  const c = createColors(enabled);
  return { red: c.red, yellow: c.yellow, blue: c.blue, green: c.green, dim: c.dim, bold: c.bold, underline: c.underline };
}

/** Whether to color: `--color`/`--no-color`, then NO_COLOR / FORCE_COLOR, then whether stdout is a terminal. */
export function useColor(io: Io, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if ('NO_COLOR' in process.env) return false;
  if ('FORCE_COLOR' in process.env) return process.env.FORCE_COLOR !== '0';
  return io.isTTY;
}

/** `file` as printed: relative to the working directory when inside it, forward slashes. */
export function relative(io: Io, file: string): string {
  const rel = path.relative(io.cwd, file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}

/** `fn` over `items` with at most `limit` calls in flight; results in the order of `items`. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
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
