import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { planlint } from './helpers/cli.js';
import { CORPUS, hasCorpus } from './helpers/corpus.js';

// planlint's SARIF against the official SARIF 2.1.0 schema (test/schemas/README.md says where it
// comes from): on the public corpus, on a file whose name needs percent-encoding, and on a file
// outside the working directory.

const schema = JSON.parse(readFileSync(path.join(__dirname, 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
const ajv = new Ajv04({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const PLAN = '# Plan: ship search\n\n## Stage 1: Build the index\n\n- [ ] Index documents\n\n## Stage 2: Deploy to production\n\n- [ ] Deploy\n';

/** The schema's complaints about `log`, one line each (empty when it validates). */
function problems(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

async function sarifOf(args: string[], cwd: string): Promise<unknown> {
  const r = await planlint(['lint', '-f', 'sarif', ...args], cwd);
  return JSON.parse(r.stdout) as unknown;
}

describe('SARIF against the official 2.1.0 schema', () => {
  it.skipIf(!hasCorpus)('validates on the public corpus', async () => {
    const log = (await sarifOf(['public'], CORPUS)) as { runs: Array<{ results: unknown[] }> };
    expect(log.runs[0]!.results.length).toBeGreaterThan(50);
    expect(problems(log)).toEqual([]);
  });

  it('validates for a file named "my plan #1 план.md" and for a file outside the working directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'planlint-sarif-schema-'));
    const cwd = path.join(dir, 'repo');
    mkdirSync(cwd);
    writeFileSync(path.join(cwd, 'my plan #1 план.md'), PLAN);
    writeFileSync(path.join(dir, 'outside.md'), PLAN);
    const log = (await sarifOf(['my plan #1 план.md', path.join(dir, 'outside.md')], cwd)) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    const uris = new Set(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...uris].sort()).toEqual([`file://${encodeURI(path.join(dir, 'outside.md'))}`, 'my%20plan%20%231%20%D0%BF%D0%BB%D0%B0%D0%BD.md'].sort());
    expect(problems(log)).toEqual([]);
  });

  it('rejects a log the schema forbids (the check can fail)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'planlint-sarif-schema-'));
    writeFileSync(path.join(dir, 'plan.md'), PLAN);
    const log = (await sarifOf(['plan.md'], dir)) as { runs: Array<{ results: Array<{ level: string }> }> };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(problems(log).length).toBeGreaterThan(0);
  });
});
