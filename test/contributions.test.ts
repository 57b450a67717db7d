import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../server/src/core/index.js';

const root = path.join(__dirname, '..');
const snippets = JSON.parse(readFileSync(path.join(root, 'snippets', 'plan.code-snippets'), 'utf8')) as Record<string, { prefix: string; body: string[]; description: string }>;
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: Record<string, unknown> };

/** A snippet body with its tab stops and placeholders replaced by their default text (innermost first). */
function expand(body: string[]): string {
  let text = body.join('\n').replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1');
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/\$\{\d+:([^{}]*)\}/g, '$1');
  }
  return text.replace(/\$\d+/g, '');
}

describe('static contributions', () => {
  it('has the snippets the extension promises, each with tab stops', () => {
    expect(Object.values(snippets).map((s) => s.prefix).sort()).toEqual(['dod', 'gates', 'plan', 'requirements', 'risks', 'rollback', 'stage', 'tests']);
    for (const [name, s] of Object.entries(snippets)) {
      expect(s.body.join('\n'), name).toMatch(/\$\{1[:|]/);
      expect(s.description, name).toMatch(/^planlint: /);
    }
  });

  it('expands the plan skeleton into a plan that only lacks what its placeholders ask for', () => {
    const plan = expand(snippets['Plan skeleton']!.body);
    const result = analyze(plan);
    expect(result.isPlan).toBe(true);
    expect(result.findings.map((f) => f.ruleId)).toEqual([]);
    expect(result.score!.components.done).toMatchObject({ applicable: true, value: 1 });
  });

  it('contributes the grammar, snippets, schema validation and views it ships', () => {
    const c = manifest.contributes as { grammars: Array<{ path: string }>; snippets: Array<{ path: string }>; jsonValidation: Array<{ url: string }>; views: { explorer: Array<{ id: string }> } };
    for (const p of [...c.grammars.map((g) => g.path), ...c.snippets.map((s) => s.path), ...c.jsonValidation.map((j) => j.url)]) {
      expect(() => JSON.parse(readFileSync(path.join(root, p), 'utf8')), p).not.toThrow();
    }
    expect(c.views.explorer.map((v) => v.id)).toEqual(['planlint.outline']);
  });
});
