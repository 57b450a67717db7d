import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DidSaveTextDocumentNotification, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { CursorNotification, DebugEditTraceRequest } from '../server/src/protocol.js';
import { LspSession } from '../server/src/tools/lsp-session.js';
import { movePosition } from '../server/src/lsp/typing.js';
import { SERVER } from './helpers/server.js';

const sessions: LspSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});

// Stage 2 has no tests until its heading says "Load testing": "Load test" and "Load testing"
// are test words, "Load testi" is not, so analysed letter by letter undefined-tests toggles.
const BEFORE = '# Plan: checkout\n\n## Stage 1: Build the cart\n\n- [ ] T001 Add the cart API\n\n**DoD:** `npm test` passes.\n\n## Stage 2: Harden\n\n- [ ] T002 Tune the pool\n\n### ';
const AFTER = '\n\n- [ ] T003 Run k6 against staging\n';
const LINE = BEFORE.split('\n').length - 1; // 0-based line of the heading being typed

async function start(settings: Record<string, unknown>) {
  const s = new LspSession(SERVER);
  sessions.push(s);
  await s.initialize({ textDocument: { publishDiagnostics: { versionSupport: true } } }, null, { debounceMs: 0, ...settings });
  const uri = pathToFileURL(path.join(mkdtempSync(path.join(tmpdir(), 'planlint-typing-')), 'plan.md')).href;
  await s.open(uri, BEFORE + AFTER);
  await s.diagnostics((p) => p.uri === uri && p.version === 1);
  return { s, uri };
}

const keys = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${d.range.start.line}:${d.code}`).sort();

/** Types `text` at the heading one character per edit, waiting for each version's diagnostics; returns them in order. */
async function typeLetters(s: LspSession, uri: string, text: string, from: number, version: number): Promise<PublishDiagnosticsParams[]> {
  const seen: PublishDiagnosticsParams[] = [];
  for (const [i, ch] of [...text].entries()) {
    const at = { line: LINE, character: from + i };
    await s.edit(uri, ++version, { start: at, end: at }, ch);
    const v = version;
    seen.push(await s.diagnostics((p) => p.uri === uri && p.version === v));
  }
  return seen;
}

/** Per finding, how many times it appeared or disappeared over `steps`. */
function transitions(steps: PublishDiagnosticsParams[]): Map<string, number> {
  const all = new Set(steps.flatMap(keys));
  const out = new Map<string, number>();
  for (const k of all) {
    let n = 0;
    for (let i = 1; i < steps.length; i++) if (keys(steps[i - 1]!).includes(k) !== keys(steps[i]!).includes(k)) n++;
    out.set(k, n);
  }
  return out;
}

describe('quiet typing over stdio', () => {
  it('typing "Load testing" letter by letter never toggles a finding; the finished word then counts', async () => {
    const { s, uri } = await start({});
    const first = s.published.filter((p) => p.uri === uri).at(-1)!;
    expect(keys(first)).toContain(`${LINE - 4}:undefined-tests`);
    const steps = [first, ...(await typeLetters(s, uri, 'Load testing', 4, 1))];
    expect(steps).toHaveLength(13);
    // Each finding changes at most once: it never appears and disappears as a word forms.
    expect([...transitions(steps)].filter(([, n]) => n > 1)).toEqual([]);
    // Mid-word the finding stays as it was before the word ("Load testi" would drop and re-add it).
    expect(keys(steps.at(-2)!)).toContain(`${LINE - 4}:undefined-tests`);
    // The word left alone: after a pause, the fresh findings of the finished word.
    const settled = await s.diagnostics((p) => p.uri === uri && p.version === 13 && !keys(p).includes(`${LINE - 4}:undefined-tests`));
    expect(keys(settled)).toEqual([`${LINE - 4}:missing-dod`]);
  });

  it('a character that ends the word shows the fresh findings at once', async () => {
    const { s, uri } = await start({});
    const steps = await typeLetters(s, uri, 'Load testing ', 4, 1);
    expect(keys(steps.at(-2)!)).toContain(`${LINE - 4}:undefined-tests`);
    expect(keys(steps.at(-1)!)).not.toContain(`${LINE - 4}:undefined-tests`);
  });

  it('a change that replaces nothing with nothing ends the word: the fresh findings, stamped with its version', async () => {
    const { s, uri } = await start({});
    const steps = await typeLetters(s, uri, 'Load testing', 4, 1);
    expect(keys(steps.at(-1)!)).toContain(`${LINE - 4}:undefined-tests`);
    // Right after the word, where a deletion would still count as typing in it.
    const at = { line: LINE, character: 4 + 'Load testing'.length };
    await s.edit(uri, 14, { start: at, end: at }, '');
    const after = await s.diagnostics((p) => p.uri === uri && p.version === 14);
    expect(keys(after)).not.toContain(`${LINE - 4}:undefined-tests`);
    // Quick fixes read the version a diagnostic was computed for.
    expect(after.diagnostics.map((d) => (d.data as { version?: number }).version)).toEqual(after.diagnostics.map(() => 14));
  });

  it('planlint.run "onSave": edits publish nothing new until the document is saved', async () => {
    const { s, uri } = await start({ run: 'onSave' });
    const before = s.published.filter((p) => p.uri === uri).length;
    let version = 1;
    for (const ch of 'Load testing') {
      const at = { line: LINE, character: 4 + version - 1 };
      await s.edit(uri, ++version, { start: at, end: at }, ch);
    }
    await s.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
    const saved = await s.diagnostics((p) => p.uri === uri && p.version === version);
    expect(keys(saved)).toEqual([`${LINE - 4}:missing-dod`]);
    // Only the save published: the letters typed before it did not.
    expect(s.published.filter((p) => p.uri === uri).length).toBe(before + 1);
  });

  it('planlint.focus: a new finding in the paragraph being edited waits until the cursor leaves it; a fixed one goes at once', async () => {
    const { s, uri } = await start({ focus: true });
    const task = LINE - 2; // "- [ ] T002 Tune the pool"
    const end = { line: task, character: '- [ ] T002 Tune the pool'.length };
    await s.edit(uri, 2, { start: end, end }, ' to TBD connections');
    const typed = await s.diagnostics((p) => p.uri === uri && p.version === 2);
    expect(keys(typed).filter((k) => k.startsWith(`${task}:`))).toEqual([]);
    // The cursor moves to another paragraph: the finding that waited is shown.
    await s.connection.sendNotification(CursorNotification.method, { textDocument: { uri }, line: 0 });
    const left = await s.diagnostics((p) => p.uri === uri && p.version === 2 && keys(p).includes(`${task}:placeholder-text`));
    expect(keys(left)).toContain(`${task}:placeholder-text`);
    // Back in the paragraph, the placeholder is written: the finding goes at once.
    const from = { line: task, character: end.character + 4 };
    await s.edit(uri, 3, { start: from, end: { line: task, character: from.character + 3 } }, '40 pooled');
    const fixed = await s.diagnostics((p) => p.uri === uri && p.version === 3);
    expect(keys(fixed)).not.toContain(`${task}:placeholder-text`);
  });

  it('inside a word, each key is answered with the held diagnostics and no analysis; the key that ends the word is analyzed', async () => {
    const s = new LspSession(SERVER, { PLANLINT_DEBUG_REQUESTS: '1' });
    sessions.push(s);
    await s.initialize({ textDocument: { publishDiagnostics: { versionSupport: true } } }, null, { debounceMs: 0 });
    const uri = pathToFileURL(path.join(mkdtempSync(path.join(tmpdir(), 'planlint-typing-')), 'plan.md')).href;
    await s.open(uri, BEFORE + AFTER);
    await s.diagnostics((p) => p.uri === uri && p.version === 1);
    // Versions 2-13: "Load testing " (the first key is a word's first letter after an analysis; the last, a space, ends it).
    await typeLetters(s, uri, 'Load testing ', 4, 1);
    const trace = await s.connection.sendRequest(DebugEditTraceRequest, { uri });
    const analyzed = new Set(trace.published.map((p) => p.version));
    // "Load": held from the second letter on; the space after it is analyzed; "testing" held from its second letter.
    for (const v of [3, 4, 5, 8, 9, 10, 11, 12, 13]) expect(analyzed.has(v), `version ${v}`).toBe(false);
    expect(analyzed.has(6), 'the space after "Load"').toBe(true);
    expect(analyzed.has(14), 'the space after "testing"').toBe(true);
  });

  it('moves held diagnostics with the edits: a position after an insertion shifts, one before stays', () => {
    const range = { start: { line: 2, character: 4 }, end: { line: 2, character: 4 } };
    expect(movePosition({ line: 2, character: 10 }, range, 'ab')).toEqual({ line: 2, character: 12 });
    expect(movePosition({ line: 2, character: 3 }, range, 'ab')).toEqual({ line: 2, character: 3 });
    expect(movePosition({ line: 5, character: 1 }, range, 'a\nb')).toEqual({ line: 6, character: 1 });
    expect(movePosition({ line: 2, character: 6 }, { start: { line: 1, character: 2 }, end: { line: 2, character: 5 } }, '')).toEqual({ line: 1, character: 3 });
  });
});
