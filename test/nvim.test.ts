import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

/** Neovim's version as [major, minor]. */
function nvimVersion(): [number, number] {
  const m = /NVIM v(\d+)\.(\d+)/.exec(execFileSync('nvim', ['--version'], { encoding: 'utf8' }));
  return [Number(m![1]), Number(m![2])];
}

/** The README's Lua block whose first line is `-- planlint: <title>`, as written. */
function readmeSnippet(title: string): string {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```lua\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.startsWith(`-- planlint: ${title}\n`));
  if (!block) throw new Error(`README.md has no Lua block starting "-- planlint: ${title}"`);
  return block;
}

describe.skipIf(!available)("Neovim's built-in LSP client, set up by the README's snippet", () => {
  it('gets the plan diagnostics on open and after an edit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'planlint-nvim-'));
    const plan = path.join(dir, 'plan.md');
    const out = path.join(dir, 'out.json');
    writeFileSync(plan, '# Plan: x\n\n## Stage 1: Build\n\n- [ ] Build it\n\n## Stage 2: Ship\n\n- [ ] Ship it\n');
    // The snippet runs `planlint-language-server` from PATH, as after `npm install -g`.
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'planlint-language-server'), `#!/bin/sh\nexec "${process.execPath}" "${SERVER}" "$@"\n`);
    chmodSync(path.join(bin, 'planlint-language-server'), 0o755);
    const [major, minor] = nvimVersion();
    const modern = major > 0 || minor >= 11;
    writeFileSync(path.join(dir, 'snippet.lua'), readmeSnippet(modern ? 'Neovim 0.11+' : 'Neovim 0.7+'));
    writeFileSync(path.join(dir, 'other.lua'), readmeSnippet(modern ? 'Neovim 0.7+' : 'Neovim 0.11+'));
    await promisify(execFile)('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(__dirname, 'nvim', 'lsp-check.lua')}`], {
      cwd: dir,
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, PLAN_FILE: plan, OUT_FILE: out, SNIPPET_FILE: path.join(dir, 'snippet.lua'), OTHER_SNIPPET_FILE: path.join(dir, 'other.lua') },
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
