import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../server/src/core/index.js';

const root = path.join(__dirname, '..');
const snippets = JSON.parse(readFileSync(path.join(root, 'snippets', 'plan.code-snippets'), 'utf8')) as Record<string, { prefix: string; body: string[]; description: string }>;
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: Record<string, unknown>; activationEvents: string[] };

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

  it('writes every default as a slot planlint reports as unfilled until it is filled', () => {
    const context = '# Plan: rotate the signing key\n\n## Stage 1: Build the verifier\n\n- [ ] Build it\n\n';
    for (const [name, s] of Object.entries(snippets)) {
      const prefix = name === 'Plan skeleton' ? '' : context;
      const offset = prefix.split('\n').length - 1;
      // Lines holding a slot with a default to replace (not a choice, not a stage number).
      const slotLines = s.body.flatMap((line, i) => (/\$\{\d+:(?!\d+\})/.test(line) ? [i + 1 + offset] : []));
      expect(slotLines.length, name).toBeGreaterThan(0);
      const result = analyze(prefix + expand(s.body), undefined, { force: true });
      const reported = new Set(result.findings.filter((f) => f.ruleId === 'placeholder-text').map((f) => f.span.start.line));
      expect(slotLines.filter((l) => !reported.has(l)), `${name}: slots left as they are but not reported`).toEqual([]);
    }
  });

  it('fills into a plan that lacks nothing: the plan skeleton with its slots filled in has no findings', () => {
    const filled: Record<number, string> = {
      1: 'rotate the signing key',
      2: 'The signing key is rotated yearly; this plan rotates it without downtime.',
      3: 'Tokens signed with the new key verify in every service.',
      4: 'Deploy the verifier',
      5: 'Priya',
      6: 'Ship verifier v2',
      7: 'unit tests for the verifier, run by `npm test`',
      8: '`npm test` passes with 0 failures',
      9: 'Old tokens fail verification',
      12: 'Keep both keys valid for 24 hours',
      13: 'Priya',
      14: 'error rate over 1% for 5 minutes',
      15: '`kubectl rollout undo deployment/verifier`',
      16: 'the dashboard shows v1 serving',
    };
    const body = snippets['Plan skeleton']!.body.map((line) => line.replace(/\$\{(\d+):[^}]*\}/g, (_, n: string) => filled[Number(n)] ?? `\${${n}:TBD}`));
    const plan = expand(body);
    expect(plan).not.toMatch(/TBD/);
    const result = analyze(plan);
    expect(result.isPlan).toBe(true);
    expect(result.findings.map((f) => f.ruleId)).toEqual([]);
    expect(result.score!.components.done).toMatchObject({ applicable: true, value: 1 });
  });

  it('has a user README for the Marketplace page: every command and setting, no developer instructions, links that resolve', () => {
    const page = readFileSync(path.join(root, 'docs', 'marketplace.md'), 'utf8');
    const c = manifest.contributes as { commands: Array<{ title: string }>; configuration: { properties: Record<string, unknown> } };
    expect(c.commands.map((x) => x.title).filter((t) => !page.includes(t))).toEqual([]);
    expect(Object.keys(c.configuration.properties).filter((k) => !page.includes(`\`${k}\``))).toEqual([]);
    expect(page).not.toMatch(/npm (?:ci|test|run)|vitest|git clone/);
    expect(readFileSync(path.join(root, 'scripts', 'package-vsix.mjs'), 'utf8')).toContain("'--readme-path', 'docs/marketplace.md'");
    for (const m of page.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(m[1]!)) continue;
      expect(() => readFileSync(path.join(root, 'docs', m[1]!)), m[1]).not.toThrow();
    }
  });

  it('contributes the grammar, snippets, schema validation and views it ships', () => {
    const c = manifest.contributes as { grammars: Array<{ path: string }>; snippets: Array<{ path: string }>; jsonValidation: Array<{ url: string }>; views: { explorer: Array<{ id: string }> } };
    for (const p of [...c.grammars.map((g) => g.path), ...c.snippets.map((s) => s.path), ...c.jsonValidation.map((j) => j.url)]) {
      expect(() => JSON.parse(readFileSync(path.join(root, p), 'utf8')), p).not.toThrow();
    }
    expect(c.views.explorer.map((v) => v.id)).toEqual(['planlint.outline']);
  });

  it('starts with a workspace that holds Markdown, not with the first plan opened (docs/performance.md, "Opening a plan in VS Code")', () => {
    expect(manifest.activationEvents).toContain('workspaceContains:**/*.{md,markdown,mdx}');
    expect(manifest.activationEvents).toContain('onLanguage:markdown');
  });
});
