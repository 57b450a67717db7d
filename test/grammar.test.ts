import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

const root = path.join(__dirname, '..');
let grammar: IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(path.join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const injection = readFileSync(path.join(root, 'syntaxes', 'planlint.injection.tmLanguage.json'), 'utf8');
  // A minimal host with the scopes the injection selector excludes; VS Code injects into its markdown grammar.
  const host = JSON.stringify({
    scopeName: 'text.html.markdown',
    patterns: [
      { begin: '^```', end: '^```', name: 'markup.fenced_code.block.markdown' },
      { match: '`[^`]*`', name: 'markup.inline.raw.string.markdown' },
    ],
  });
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) =>
      scope === 'text.html.markdown' ? parseRawGrammar(host, 'host.json') : scope === 'planlint.injection' ? parseRawGrammar(injection, 'planlint.injection.tmLanguage.json') : null,
    getInjections: (scope) => (scope === 'text.html.markdown' ? ['planlint.injection'] : undefined),
  });
  grammar = (await registry.loadGrammar('text.html.markdown'))!;
});

/** Scopes of each planlint token on each line: `text => scope`. */
function tokens(text: string): string[] {
  let state = INITIAL;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      const scope = t.scopes.find((s) => s.endsWith('.planlint'));
      if (scope) out.push(`${line.slice(t.startIndex, t.endIndex)} => ${scope}`);
    }
    state = r.ruleStack;
  }
  return out;
}

describe('planlint injection grammar', () => {
  it('scopes labels, requirement and task IDs, done markers and placeholders with standard scope names', () => {
    expect(tokens('Owner: Priya\n- [x] T001 Build the form (FR-001) ✅\n**Tests:** TBD')).toEqual([
      'Owner => keyword.other.label.planlint',
      '[x] => markup.inserted.done.planlint',
      'T001 => entity.name.tag.task-id.planlint',
      'FR-001 => constant.language.requirement-id.planlint',
      '✅ => markup.inserted.done.planlint',
      'Tests => keyword.other.label.planlint',
      'TBD => invalid.deprecated.placeholder.planlint',
    ]);
  });

  it('reads labels after list markers and leaves code alone', () => {
    expect(tokens('  - Definition of Done: `npm test` passes')).toEqual(['Definition of Done => keyword.other.label.planlint']);
    expect(tokens('```\nOwner: nobody FR-001 TODO\n```')).toEqual([]);
  });
});
