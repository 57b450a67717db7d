import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** The built CLI (`npm run build` first). */
export const BIN = path.join(__dirname, '..', '..', 'bin', 'planlint.js');

/** Result of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI with `args` in `cwd`, without color. `as` runs it as another user (a root
 * test process only); `input` is written to its standard input (else stdin is empty). Never
 * rejects: a non-zero exit code is in the result.
 */
export function planlint(args: string[], cwd: string, as?: { uid: number; gid: number }, input?: string | Buffer): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, ...as });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/** `--format json` output of a run: the printed paths and each file's errors. */
export function jsonFiles(r: CliResult): Array<{ path: string; kind: string; errors?: string[] }> {
  return (JSON.parse(r.stdout) as { files: Array<{ path: string; kind: string; errors?: string[] }> }).files;
}

/** True when the test process runs as root (permission checks do not apply to it). */
export const isRoot = process.getuid?.() === 0;

/** The unprivileged user a root test process runs the CLI as. */
export const NOBODY = { uid: 65534, gid: 65534 };

/** True when every byte of `a` appears in `b` in order: `b` only inserted bytes into `a`. */
export function onlyInsertedBytes(a: Uint8Array, b: Uint8Array): boolean {
  let i = 0;
  for (let j = 0; j < b.length && i < a.length; j++) if (a[i] === b[j]) i++;
  return i === a.length;
}

/** A two-stage plan with no DoD, tests or rollback: findings of several rules. */
export const WEAK_PLAN = '# Plan: ship search\n\n## Stage 1: Build the index\n\n- [ ] Index documents\n\n## Stage 2: Deploy to production\n\n- [ ] Deploy\n';

/** Writes `text` to `rel` under `dir`, making its folders; returns the file's path. */
export function writeUnder(dir: string, rel: string, text: string): string {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}
