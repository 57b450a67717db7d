import { afterEach, describe, expect, it } from 'vitest';
import { CodeActionRequest, type ClientCapabilities, type CodeAction, type Diagnostic, type SnippetTextEdit, type TextDocumentEdit, type TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIX_ALL_KIND, type DiagnosticData } from '../server/src/protocol.js';
import { LspSession } from '../server/src/tools/lsp-session.js';
import { SERVER } from './helpers/server.js';
import { expandSnippet } from './helpers/snippet.js';

const PLAN = [
  '# Plan: password reset',
  '',
  '## Requirements',
  '',
  '- **FR-001**: Users can request a reset link by email.',
  '',
  '## Stage 1: Reset request', // 6
  '',
  '- [ ] T001 Build the request form (FR-001); cost is $5 {per} \\ month',
  '',
  '**Tests:** unit tests for the form, run by `npm test`.',
  '',
  '## Stage 2: Emails',
  '',
  '- [ ] T002 Send the email after T001',
  '',
  '**DoD:** the email arrives in the staging inbox within 60 s.',
  '',
].join('\n');

const URI = 'file:///plans/reset.md';
const TITLE = /^Add a Definition of Done\b.*"Stage 1: Reset request"/;
const PUSH = { textDocument: { publishDiagnostics: { versionSupport: true } } } satisfies ClientCapabilities;

const sessions: LspSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});

/** A session with `capabilities` that has opened {@link PLAN}, and Stage 1's missing-dod diagnostic. */
async function open(capabilities: ClientCapabilities): Promise<{ s: LspSession; dod: Diagnostic }> {
  const s = new LspSession(SERVER);
  sessions.push(s);
  await s.initialize(capabilities);
  await s.open(URI, PLAN);
  const published = await s.diagnostics((p) => p.uri === URI && p.version === 1);
  const dod = published.diagnostics.find((d) => d.code === 'missing-dod' && d.range.start.line === 6);
  expect(dod, JSON.stringify(published.diagnostics.map((d) => [d.code, d.range.start.line]))).toBeDefined();
  return { s, dod: dod! };
}

async function actions(s: LspSession, diagnostics: Diagnostic[], only: string[]): Promise<CodeAction[]> {
  return (await s.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: URI }, range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics, only } })) as CodeAction[];
}

/** The DoD action's edits from a plain-text answer: `changes` only, nothing in snippet syntax. */
function plainEdits(action: CodeAction): TextEdit[] {
  expect(action.edit?.documentChanges).toBeUndefined();
  const edits = action.edit!.changes![URI]!;
  for (const e of edits) expect(Object.keys(e).sort()).toEqual(['newText', 'range']);
  return edits;
}

describe('snippet edits in code actions', () => {
  it('a client with snippetEditSupport gets the DoD insert as a SnippetTextEdit whose slots expand to the plain text', async () => {
    const plain = await open(PUSH);
    const plainAction = (await actions(plain.s, [plain.dod], ['quickfix'])).find((a) => TITLE.test(a.title));
    expect(plainAction).toBeDefined();
    const text = plainEdits(plainAction!);

    const snippets = await open({ ...PUSH, workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: true } } });
    const action = (await actions(snippets.s, [snippets.dod], ['quickfix'])).find((a) => TITLE.test(a.title))!;
    expect(action.title).toBe(plainAction!.title);
    expect(action.edit?.changes).toBeUndefined();
    const [change, ...others] = action.edit!.documentChanges! as TextDocumentEdit[];
    expect(others).toEqual([]);
    expect(change!.textDocument).toEqual({ uri: URI, version: 1 });
    expect(change!.edits).toHaveLength(text.length);
    const snippetEdits = change!.edits.filter((e): e is SnippetTextEdit => 'snippet' in e);
    expect(snippetEdits.length).toBeGreaterThan(0);
    change!.edits.forEach((e, i) => {
      expect(e.range).toEqual(text[i]!.range);
      if (!('snippet' in e)) return expect(e).toEqual(text[i]);
      expect(e.snippet.kind).toBe('snippet');
      const expanded = expandSnippet(e.snippet.value);
      // Each slot holds its default, so the snippet inserts what a client without snippets gets.
      expect(expanded.text).toBe(text[i]!.newText);
      expect(expanded.first, e.snippet.value).toBeDefined();
    });
    // The first slot lies in the inserted DoD, after its heading.
    const first = snippetEdits[0]!;
    const expanded = expandSnippet(first.snippet.value);
    expect(expanded.text.slice(0, expanded.first!.start)).toMatch(/#+ Definition of Done\r?\n[^]*$/);
  });

  it('"Disable for this line" puts the cursor where the reason goes: an empty tab stop, never a placeholder word', async () => {
    const { s, dod } = await open({ ...PUSH, workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: true } } });
    const disable = (await actions(s, [dod], ['quickfix'])).find((a) => a.title === 'Disable missing-dod for this line')!;
    const [edit] = (disable.edit!.documentChanges![0] as TextDocumentEdit).edits as SnippetTextEdit[];
    expect(edit!.snippet).toEqual({ kind: 'snippet', value: '<!-- planlint-disable-next-line missing-dod -- $1 -->\n' });
    const expanded = expandSnippet(edit!.snippet.value);
    expect(expanded.first).toEqual({ start: expanded.text.lastIndexOf('-- ') + 3, end: expanded.text.lastIndexOf('-- ') + 3 });
  });

  it('without snippetEditSupport, or with it but without documentChanges, the same action is plain text', async () => {
    for (const workspace of [undefined, { workspaceEdit: { documentChanges: true } }, { workspaceEdit: { snippetEditSupport: true } }]) {
      const { s, dod } = await open({ ...PUSH, ...(workspace ? { workspace } : {}) });
      const action = (await actions(s, [dod], ['quickfix'])).find((a) => TITLE.test(a.title));
      expect(action, JSON.stringify(workspace)).toBeDefined();
      const edits = plainEdits(action!);
      const fixed = TextDocument.applyEdits(TextDocument.create(URI, 'markdown', 1, PLAN), edits);
      expect(fixed).toMatch(/### Definition of Done/);
      expect(fixed.split('\n').slice(0, 7)).toEqual(PLAN.split('\n').slice(0, 7));
    }
  });

  it('data whose snippet is not a string gets no actions, as any malformed data (it comes back from the client)', async () => {
    const { s, dod } = await open({ ...PUSH, workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: true } } });
    const data = structuredClone(dod.data) as DiagnosticData;
    for (const group of [data.fix, ...(data.suggestions ?? [])]) for (const e of group?.edits ?? []) (e as { snippet: unknown }).snippet = 42;
    const titles = (await actions(s, [{ ...dod, data }], ['quickfix'])).map((a) => a.title);
    expect(titles).toEqual([]);
  });

  it('fix-all is plain text even for a client with snippetEditSupport', async () => {
    const { s } = await open({ ...PUSH, workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: true } } });
    for (const only of [[FIX_ALL_KIND], ['source.fixAll']]) {
      for (const action of await actions(s, [], only)) {
        expect(action.edit?.documentChanges).toBeUndefined();
        for (const e of action.edit!.changes![URI]!) expect(Object.keys(e).sort()).toEqual(['newText', 'range']);
      }
    }
  });
});

describe('expandSnippet (the tests read snippets with it)', () => {
  it('expands stops, placeholders, choices and escapes, and finds the first slot', () => {
    const e = expandSnippet('a ${2:two} \\$x \\} \\\\ ${1:one ${3:in}} $0 ${4|p,q|}');
    expect(e.text).toBe('a two $x } \\ one in  p');
    expect(e.first).toEqual({ start: 13, end: 19 });
    expect(e.stops.get(3)).toEqual({ start: 17, end: 19 });
    expect(e.stops.get(0)).toEqual({ start: 20, end: 20 });
    expect(expandSnippet('end $0').first).toEqual({ start: 4, end: 4 });
    expect(() => expandSnippet('${1:open')).toThrow(/unclosed placeholder/);
    expect(() => expandSnippet('$TM_FILENAME')).toThrow(/snippet variable/);
  });
});
