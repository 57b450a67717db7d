#!/usr/bin/env node
// Scores the built CLI against the hand-labelled real plans in ../shared/accuracy (beside the
// checkout, or PLANLINT_SHARED): precision and recall per rule, document kinds, and Kendall's
// tau of the completeness score against a reviewer's ranking. Arguments are passed on to
// score.mjs (--verbose, --min-precision P, --min-recall R, --min-tau T).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(process.env.PLANLINT_SHARED ?? join(root, '..', 'shared'));
const script = join(shared, 'accuracy', 'score.mjs');
if (!existsSync(script)) {
  console.error(`planlint accuracy: ${script} not found; expected the shared accuracy folder beside the checkout (or set PLANLINT_SHARED)`);
  process.exit(2);
}
const run = spawnSync(process.execPath, [script, '--cli', `${process.execPath} ${join(root, 'bin', 'planlint.js')}`, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 2);
