import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SERVER } from './helpers/server.js';

function hasNvim(): boolean {
  try {
    execFileSync('nvim', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const available = hasNvim();
if (!available) {
  if (process.env.PLANLINT_REQUIRE_NVIM) throw new Error('PLANLINT_REQUIRE_NVIM is set but nvim is not installed');
  console.warn('nvim not found; the Neovim LSP client test is skipped (apt-get install neovim to run it).');
}

describe.skipIf(!available)("Neovim's built-in LSP client", () => {
  it('gets the plan diagnostics on open and after an edit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'planlint-nvim-'));
    const plan = path.join(dir, 'plan.md');
    const out = path.join(dir, 'out.json');
    writeFileSync(plan, '# Plan: x\n\n## Stage 1: Build\n\n- [ ] Build it\n\n## Stage 2: Ship\n\n- [ ] Ship it\n');
    await promisify(execFile)('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(__dirname, 'nvim', 'lsp-check.lua')}`], {
      env: { ...process.env, PLANLINT_SERVER: SERVER, PLAN_FILE: plan, OUT_FILE: out },
      timeout: 60_000,
    });
    const result = JSON.parse(readFileSync(out, 'utf8')) as { open: Array<{ line: number; code: string; source: string }>; edited: Array<{ line: number; code: string }>; errors: string[] };
    expect(result.errors).toEqual([]);
    expect(result.open.every((d) => d.source === 'planlint')).toBe(true);
    expect(result.open.filter((d) => d.code === 'missing-dod').map((d) => d.line)).toEqual([2, 6]);
    // The edit inserts three lines after line 3, with a DoD for Stage 1: Stage 2 moves to line 9.
    expect(result.edited.filter((d) => d.code === 'missing-dod').map((d) => d.line)).toEqual([9]);
  });
});
