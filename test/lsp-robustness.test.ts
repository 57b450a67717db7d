import { afterEach, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentDiagnosticRequest,
  DocumentSymbolRequest,
  ErrorCodes,
  HoverRequest,
  ReferencesRequest,
  ResponseError,
  ShowMessageNotification,
  type CodeAction,
  type Diagnostic,
  type ShowMessageParams,
} from 'vscode-languageserver-protocol/node';
import { DebugDocumentRequest, InsertSectionRequest, LintTextRequest, OutlineRequest, ScoreRequest } from '../server/src/protocol.js';
import { generatePlan } from '../server/src/tools/plan-generator.js';
import { LspSession } from '../server/src/tools/lsp-session.js';
import { SERVER } from './helpers/server.js';

const PLAN = [
  '# Plan: password reset',
  '',
  '## Requirements',
  '',
  '- **FR-001**: Users can request a reset link by email.',
  '- **FR-002**: Reset links expire after 30 minutes.',
  '',
  '## Stage 1: Reset request',
  '',
  '- [ ] T001 Build the request form (FR-001)',
  '',
  '**Tests:** unit tests for the form, run by `npm test`.',
  '',
].join('\n');

const sessions: LspSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});

function session(env?: Record<string, string>): LspSession {
  const s = new LspSession(SERVER, env);
  sessions.push(s);
  return s;
}

const PUSH = { textDocument: { publishDiagnostics: { versionSupport: true } } };
const PULL = { textDocument: { diagnostic: { dynamicRegistration: false } } };

/** The error a request is answered with, or undefined when it is answered. */
async function errorOf(p: Promise<unknown>): Promise<ResponseError<unknown> | undefined> {
  try {
    await p;
    return undefined;
  } catch (error) {
    return error as ResponseError<unknown>;
  }
}

describe('language server request params', () => {
  const methods = [
    HoverRequest.method,
    DefinitionRequest.method,
    ReferencesRequest.method,
    CompletionRequest.method,
    CodeLensRequest.method,
    DocumentSymbolRequest.method,
    CodeActionRequest.method,
    DocumentDiagnosticRequest.method,
    ScoreRequest.method,
    OutlineRequest.method,
    InsertSectionRequest.method,
    LintTextRequest.method,
  ];

  it('answers malformed params of every request with InvalidParams naming the field, never an internal error', async () => {
    const s = session();
    await s.initialize(PULL);
    const uri = 'untitled:plan.md';
    await s.open(uri, PLAN);
    const bad: unknown[] = [null, 42, 'x', [], {}, { textDocument: null }, { textDocument: { uri: 7 } }, { textDocument: { uri }, position: null }, { textDocument: { uri }, position: { line: -1, character: 0 } }, { textDocument: { uri }, position: { line: 0.5, character: 0 } }, { textDocument: { uri }, position: { line: '0', character: 0 } }];
    let count = 0;
    for (const method of methods) {
      for (const params of bad) {
        const error = await errorOf(s.connection.sendRequest(method, params));
        // A document-only request accepts params that also carry a bad position.
        if (!error) {
          expect(['textDocument/codeLens', 'textDocument/documentSymbol', 'textDocument/diagnostic', 'planlint/score', 'planlint/outline']).toContain(method);
          expect((params as { textDocument?: { uri?: unknown } }).textDocument?.uri).toBe(uri);
          continue;
        }
        count++;
        expect(error.code, `${method} ${JSON.stringify(params)}`).toBe(ErrorCodes.InvalidParams);
        // Params that are not an object are refused by vscode-jsonrpc itself, also with InvalidParams.
        if (typeof params === 'object' && params !== null && !Array.isArray(params)) expect(error.message).toMatch(new RegExp(`^${method.replace('/', '\\/')}: expected params`));
      }
    }
    expect(count).toBeGreaterThan(100);
    const hover = await errorOf(s.connection.sendRequest(HoverRequest.method, { textDocument: { uri } }));
    expect(hover?.message).toBe('textDocument/hover: expected params.position to be { line, character } of non-negative integers');
    const refs = await errorOf(s.connection.sendRequest(ReferencesRequest.method, { textDocument: { uri }, position: { line: 0, character: 0 } }));
    expect(refs?.message).toBe('textDocument/references: expected params.context.includeDeclaration to be a boolean');
    const section = await errorOf(s.connection.sendRequest(InsertSectionRequest.method, { textDocument: { uri }, position: { line: 0, character: 0 }, section: 'risks' }));
    expect(section?.message).toBe('planlint/insertSection: expected params.section to be one of "dod", "tests", "rollback"');
  });

  it('answers well-formed params about unknown documents or past the end of a document with an empty answer', async () => {
    const s = session();
    await s.initialize(PUSH);
    const uri = 'untitled:plan.md';
    await s.open(uri, PLAN);
    await s.diagnostics((p) => p.uri === uri);
    for (const target of ['untitled:unknown.md', uri]) {
      const at = { textDocument: { uri: target }, position: { line: 100_000, character: 100_000 } };
      expect(await s.connection.sendRequest(HoverRequest.type, at)).toBeNull();
      expect(await s.connection.sendRequest(DefinitionRequest.type, at)).toBeNull();
      expect(await s.connection.sendRequest(ReferencesRequest.type, { ...at, context: { includeDeclaration: true } })).toEqual([]);
      expect(await s.connection.sendRequest(CompletionRequest.type, at)).toEqual([]);
    }
    const unknown = { textDocument: { uri: 'untitled:unknown.md' } };
    expect(await s.connection.sendRequest(CodeLensRequest.type, unknown)).toEqual([]);
    expect(await s.connection.sendRequest(DocumentSymbolRequest.type, unknown)).toEqual([]);
    expect(await s.connection.sendRequest(ScoreRequest, unknown)).toBeNull();
    expect(await s.connection.sendRequest(OutlineRequest, unknown)).toBeNull();
  });

  it('offers no quick fix for a diagnostic whose data is bogus, and the usual ones for a real diagnostic beside it', async () => {
    const s = session();
    await s.initialize(PUSH);
    const uri = 'untitled:plan.md';
    await s.open(uri, PLAN);
    const real = (await s.diagnostics((p) => p.uri === uri)).diagnostics.find((d) => d.code === 'missing-dod')!;
    const range = real.range;
    const bogus: unknown[] = [
      null,
      'x',
      { range },
      { range: { start: { line: -3, character: 0 }, end: { line: 0, character: 0 } }, source: 'planlint', data: { ruleId: 'missing-dod', version: 1 } },
      { range, source: 'planlint', data: null },
      { range, source: 'planlint', data: { ruleId: 'no-such-rule -->', version: 1 } },
      { range, source: 'planlint', data: { ruleId: 'missing-dod', version: '1' } },
      { range, source: 'planlint', data: { ruleId: 'missing-dod', version: 1, fix: { title: 'x', edits: [{ range: null, newText: 1 }] } } },
      { range, source: 'planlint', data: { ruleId: 'missing-dod', version: 1, suggestions: 'all' } },
    ];
    for (const diagnostic of bogus) {
      const actions = await s.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [diagnostic as Diagnostic] } });
      expect(actions, JSON.stringify(diagnostic)).toEqual([]);
    }
    const mixed = (await s.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [...(bogus as Diagnostic[]), real] } })) as CodeAction[];
    expect(mixed.map((a) => a.title)).toEqual(['Add a Definition of Done to "Stage 1: Reset request"', 'Disable missing-dod for this line', 'Disable missing-dod for this file']);
  });
});

describe('language server document sync', () => {
  it('keeps its copy of a document exact after changes whose ranges lie past the last line', async () => {
    // vscode-languageserver-textdocument alone turns the second edit into "a\r\nb\r\n\ncXa\r\nb\r\n\nc".
    const s = session({ PLANLINT_DEBUG_REQUESTS: '1' });
    await s.initialize(PUSH);
    const uri = 'untitled:plan.md';
    await s.open(uri, 'a\r\nb\r\n', 1);
    await s.edit(uri, 2, { start: { line: 5, character: 1 }, end: { line: 6, character: 9 } }, '\nc');
    expect(await s.connection.sendRequest(DebugDocumentRequest, { uri })).toEqual({ version: 2, text: 'a\r\nb\r\n\nc', inProcess: false });
    await s.edit(uri, 3, { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, 'X');
    expect(await s.connection.sendRequest(DebugDocumentRequest, { uri })).toEqual({ version: 3, text: 'a\r\nb\r\n\ncX', inProcess: false });
    await s.edit(uri, 4, { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } }, 'C');
    expect(await s.connection.sendRequest(DebugDocumentRequest, { uri })).toEqual({ version: 4, text: 'a\r\nb\r\n\nCX', inProcess: false });
  });
});

describe('language server settings', () => {
  it('rejects planlint.include [""] with a warning naming the setting, and lints as if it were unset', async () => {
    const s = session();
    const shown: ShowMessageParams[] = [];
    s.connection.onNotification(ShowMessageNotification.method, (m: ShowMessageParams) => void shown.push(m));
    await s.initialize(PUSH, null, { include: [''] });
    const uri = 'untitled:plan.md';
    await s.open(uri, PLAN);
    const { diagnostics } = await s.diagnostics((p) => p.uri === uri);
    expect(diagnostics.map((d) => d.code)).toContain('missing-dod');
    expect(shown).toEqual([
      {
        type: 2,
        message: 'Invalid setting planlint.include[0]: an empty glob matches no file; expected a non-empty glob such as "docs/**/*-plan.md". Using the default ([]) until it is fixed.',
      },
    ]);
  });
});

describe('language server analysis problems', () => {
  it('shows a limit the document ran into as one information diagnostic beside its findings', async () => {
    const s = session();
    await s.initialize(PUSH);
    const uri = 'untitled:deep.md';
    await s.open(uri, `${PLAN}\n${'> '.repeat(5_000)}deep\n`);
    const { diagnostics } = await s.diagnostics((p) => p.uri === uri);
    expect(diagnostics.map((d) => d.code)).toContain('missing-dod');
    expect(diagnostics.filter((d) => String(d.code).startsWith('analysis-'))).toEqual([
      {
        range: { start: { line: 13, character: 0 }, end: { line: 13, character: 0 } },
        severity: 3,
        source: 'planlint',
        code: 'analysis-limit',
        message: 'Part of the document was not analyzed: nesting deeper than 100 levels on line 14 was read as plain text',
      },
    ]);
  });
});

describe('language server analysis budget', () => {
  it('analyzes large documents in a worker: the same diagnostics and answers as in process', async () => {
    const text = generatePlan(300);
    const inProcess = session();
    await inProcess.initialize(PUSH);
    const worker = session({ PLANLINT_WORKER_MIN_CHARS: '0' });
    await worker.initialize(PUSH);
    const uri = 'untitled:plan.md';
    await inProcess.open(uri, text);
    await worker.open(uri, text);
    const expected = (await inProcess.diagnostics((p) => p.uri === uri)).diagnostics;
    const actual = (await worker.diagnostics((p) => p.uri === uri)).diagnostics;
    expect(expected.length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
    const lenses = await inProcess.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    expect(await worker.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })).toEqual(lenses);
    const at = { textDocument: { uri }, position: lenses![0]!.range.start };
    expect(await worker.connection.sendRequest(HoverRequest.type, at)).toEqual(await inProcess.connection.sendRequest(HoverRequest.type, at));
  });

  it('analyzes a large document that its worker analyzed quickly in process next, with the same diagnostics', async () => {
    const text = generatePlan(300);
    const s = session({ PLANLINT_WORKER_MIN_CHARS: '1000', PLANLINT_DEBUG_REQUESTS: '1' });
    await s.initialize(PUSH);
    const reference = session();
    await reference.initialize(PUSH);
    const uri = 'untitled:plan.md';
    await s.open(uri, text, 1);
    await reference.open(uri, text, 1);
    await s.diagnostics((p) => p.uri === uri && p.version === 1);
    // The worker took well under the bound: the next analyses run in process, incrementally.
    expect((await s.connection.sendRequest(DebugDocumentRequest, { uri }))?.inProcess).toBe(true);
    for (let version = 2; version <= 4; version++) {
      const edited = text.replace('## Phase 2', `## Phase ${version}0`);
      await s.change(uri, edited, version);
      await reference.change(uri, edited, version);
      const got = await s.diagnostics((p) => p.uri === uri && p.version === version);
      const expected = await reference.diagnostics((p) => p.uri === uri && p.version === version);
      expect(got.diagnostics).toEqual(expected.diagnostics);
    }
    expect((await s.connection.sendRequest(DebugDocumentRequest, { uri }))?.inProcess).toBe(true);
  });

  it('keeps serving other documents while a large one is analyzed in a worker', async () => {
    const s = session({ PLANLINT_WORKER_MIN_CHARS: '100000' });
    await s.initialize(PUSH);
    const big = 'untitled:big.md';
    const small = 'untitled:small.md';
    await s.open(big, generatePlan(20_000));
    await s.open(small, PLAN);
    const first = await s.diagnostics((p) => p.uri === big || p.uri === small);
    // The small plan takes milliseconds in process, the 600 KiB one seconds in its worker.
    expect(first.uri).toBe(small);
    expect(await s.connection.sendRequest(HoverRequest.type, { textDocument: { uri: small }, position: { line: 9, character: 37 } })).not.toBeNull();
    expect(s.published.some((p) => p.uri === big)).toBe(false);
    const done = await s.diagnostics((p) => p.uri === big);
    expect(done.diagnostics.length).toBeGreaterThan(0);
    expect(done.diagnostics.some((d) => d.code === 'analysis-budget')).toBe(false);
  });

  it('gives a document it cannot analyze within the time budget one information diagnostic, and keeps serving', async () => {
    const s = session({ PLANLINT_WORKER_MIN_CHARS: '1000', PLANLINT_ANALYSIS_TIME_LIMIT_MS: '1' });
    await s.initialize(PUSH);
    const big = 'untitled:big.md';
    await s.open(big, generatePlan(300));
    const { diagnostics } = await s.diagnostics((p) => p.uri === big);
    expect(diagnostics).toEqual([
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 3,
        source: 'planlint',
        code: 'analysis-budget',
        message: 'planlint could not analyze this document within its time budget (0.001 s), so it shows no findings for it. Diagnostics return after an edit that makes it analyzable.',
      },
    ]);
    // Small documents are still analyzed in process.
    const small = 'untitled:small.md';
    await s.open(small, PLAN);
    expect((await s.diagnostics((p) => p.uri === small)).diagnostics.map((d) => d.code)).toContain('missing-dod');
  });

  it('gives a document whose analysis runs out of memory one information diagnostic instead of crashing', async () => {
    const s = session({ PLANLINT_WORKER_MIN_CHARS: '1000', PLANLINT_ANALYSIS_HEAP_MB: '4' });
    await s.initialize(PUSH);
    const big = 'untitled:big.md';
    await s.open(big, generatePlan(20_000));
    const { diagnostics } = await s.diagnostics((p) => p.uri === big);
    expect(diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ['analysis-budget', 3, 'planlint could not analyze this document within its memory budget (4 MiB), so it shows no findings for it. Diagnostics return after an edit that makes it analyzable.'],
    ]);
  });
});
