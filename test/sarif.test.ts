import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { planlint } from './helpers/cli.js';

// SARIF that GitHub code scanning accepts and can track: encoded artifact URIs relative to
// %SRCROOT% (absolute file URIs outside it) and partial fingerprints that survive moved lines.

const PLAN = '# Plan: ship search\n\n## Stage 1: Build the index\n\n- [ ] Index documents\n\n## Stage 2: Deploy to production\n\n- [ ] Deploy\n';

interface SarifResult {
  ruleId: string;
  partialFingerprints: Record<string, string>;
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }>;
}
interface SarifLog {
  runs: Array<{ results: SarifResult[]; originalUriBaseIds: Record<string, { uri: string }> }>;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'planlint-sarif-'));
});

async function sarif(args: string[], cwd = dir): Promise<SarifLog> {
  const r = await planlint(['lint', '-f', 'sarif', ...args], cwd);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as SarifLog;
}

describe('--format sarif', () => {
  it('percent-encodes file names and resolves them against %SRCROOT%, the working directory', async () => {
    const name = 'plans/Q3 #1 migración.md';
    mkdirSync(path.join(dir, 'plans'));
    writeFileSync(path.join(dir, name), PLAN);
    const log = await sarif(['plans']);
    const run = log.runs[0]!;
    const location = run.results[0]!.locations[0]!.physicalLocation.artifactLocation;
    expect(location).toEqual({ uri: 'plans/Q3%20%231%20migraci%C3%B3n.md', uriBaseId: '%SRCROOT%' });
    const base = run.originalUriBaseIds['%SRCROOT%']!.uri;
    expect(base.endsWith('/')).toBe(true);
    expect(fileURLToPath(new URL(location.uri, base))).toBe(path.join(dir, name));
  });

  it('gives a file outside the working directory as an absolute file URI', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'planlint-sarif-outside '));
    writeFileSync(path.join(outside, 'plan.md'), PLAN);
    const log = await sarif([path.join(outside, 'plan.md')]);
    const location = log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation;
    expect(location).toEqual({ uri: pathToFileURL(path.join(outside, 'plan.md')).href });
    expect(location.uri).toContain('%20');
  });

  it('keeps each finding\'s fingerprint when lines are added above it, and tells apart two findings with one message', async () => {
    writeFileSync(path.join(dir, 'plan.md'), PLAN);
    const before = (await sarif(['plan.md'])).runs[0]!.results;
    writeFileSync(path.join(dir, 'plan.md'), PLAN.replace('## Stage 1', 'Some context for the reader.\n\nMore context.\n\n## Stage 1'));
    const after = (await sarif(['plan.md'])).runs[0]!.results;
    expect(after.map((r) => r.locations[0]!.physicalLocation.region.startLine)).not.toEqual(before.map((r) => r.locations[0]!.physicalLocation.region.startLine));
    const prints = (rs: SarifResult[]) => rs.map((r) => r.partialFingerprints['planlint/v1']).sort();
    expect(prints(after)).toEqual(prints(before));
    expect(new Set(prints(before)).size).toBe(before.length);
  });
});
