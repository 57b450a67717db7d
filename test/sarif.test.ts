import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BIN, planlint, type CliResult } from './helpers/cli.js';
import { CORPUS, hasCorpus } from './helpers/corpus.js';

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

/** Runs the built CLI in `cwd` with `env` added to the environment; never rejects. */
async function planlintEnv(args: string[], cwd: string, env: Record<string, string>): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as CliResult;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
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

  it('encodes "my plan #1 план.md" so that it resolves back to the file', async () => {
    const name = 'my plan #1 план.md';
    writeFileSync(path.join(dir, name), PLAN);
    const run = (await sarif([name])).runs[0]!;
    const location = run.results[0]!.locations[0]!.physicalLocation.artifactLocation;
    expect(location).toEqual({ uri: 'my%20plan%20%231%20%D0%BF%D0%BB%D0%B0%D0%BD.md', uriBaseId: '%SRCROOT%' });
    expect(fileURLToPath(new URL(location.uri, run.originalUriBaseIds['%SRCROOT%']!.uri))).toBe(path.join(dir, name));
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

describe('--format sarif rule help and automation details', () => {
  interface Descriptor { id: string; help: { text: string; markdown: string } }
  interface Run { automationDetails: { id: string }; tool: { driver: { rules: Descriptor[] } } }
  const run = async (env: Record<string, string> = {}) => {
    writeFileSync(path.join(dir, 'plan.md'), PLAN);
    const r = await planlintEnv(['lint', '-f', 'sarif', 'plan.md'], dir, env);
    return { ...r, run: r.code === 2 ? undefined : (JSON.parse(r.stdout) as { runs: Run[] }).runs[0]! };
  };

  it('gives every rule a help text and Markdown: rationale, what satisfies it, docs link', async () => {
    const { run: r } = await run();
    const rules = r!.tool.driver.rules;
    expect(rules.length).toBeGreaterThan(20);
    for (const d of rules) {
      expect(d.help.text, d.id).toContain(`docs/rules/${d.id}.md`);
      expect(d.help.markdown, d.id).toMatch(new RegExp(`\\[Documentation of ${d.id}\\]\\(https://\\S+/docs/rules/${d.id}\\.md\\)`));
    }
    const rollback = rules.find((d) => d.id === 'missing-rollback')!;
    expect(rollback.help.markdown).toContain('What satisfies it:');
    expect(rollback.help.markdown).toContain('- a Rollback section with trigger, steps and verification');
    expect(rollback.help.markdown).not.toMatch(/\{\w+\}/);
  });

  it('names the run planlint/ for code scanning, or the category PLANLINT_SARIF_CATEGORY gives', async () => {
    expect((await run()).run!.automationDetails).toEqual({ id: 'planlint/' });
    expect((await run({ PLANLINT_SARIF_CATEGORY: 'planlint-rfcs' })).run!.automationDetails).toEqual({ id: 'planlint-rfcs/' });
    const bad = await run({ PLANLINT_SARIF_CATEGORY: 'my docs' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('PLANLINT_SARIF_CATEGORY "my docs" is not a category');
  });
});

// The constraints of the SARIF 2.1.0 schema that planlint's output exercises, checked on the
// whole public corpus (the official schema itself is not available from the npm registry).
describe.runIf(hasCorpus)('--format sarif on the corpus', () => {
  interface Region { startLine: number; startColumn: number; endLine: number; endColumn: number }
  interface FullResult {
    ruleId: string;
    ruleIndex: number;
    level: string;
    message: { text: string };
    partialFingerprints: Record<string, string>;
    locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Region } }>;
  }
  interface FullRun {
    tool: { driver: { name: string; rules: Array<{ id: string; help: { text: string; markdown: string }; defaultConfiguration: { level: string } }> } };
    automationDetails: { id: string };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: string;
    results: FullResult[];
    invocations: Array<{ executionSuccessful: boolean }>;
  }

  it('gives every result a known rule, a level, a region of 1-based lines and columns, and a fingerprint', async () => {
    const r = await planlint(['lint', '-f', 'sarif', '.'], path.join(CORPUS, 'public'));
    expect(r.code, r.stderr).not.toBe(2);
    const log = JSON.parse(r.stdout) as { version: string; $schema: string; runs: FullRun[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.automationDetails.id).toMatch(/^[\w.\-/]+\/$/);
    expect(new URL(run.originalUriBaseIds['%SRCROOT%']!.uri).protocol).toBe('file:');
    const levels = ['none', 'note', 'warning', 'error'];
    for (const d of run.tool.driver.rules) expect(levels).toContain(d.defaultConfiguration.level);
    expect(run.results.length).toBeGreaterThan(50);
    const prints = new Set<string>();
    for (const x of run.results) {
      expect(run.tool.driver.rules[x.ruleIndex]?.id).toBe(x.ruleId);
      expect(levels).toContain(x.level);
      expect(x.message.text.length).toBeGreaterThan(0);
      const { artifactLocation, region } = x.locations[0]!.physicalLocation;
      expect(artifactLocation.uriBaseId).toBe('%SRCROOT%');
      // A relative reference whose every segment is percent-encoded: no space, '#', '?' or non-ASCII.
      expect(artifactLocation.uri).toMatch(/^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]+$/);
      expect(region.startLine).toBeGreaterThanOrEqual(1);
      expect(region.startColumn).toBeGreaterThanOrEqual(1);
      expect(region.endLine).toBeGreaterThanOrEqual(region.startLine);
      expect(region.endColumn).toBeGreaterThanOrEqual(1);
      const print = `${artifactLocation.uri}\0${x.partialFingerprints['planlint/v1']}`;
      expect(prints.has(print), print).toBe(false);
      prints.add(print);
    }
  });
});
