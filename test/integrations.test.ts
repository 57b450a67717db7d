import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { LspSession } from '../server/src/tools/lsp-session.js';

// The integrations shipped in the repository (docs/integrations.md): their files have the shape
// their hosts document, and the commands they name work when run as the host runs them, with
// `planlint` and `planlint-language-server` on the PATH as a global install puts them.

const root = path.join(__dirname, '..');
const WEAK = '# Plan: ship search\n\n## Stage 1: Build the index\n\n- [ ] Index documents\n\n## Stage 2: Deploy to production\n\n- [ ] Deploy\n';

let bin: string;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  bin = mkdtempSync(path.join(tmpdir(), 'planlint-bin-'));
  symlinkSync(path.join(root, 'bin', 'planlint.js'), path.join(bin, 'planlint'));
  symlinkSync(path.join(root, 'bin', 'planlint-language-server.js'), path.join(bin, 'planlint-language-server'));
  env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1' };
});

const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

/** A plan folder with a weak plan whose name needs encoding, and a README that is not a plan. */
function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'planlint-ws-'));
  mkdirSync(path.join(dir, 'plans'));
  writeFileSync(path.join(dir, 'plans', 'weak plan, v1.md'), WEAK);
  writeFileSync(path.join(dir, 'README.md'), '# Notes\n\nNothing to plan here.\n');
  return dir;
}

interface Step {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

describe('GitHub Action (action.yml)', () => {
  const action = parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as Action;
  const step = (name: string) => action.runs.steps.find((s) => s.name === name)!;

  it('is a composite action whose inputs are described and defaulted', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['paths', 'format', 'args', 'version', 'upload-sarif', 'category', 'annotate', 'working-directory']));
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description.length, name).toBeGreaterThan(10);
      expect(input.default, name).toBeDefined();
    }
    for (const s of action.runs.steps) {
      if (s.run === undefined) continue;
      expect(s.shell, s.name).toBe('bash');
      // Inputs reach scripts through env, never spliced into the script (no script injection).
      expect(s.run, s.name).not.toContain('${{');
    }
  });

  it('uploads SARIF and annotates even when the lint step failed, and fails last', () => {
    const upload = step('Upload SARIF to code scanning');
    expect(upload.uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    expect(upload.if).toMatch(/^always\(\) && inputs\.upload-sarif == 'true'/);
    expect(upload.with).toEqual({ sarif_file: '${{ steps.sarif.outputs.sarif-file }}', category: '${{ inputs.category }}' });
    expect(step('Write SARIF').if).toBe('always()');
    expect(step('Annotate the pull request').if).toMatch(/^always\(\)/);
    const last = action.runs.steps.at(-1)!;
    expect(last.name).toBe('Fail on findings');
    expect(last.if).toContain('always()');
  });

  it('runs its lint, SARIF and annotation steps as a runner would', () => {
    const ws = workspace();
    const temp = mkdtempSync(path.join(tmpdir(), 'planlint-runner-'));
    const outputs: Record<string, Record<string, string>> = {};
    const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
    inputs.paths = 'plans README.md';
    const expr = (s: string) =>
      s.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_m, key: string) => {
        const [scope, a, b, c] = key.split('.');
        if (scope === 'inputs') return inputs[a!] ?? '';
        if (scope === 'runner' && a === 'temp') return temp;
        if (scope === 'github' && a === 'action_path') return root;
        if (scope === 'steps' && b === 'outputs') return outputs[a!]?.[c!] ?? '';
        throw new Error(`unexpected expression ${key}`);
      });
    const runStep = (name: string) => {
      const s = step(name);
      const githubOutput = path.join(temp, `${s.id ?? 'step'}.out`);
      writeFileSync(githubOutput, '');
      const stepEnv = Object.fromEntries(Object.entries(s.env ?? {}).map(([k, v]) => [k, expr(v)]));
      const r = spawnSync('bash', ['-e', '-c', s.run!], { cwd: path.resolve(ws, expr(s['working-directory'] ?? '.')), env: { ...env, ...stepEnv, GITHUB_OUTPUT: githubOutput, GITHUB_WORKSPACE: ws }, encoding: 'utf8' });
      if (s.id) outputs[s.id] = Object.fromEntries(readFileSync(githubOutput, 'utf8').split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
      return r;
    };

    const lint = runStep('Lint plans');
    expect(lint.status, lint.stderr).toBe(0);
    expect(lint.stdout).toContain('plans/weak plan, v1.md');
    expect(outputs.lint).toEqual({ 'exit-code': '0' });

    const sarif = runStep('Write SARIF');
    expect(sarif.status, sarif.stderr).toBe(0);
    const log = JSON.parse(readFileSync(outputs.sarif!['sarif-file']!, 'utf8')) as { runs: Array<{ automationDetails: { id: string }; results: unknown[] }> };
    expect(log.runs[0]!.automationDetails).toEqual({ id: 'planlint/' });
    expect(log.runs[0]!.results.length).toBeGreaterThan(0);

    const annotate = runStep('Annotate the pull request');
    expect(annotate.status, annotate.stderr).toBe(0);
    const lines = annotate.stdout.trim().split('\n');
    expect(lines.length).toBe(log.runs[0]!.results.length);
    expect(lines).toContainEqual(expect.stringMatching(/^::warning file=plans\/weak plan%2C v1\.md,line=\d+,.*title=planlint missing-rollback::Plan changes a running system/));

    // --max-warnings 0 makes the findings fail the job, after the upload.
    inputs.args = '--max-warnings 0';
    runStep('Lint plans');
    expect(outputs.lint).toEqual({ 'exit-code': '1' });
  });
});

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  const hooks = parse(readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;

  it('declares one node hook for Markdown files', () => {
    expect(hooks).toHaveLength(1);
    const hook = hooks[0]!;
    expect(hook).toMatchObject({ id: 'planlint', name: 'planlint', language: 'node', entry: 'planlint lint' });
    const files = new RegExp(hook.files as string);
    expect(['plan.md', 'docs/PLAN.markdown', 'a/b c.md'].filter((f) => files.test(f))).toHaveLength(3);
    expect(['plan.mdx', 'notes.txt', 'md', 'plan.md.bak'].filter((f) => files.test(f))).toEqual([]);
  });

  it('runs its entry with the staged file names as pre-commit does: findings fail the commit, a README passes', () => {
    const ws = workspace();
    const [command, ...args] = (hooks[0]!.entry as string).split(' ');
    const fail = spawnSync(command!, [...args, 'plans/weak plan, v1.md', 'README.md'], { cwd: ws, env, encoding: 'utf8' });
    expect(fail.stdout).toContain('missing-rollback');
    writeFileSync(path.join(ws, '.planlintrc.json'), '{ "rules": { "missing-rollback": "error" } }');
    expect(spawnSync(command!, [...args, 'plans/weak plan, v1.md', 'README.md'], { cwd: ws, env, encoding: 'utf8' }).status).toBe(1);
    const pass = spawnSync(command!, [...args, 'README.md'], { cwd: ws, env, encoding: 'utf8' });
    expect(pass.status, pass.stdout + pass.stderr).toBe(0);
  });
});

/** Starts `command args` as an LSP client host does, opens the weak plan and resolves to its diagnostics. */
async function diagnosticsFrom(command: string, args: string[]): Promise<PublishDiagnosticsParams> {
  const ws = workspace();
  const s = new LspSession(spawn(command, args, { cwd: ws, env, stdio: ['pipe', 'pipe', 'inherit'] }));
  const uri = pathToFileURL(path.join(ws, 'plans', 'weak plan, v1.md')).href;
  try {
    await s.initialize({}, pathToFileURL(ws).href);
    await s.open(uri, WEAK);
    return await s.diagnostics((p) => p.uri === uri);
  } finally {
    s.connection.dispose();
    s.process.kill();
  }
}

describe('coding agents', () => {
  it('Claude Code: the marketplace lists the plugin, whose manifest names the language server and the MCP server', () => {
    const marketplace = readJson('.claude-plugin/marketplace.json') as { name: string; owner: { name: string }; plugins: Array<{ name: string; source: string }> };
    expect(marketplace.name).toMatch(/^[a-z0-9-]+$/);
    expect(marketplace.owner.name).toBeTruthy();
    expect(marketplace.plugins).toEqual([expect.objectContaining({ name: 'planlint', source: './integrations/claude-code' })]);
    const plugin = readJson('integrations/claude-code/.claude-plugin/plugin.json') as {
      name: string;
      version: string;
      lspServers: Record<string, { command: string; args: string[]; extensionToLanguage: Record<string, string> }>;
      mcpServers: Record<string, { command: string; args: string[] }>;
    };
    expect(plugin.name).toBe('planlint');
    expect(plugin.version).toBe(readJson('package.json').version);
    expect(plugin.lspServers.planlint).toEqual({ command: 'planlint-language-server', args: ['--stdio'], extensionToLanguage: { '.md': 'markdown', '.markdown': 'markdown' } });
    expect(plugin.mcpServers.planlint).toEqual({ command: 'planlint', args: ['mcp'] });
  });

  it('OpenCode: opencode.json names the language server for Markdown and the MCP server', () => {
    const config = readJson('integrations/opencode/opencode.json') as {
      $schema: string;
      lsp: Record<string, { command: string[]; extensions: string[] }>;
      mcp: Record<string, { type: string; command: string[]; enabled: boolean }>;
    };
    expect(config.$schema).toBe('https://opencode.ai/config.json');
    expect(config.lsp.planlint).toEqual({ command: ['planlint-language-server', '--stdio'], extensions: ['.md', '.markdown'] });
    expect(config.mcp.planlint).toEqual({ type: 'local', command: ['planlint', 'mcp'], enabled: true });
  });

  it('the language server command of both starts the server over stdio and it publishes findings', async () => {
    const claude = (readJson('integrations/claude-code/.claude-plugin/plugin.json') as { lspServers: { planlint: { command: string; args: string[] } } }).lspServers.planlint;
    const opencode = (readJson('integrations/opencode/opencode.json') as { lsp: { planlint: { command: string[] } } }).lsp.planlint.command;
    expect([claude.command, ...claude.args]).toEqual(opencode);
    const { diagnostics } = await diagnosticsFrom(claude.command, claude.args);
    expect(diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['missing-rollback']));
    expect(diagnostics.every((d) => d.source === 'planlint')).toBe(true);
  });

  it('the MCP server command of both answers tools/list', async () => {
    const { command, args } = (readJson('integrations/claude-code/.claude-plugin/plugin.json') as { mcpServers: { planlint: { command: string; args: string[] } } }).mcpServers.planlint;
    expect([command, ...args]).toEqual((readJson('integrations/opencode/opencode.json') as { mcp: { planlint: { command: string[] } } }).mcp.planlint.command);
    const client = new Client({ name: 'planlint-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command, args, cwd: workspace(), env: env as Record<string, string> }));
    try {
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['lint_plan', 'plan_suggestions', 'score_plan']);
    } finally {
      await client.close();
    }
  });
});
