import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = path.join(__dirname, '..', 'server', 'src', 'core');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const abs = path.join(dir, f);
    return statSync(abs).isDirectory() ? files(abs) : abs.endsWith('.ts') ? [abs] : [];
  });
}

describe('architecture', () => {
  const core = files(CORE);

  it('keeps the core pure: no editor, filesystem, process or network imports', () => {
    const forbidden = /^(?:vscode|vscode-languageserver.*|vscode-languageclient.*|node:.*|fs|path|os|child_process|http|https|net|worker_threads|globby|picocolors|commander)$/;
    const offenders: string[] = [];
    for (const file of core) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2] ?? m[3]!;
        if (forbidden.test(spec)) offenders.push(`${path.relative(CORE, file)} imports ${spec}`);
      }
      if (/\bprocess\.(?:env|cwd|argv|exit|stdout|stderr)/.test(text)) offenders.push(`${path.relative(CORE, file)} uses process`);
    }
    expect(offenders).toEqual([]);
  });

  it('reads mdast only in the parser and the model builder; rules read the Plan', () => {
    const rules = core.filter((f) => f.includes(`${path.sep}rules${path.sep}`));
    expect(rules.length).toBe(21);
    for (const file of rules) expect(readFileSync(file, 'utf8'), path.basename(file)).not.toMatch(/from ['"](?:mdast|unified|remark-[\w-]+|mdast-util-[\w-]+)['"]/);
  });

  it('has one rule per file, named by its id', () => {
    for (const file of core.filter((f) => f.includes(`${path.sep}rules${path.sep}`) && !f.endsWith('index.ts'))) {
      expect(readFileSync(file, 'utf8')).toContain(`id: '${path.basename(file, '.ts')}'`);
    }
  });
});
