/**
 * Stress test of the real language server over stdio: random edits across several documents
 * (open, change, close in random order; incremental changes with ranges inside, across and
 * outside the document; stale versions; changes to documents that are not open), interleaved
 * with requests (hover and friends at random positions, unknown URIs, code actions with bogus
 * `data`, params of the wrong shape). Checks that every request is answered (InvalidParams
 * only for bogus params), that the final diagnostics of each open document equal those of a
 * fresh server opening its final text, and that the server's memory after closing everything
 * returns to within 20% of its level after the first analysis.
 *
 * `PLANLINT_STRESS_EDITS` sets the number of edits (default 10,000), `PLANLINT_STRESS_SEED`
 * replays a run (the seed is printed).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DidCloseTextDocumentNotification,
  DocumentSymbolRequest,
  ErrorCodes,
  HoverRequest,
  LogMessageNotification,
  ReferencesRequest,
  type Diagnostic,
  type LogMessageParams,
  type Position,
  type Range,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DebugDocumentRequest, DebugMemoryRequest, InsertSectionRequest, type DebugMemoryResult, OutlineRequest, ScoreRequest } from '../server/src/protocol.js';
import { LspSession } from '../server/src/tools/lsp-session.js';
import { generatePlan, random } from '../server/src/tools/plan-generator.js';
import { corpusFiles } from './helpers/corpus.js';
import { SERVER } from './helpers/server.js';

const EDITS = Number(process.env.PLANLINT_STRESS_EDITS ?? 10_000);
const SEED = Number(process.env.PLANLINT_STRESS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const DOCUMENTS = 4;

// Small corpus plans keep the work bounded (generated plans when the corpus is absent). Bare
// `www.` and bracketed URLs are left out: they make the core drop positions, a failure pinned
// by the core's own tests.
const CORPUS_POOL = corpusFiles()
  .map(([, text]) => text)
  .filter((text) => text.length <= 20_000 && !/www\.|\[[a-z]+:\/\/|@/i.test(text));
const POOL = CORPUS_POOL.length > 5 ? CORPUS_POOL : Array.from({ length: 8 }, (_, i) => generatePlan(150 + 50 * i, i + 1));

const FRAGMENTS = ['a', 'x', ' ', '  ', '\n', '\n\n', '\r\n', '# ', '## Stage 9: Ship it\n', '- [ ] ', '- [x] ', 'FR-001', 'FR-00', 'T001', 'T0', 'Stage 1', '**DoD:** tests pass\n', '**Tests:** `npm test`\n', 'Rollback: revert\n', '`', '```\n', '<!-- ', ' -->', '|', '| a | b |\n', 'TODO', 'TBD', 'é', '😀', '\t', '>', '1. ', '* '];

const sessions: LspSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});

/** The client's copy of a document. Changes are applied by {@link splice}, not by the library the server uses. */
interface Model {
  uri: string;
  doc: TextDocument;
  open: boolean;
}

/**
 * Applies incremental `changes` as the protocol defines them: a position's offset in the text
 * as it is (a line past the end is the end of the document, a character past the end of its
 * line the end of that line), a reversed range swapped.
 */
function splice(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
  let text = doc.getText();
  for (const c of changes) {
    if (!('range' in c)) {
      text = c.text;
      continue;
    }
    const fresh = TextDocument.create(doc.uri, 'markdown', 1, text);
    const offset = (p: Position) => (p.line >= fresh.lineCount ? text.length : fresh.offsetAt(p));
    const [a, b] = [offset(c.range.start), offset(c.range.end)].sort((x, y) => x - y);
    text = text.slice(0, a) + c.text + text.slice(b);
  }
  return TextDocument.create(doc.uri, 'markdown', version, text);
}

/** One stress run of `count` edits against a server started with `env`. */
async function stress(count: number, env: Record<string, string>): Promise<void> {
  process.stdout.write(`lsp stress: seed ${SEED}, ${count} edits, ${JSON.stringify(env)} (replay with PLANLINT_STRESS_SEED=${SEED})\n`);
  expect(POOL.length).toBeGreaterThan(5);
  const rnd = random(SEED);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)]!;

  const s = new LspSession(SERVER, { PLANLINT_DEBUG_REQUESTS: '1', ...env });
  sessions.push(s);
  const errors: string[] = [];
  s.connection.onNotification(LogMessageNotification.method, (m: LogMessageParams) => void (m.type === 1 && errors.push(m.message)));
  await s.initialize({ textDocument: { publishDiagnostics: { versionSupport: true } } });

  const models: Model[] = [];
  for (let i = 0; i < DOCUMENTS; i++) {
    const uri = `untitled:stress-${i}.md`;
    const text = pick(POOL);
    models.push({ uri, doc: TextDocument.create(uri, 'markdown', 1, text), open: true });
    await s.open(uri, text, 1);
  }
  for (const m of models) await s.diagnostics((p) => p.uri === m.uri);
  const before = await s.connection.sendRequest(DebugMemoryRequest);

  // Mostly a position in the document; else any character on a line near or past the end.
  const randomPosition = (doc: TextDocument): Position => (rnd() < 0.85 ? doc.positionAt(int(doc.getText().length + 1)) : { line: Math.max(0, doc.lineCount - 3 + int(6)), character: int(120) });
  const randomRange = (doc: TextDocument): Range => {
    const start = randomPosition(doc);
    if (rnd() < 0.03) {
      // Entirely past the last line (the case vscode-languageserver-textdocument gets wrong).
      const line = doc.lineCount + int(3);
      return { start: { line, character: int(10) }, end: { line: line + int(3), character: int(10) } };
    }
    if (rnd() < 0.1) return { start, end: randomPosition(doc) }; // anywhere, reversed or past the end
    return { start, end: doc.positionAt(doc.offsetAt(start) + int(12)) };
  };
  const randomText = () => (rnd() < 0.3 ? '' : Array.from({ length: 1 + int(3) }, () => pick(FRAGMENTS)).join(''));

  const pending: Array<Promise<void>> = [];
  const failures: string[] = [];
  let requests = 0;
  let invalid = 0;
  /** Sends a request; `bogus` ones must get InvalidParams, every other one an answer. */
  const request = (method: string, params: unknown, bogus = false) => {
    requests++;
    pending.push(
      s.connection.sendRequest(method, params).then(
        () => {
          if (bogus) failures.push(`${method} answered bogus params ${JSON.stringify(params)}`);
        },
        (error: { code?: number; message?: string }) => {
          if (bogus && error.code === ErrorCodes.InvalidParams) invalid++;
          else failures.push(`${method} ${JSON.stringify(params).slice(0, 200)}: ${error.code} ${error.message}`);
        },
      ),
    );
  };
  const randomRequest = () => {
    const m = pick(models);
    const uri = rnd() < 0.1 ? 'untitled:never-opened.md' : m.uri;
    const textDocument = { uri };
    const position = randomPosition(m.doc);
    const kind = int(10);
    if (rnd() < 0.08) {
      const bad = pick<unknown>([null, {}, { textDocument }, { textDocument, position: { line: -1, character: 0 } }, { textDocument: { uri: 1 }, position }]);
      const method = pick([HoverRequest.method, DefinitionRequest.method, CompletionRequest.method, InsertSectionRequest.method]);
      request(method, bad, true);
    } else if (kind === 0) request(HoverRequest.method, { textDocument, position });
    else if (kind === 1) request(DefinitionRequest.method, { textDocument, position });
    else if (kind === 2) request(ReferencesRequest.method, { textDocument, position, context: { includeDeclaration: rnd() < 0.5 } });
    else if (kind === 3) request(CompletionRequest.method, { textDocument, position });
    else if (kind === 4) request(pick([CodeLensRequest.method, DocumentSymbolRequest.method, OutlineRequest.method, ScoreRequest.method]), { textDocument });
    else if (kind === 5) request(InsertSectionRequest.method, { textDocument, position, section: pick(['dod', 'tests', 'rollback']) });
    else {
      const published = [...s.published].reverse().find((p) => p.uri === m.uri)?.diagnostics ?? [];
      const diagnostics: Diagnostic[] = published.slice(0, 3);
      const range = randomRange(m.doc);
      if (rnd() < 0.5) {
        const data = pick<unknown>([null, 7, 'x', { ruleId: 'missing-dod' }, { ruleId: 'missing-dod', version: m.doc.version, fix: { title: 'x', edits: 'all' } }, { ruleId: '<!--', version: m.doc.version }, { ruleId: 'missing-dod', version: m.doc.version, fix: { title: 'x', edits: [{ range: { start: { line: 1e9, character: 0 }, end: { line: 1e9, character: 1 } }, newText: '' }] } }]);
        diagnostics.push({ range, message: 'bogus', source: 'planlint', data } as Diagnostic);
      }
      request(CodeActionRequest.method, { textDocument, range: { start: range.start, end: range.start }, context: { diagnostics, ...(rnd() < 0.2 ? { only: ['source.fixAll.planlint'] } : {}) } });
    }
  };

  let edits = 0;
  while (edits < count) {
    const m = pick(models);
    const r = rnd();
    edits++;
    if (r < 0.94) {
      const changes: TextDocumentContentChangeEvent[] = [];
      for (let k = 1 + int(3); k > 0; k--) changes.push(rnd() < 0.002 ? { text: pick(POOL) } : { range: randomRange(m.doc), text: randomText() });
      // A stale or repeated version now and then: the change still happens.
      const version = rnd() < 0.1 ? m.doc.version - int(3) : m.doc.version + 1;
      if (m.open) m.doc = splice(m.doc, changes, version);
      await s.connection.sendNotification('textDocument/didChange', { textDocument: { uri: m.uri, version }, contentChanges: changes });
    } else if (r < 0.97 && m.open) {
      m.open = false;
      await s.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: m.uri } });
    } else {
      // Open a closed document (its last text or a new one), or open an open one again.
      const text = rnd() < 0.5 ? m.doc.getText() : pick(POOL);
      const version = 1 + int(5);
      m.doc = TextDocument.create(m.uri, 'markdown', version, text);
      m.open = true;
      await s.open(m.uri, text, version);
    }
    if (rnd() < 0.25) randomRequest();
    if (edits % 250 === 0) {
      await Promise.all(pending.splice(0));
      // Document sync: the server's copy of every open document is the client's, character for character.
      for (const d of models) {
        const copy = await s.connection.sendRequest(DebugDocumentRequest, { uri: d.uri });
        expect(copy?.text, `${d.uri} after ${edits} edits (seed ${SEED})`).toBe(d.open ? d.doc.getText() : undefined);
      }
    }
  }
  await Promise.all(pending.splice(0));

  // A closed document keeps no diagnostics: the last publication for it is empty. Then it is
  // opened again with its last text, so that every document is compared below.
  let closed = 0;
  for (const m of models) {
    if (m.open) continue;
    closed++;
    expect([...s.published].reverse().find((p) => p.uri === m.uri)?.diagnostics, m.uri).toEqual([]);
    m.doc = TextDocument.create(m.uri, 'markdown', 1, m.doc.getText());
    m.open = true;
    await s.open(m.uri, m.doc.getText(), 1);
  }
  // One last change per document with a version never used before: its diagnostics are the final ones.
  const final = new Map<string, number>();
  for (const [i, m] of models.entries()) {
    const version = 1_000_000 + i;
    m.doc = splice(m.doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }], version);
    final.set(m.uri, version);
    await s.edit(m.uri, version, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '');
  }
  const fresh = new LspSession(SERVER);
  sessions.push(fresh);
  await fresh.initialize({ textDocument: { publishDiagnostics: { versionSupport: true } } });
  let compared = 0;
  for (const m of models) {
    const version = final.get(m.uri)!;
    const got = await s.diagnostics((p) => p.uri === m.uri && p.version === version);
    await fresh.open(m.uri, m.doc.getText(), version);
    const want = await fresh.diagnostics((p) => p.uri === m.uri);
    expect(got.diagnostics, `${m.uri} (seed ${SEED})`).toEqual(want.diagnostics);
    compared++;
  }
  expect(compared).toBe(DOCUMENTS);

  for (const m of models) await s.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: m.uri } });
  // The answer to the first request comes after every earlier message left the server, so that
  // the second measures no diagnostics still waiting to be written.
  await s.connection.sendRequest(DebugMemoryRequest);
  const after = await s.connection.sendRequest(DebugMemoryRequest);
  const mib = (n: number) => (n / 2 ** 20).toFixed(1);
  const data = (m: DebugMemoryResult) => m.heapUsed - m.codeUsed;
  process.stdout.write(
    `lsp stress: ${edits} edits, ${requests} requests (${invalid} with bogus params, answered InvalidParams), ${s.published.length} publications, ${compared} documents compared (${closed} closed at the end, then opened again), ${errors.length} errors logged; ` +
      `after the first analysis → after closing all: heap data ${mib(data(before))} → ${mib(data(after))} MiB, compiled code ${mib(before.codeUsed)} → ${mib(after.codeUsed)} MiB, RSS ${mib(before.rss)} → ${mib(after.rss)} MiB\n`,
  );
  expect(failures, `seed ${SEED}`).toEqual([]);
  expect(errors.filter((e) => /failed for|unhandled rejection/.test(e)), `seed ${SEED}`).toEqual([]);
  expect(after.documents).toBe(0);
  // What the server holds returns to within 20%. RSS also counts what V8 keeps for itself once
  // the server has been busy (a young generation grown to its maximum, JIT code): a leak of
  // the documents' text or analyses would exceed the looser bound too.
  expect(data(after)).toBeLessThanOrEqual(data(before) * 1.2);
  expect(after.rss).toBeLessThanOrEqual(before.rss * 1.5);
  expect(s.process.exitCode).toBeNull();
}

describe('language server under random edits', () => {
  it(`answers every request, ends with the diagnostics of a fresh analysis, and gives memory back (${EDITS} edits)`, { timeout: Math.max(120_000, EDITS * 60) }, () => stress(EDITS, {}));

  // Every document analyzed in a worker thread: edits and requests while analyses run off the main thread.
  it(`does the same when every analysis runs in a worker (${Math.ceil(EDITS / 40)} edits)`, { timeout: Math.max(120_000, EDITS * 20) }, () => stress(Math.ceil(EDITS / 40), { PLANLINT_WORKER_MIN_CHARS: '0' }));
});
