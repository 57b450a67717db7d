import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCORE_COMPONENTS } from '../server/src/core/index.js';
import { BIN } from './helpers/cli.js';

// `planlint mcp` driven the way a coding agent drives it: the SDK's client spawns the CLI and
// speaks JSON-RPC over its stdin/stdout, lists the tools, then calls each on a plan.

const PLAN = [
  '# Plan: ship search',
  '',
  '## Stage 1: Build the index',
  '',
  '- [ ] Index documents',
  '',
  '## Stage 2: Deploy to production',
  '',
  '- [ ] Deploy',
  '',
].join('\n');

interface Finding {
  ruleId: string;
  line: number;
  endLine: number;
  message: string;
  fixable: boolean;
  suggestionCount: number;
}
interface Edit { line: number; column: number; endLine: number; endColumn: number; text: string }
interface Result { content: Array<{ type: string; text: string }>; structuredContent?: Record<string, unknown>; isError?: boolean }

let dir: string;
let client: Client;
let stderr = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'planlint-mcp-'));
  writeFileSync(path.join(dir, 'plan.md'), PLAN);
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], cwd: dir, stderr: 'pipe' });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  client = new Client({ name: 'planlint-test', version: '1.0.0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
});

const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as Result;

/** The JSON a tool returned, from its text content; the structured content must say the same. */
function payload<T>(r: Result): T {
  expect(r.isError, r.content[0]?.text).toBeFalsy();
  const parsed = JSON.parse(r.content[0]!.text) as T;
  expect(r.structuredContent).toEqual(parsed);
  return parsed;
}

describe('planlint mcp', () => {
  it('lists its three tools, each with a description and an input schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['lint_plan', 'plan_suggestions', 'score_plan']);
    for (const t of tools) {
      expect(t.description?.length, t.name).toBeGreaterThan(40);
      expect(Object.keys(t.inputSchema.properties ?? {}), t.name).toEqual(expect.arrayContaining(['text', 'path']));
    }
    expect(tools.find((t) => t.name === 'plan_suggestions')!.inputSchema.required).toEqual(expect.arrayContaining(['ruleId', 'line']));
  });

  it('lint_plan gives the same findings for a file and for its text', async () => {
    const byPath = payload<{ path: string; kind: string; score: number; findings: Finding[] }>(await call('lint_plan', { path: 'plan.md' }));
    expect(byPath.path).toBe('plan.md');
    expect(byPath.kind).toBe('plan');
    expect(byPath.score).toBeGreaterThanOrEqual(0);
    expect(byPath.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['missing-dod', 'missing-rollback']));
    const byText = payload<{ path: string; findings: Finding[] }>(await call('lint_plan', { text: PLAN, filename: 'plan.md' }));
    expect(byText.findings).toEqual(byPath.findings);
  });

  it('score_plan gives the total with each component', async () => {
    const r = payload<{ score: { total: number; components: Record<string, { applicable: boolean; weight: number }> } }>(await call('score_plan', { text: PLAN }));
    expect(r.score.total).toBeGreaterThanOrEqual(0);
    expect(r.score.total).toBeLessThanOrEqual(100);
    expect(Object.keys(r.score.components).sort()).toEqual([...SCORE_COMPONENTS].sort());
    const notPlan = await call('score_plan', { text: 'Some notes about lunch.\n' });
    expect(notPlan.isError).toBe(true);
    expect(notPlan.content[0]!.text).toContain('not a plan');
  });

  it('plan_suggestions gives the edits of a finding, by rule and line, that insert into the plan', async () => {
    const { findings } = payload<{ findings: Finding[] }>(await call('lint_plan', { path: 'plan.md' }));
    const dod = findings.find((f) => f.ruleId === 'missing-dod' && f.suggestionCount > 0)!;
    expect(dod).toBeDefined();
    const r = payload<{ findings: Array<{ ruleId: string; line: number; suggestions: Array<{ title: string; edits: Edit[] }> }> }>(
      await call('plan_suggestions', { path: 'plan.md', ruleId: 'missing-dod', line: dod.line }),
    );
    const found = r.findings.find((f) => f.line === dod.line)!;
    expect(found.suggestions.length).toBe(dod.suggestionCount);
    const edit = found.suggestions[0]!.edits[0]!;
    expect(edit.line).toBeGreaterThanOrEqual(1);
    expect(edit.line).toBeLessThanOrEqual(PLAN.split('\n').length);
    expect(edit.text).toMatch(/Definition of Done|Done when|DoD/i);
  });

  it('refuses what it cannot answer with a message that says what was expected', async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['lint_plan', {}, /exactly one of "text".*and "path"/],
      ['lint_plan', { text: PLAN, path: 'plan.md' }, /exactly one of/],
      ['lint_plan', { path: 'missing.md' }, /missing\.md: no such file/],
      ['lint_plan', { path: '.' }, /is a directory/],
      ['plan_suggestions', { path: 'plan.md', ruleId: 'missing-dodd', line: 1 }, /Unknown ruleId "missing-dodd"; expected one of .*missing-dod/],
      ['plan_suggestions', { path: 'plan.md', ruleId: 'missing-dod', line: 2 }, /No missing-dod finding covers line 2 of plan\.md; its findings start on line/],
    ];
    for (const [tool, args, message] of cases) {
      const r = await call(tool, args);
      expect(r.isError, `${tool} ${JSON.stringify(args)}`).toBe(true);
      expect(r.content[0]!.text).toMatch(message);
    }
    expect(stderr).toBe('');
  });
});
