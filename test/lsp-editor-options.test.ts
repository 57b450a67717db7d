import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CodeActionRequest, CompletionRequest, CompletionTriggerKind, type CodeAction, type CompletionItem } from 'vscode-languageserver-protocol/node';
import type { InitializationOptions } from '../server/src/protocol.js';
import { LspSession } from '../server/src/tools/lsp-session.js';
import { SHIPPED } from '../scripts/vsix-files.mjs';
import { SERVER } from './helpers/server.js';

const sessions: LspSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});

const PLAN = '# Plan: x\n\n## Stage 1: Build the API\n\n- [ ] Build it\n\n## Stage 2: Build the UI\n\n- [ ] Build it\n';

async function start(options?: Omit<InitializationOptions, 'settings'>) {
  const s = new LspSession(SERVER);
  sessions.push(s);
  const init = await s.initialize({ textDocument: { publishDiagnostics: { versionSupport: true } } }, null, undefined, options);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'planlint-opts-')), 'plan.md');
  writeFileSync(file, PLAN);
  const uri = pathToFileURL(file).href;
  await s.open(uri, PLAN);
  const { diagnostics } = await s.diagnostics((p) => p.uri === uri);
  const actions = (await s.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: diagnostics[0]!.range,
    context: { diagnostics, only: ['quickfix'] },
  })) as CodeAction[];
  return { init, diagnostics, actions };
}

describe('what the client declares in initializationOptions', () => {
  it('VS Code (documentSymbols: false, a rule docs command): no symbols of planlint, and "Show documentation" per rule', async () => {
    const { init, diagnostics, actions } = await start({ documentSymbols: false, ruleDocsCommand: 'planlint.openRuleDocs' });
    expect(init.capabilities.documentSymbolProvider).toBeUndefined();
    const rules = [...new Set(diagnostics.map((d) => String(d.code)))].sort();
    expect(rules.length).toBeGreaterThan(1);
    const docs = actions.filter((a) => a.title.startsWith('Show documentation for '));
    // One per rule, however many diagnostics of that rule, each running the client's command with the rule id.
    expect(docs.map((a) => a.command?.arguments?.[0]).sort()).toEqual(rules);
    for (const a of docs) {
      expect(a).toMatchObject({ kind: 'quickfix', command: { command: 'planlint.openRuleDocs', title: a.title } });
      expect(a.isPreferred).toBeUndefined();
      expect(a.edit).toBeUndefined();
    }
    // The web link stays on the diagnostic: the extension points it at the bundled page itself.
    expect(diagnostics[0]!.codeDescription?.href).toMatch(/^https:\/\/github\.com\/.*\/docs\/rules\/[a-z-]+\.md$/);
  });

  it('other editors (no options): document symbols, and no command they could not run', async () => {
    const { init, actions } = await start();
    expect(init.capabilities.documentSymbolProvider).toEqual({ label: 'Plan' });
    expect(actions.filter((a) => a.command)).toEqual([]);
  });
});

describe('completion while typing', () => {
  it('offers requirement IDs when "-" is typed after a prefix (a trigger character), and nothing after a list marker', async () => {
    const s = new LspSession(SERVER);
    sessions.push(s);
    const init = await s.initialize({ textDocument: { publishDiagnostics: { versionSupport: true } } });
    expect(init.capabilities.completionProvider?.triggerCharacters).toEqual(['-']);
    const text = '# Plan: x\n\n## Requirements\n\n- **FR-001**: Export as CSV.\n- **FR-002**: Keep the column order.\n\n## Stage 1: Build\n\n- [ ] Build the writer\n';
    const uri = pathToFileURL(path.join(mkdtempSync(path.join(tmpdir(), 'planlint-complete-')), 'plan.md')).href;
    await s.open(uri, text);
    await s.diagnostics((p) => p.uri === uri && p.version === 1);
    // The author types " (FR-" after the task, one edit per key as an editor sends them.
    let version = 1;
    for (const [i, ch] of [...' (FR-'].entries()) {
      await s.edit(uri, ++version, { start: { line: 9, character: 21 + i }, end: { line: 9, character: 21 + i } }, ch);
    }
    const trigger = { triggerKind: CompletionTriggerKind.TriggerCharacter, triggerCharacter: '-' };
    const items = (await s.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 9, character: 26 }, context: trigger })) as CompletionItem[];
    expect(items.map((i) => i.label)).toEqual(['FR-001', 'FR-002']);
    await s.edit(uri, ++version, { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, '-');
    expect(await s.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 10, character: 1 }, context: trigger })).toEqual([]);
  });
});

describe('the rule pages in the VSIX', () => {
  it('link only to pages in the package or to the web', () => {
    const root = path.join(__dirname, '..');
    const packaged = new Set(SHIPPED.flatMap((f) => (statSync(path.join(root, f)).isDirectory() ? readdirSync(path.join(root, f)).map((g) => `${f}/${g}`) : [f])));
    const pages = readdirSync(path.join(root, 'docs', 'rules')).map((f) => `docs/rules/${f}`);
    expect(pages.every((p) => packaged.has(p))).toBe(true);
    const broken: string[] = [];
    for (const page of pages) {
      const text = readFileSync(path.join(root, page), 'utf8');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!.split('#')[0]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target === '') continue;
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(page), target));
        if (!packaged.has(resolved)) broken.push(`${page}: ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
