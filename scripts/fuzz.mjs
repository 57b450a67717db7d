// Runs the property-based tests (test/property-*.test.ts) on 100,000 cases, or
// PLANLINT_FUZZ_RUNS, with a random seed, or PLANLINT_FUZZ_SEED to replay a run; prints the seed,
// the case count and the duration. Each test file runs in its own vitest process, in parallel
// (one fast-check run blocks its worker). Exit code 0 when every case passed.
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const runs = Number(process.env.PLANLINT_FUZZ_RUNS ?? 100_000);
const seed = process.env.PLANLINT_FUZZ_SEED !== undefined ? Number(process.env.PLANLINT_FUZZ_SEED) : Math.floor(Math.random() * 0x7fffffff);
if (!Number.isInteger(runs) || runs <= 0) throw new Error(`PLANLINT_FUZZ_RUNS must be a positive integer, got "${process.env.PLANLINT_FUZZ_RUNS}"`);
if (!Number.isInteger(seed)) throw new Error(`PLANLINT_FUZZ_SEED must be an integer, got "${process.env.PLANLINT_FUZZ_SEED}"`);
const progress = process.env.PLANLINT_FUZZ_PROGRESS ?? path.join(tmpdir(), `planlint-fuzz-${seed}.log`);
console.log(`planlint fuzz: ${runs} cases, seed ${seed} (replay: PLANLINT_FUZZ_SEED=${seed} npm run fuzz); progress in ${progress}`);
const started = Date.now();
const env = { ...process.env, PLANLINT_FUZZ_RUNS: String(runs), PLANLINT_FUZZ_SEED: String(seed), PLANLINT_FUZZ_PROGRESS: progress };
const files = ['test/property-generated.test.ts', 'test/property-corpus.test.ts'];
const codes = await Promise.all(
  files.map((file) => new Promise((resolve) => spawn('npx', ['vitest', 'run', file], { stdio: 'inherit', env }).on('close', (code) => resolve(code ?? 1)))),
);
const seconds = Math.round((Date.now() - started) / 1000);
const failed = files.filter((_, i) => codes[i] !== 0);
console.log(`planlint fuzz: ${runs} cases, seed ${seed}, ${seconds} s, ${failed.length ? `FAILED in ${failed.join(', ')}` : 'no failure'}`);
process.exit(failed.length ? 1 : 0);
