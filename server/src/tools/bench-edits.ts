/**
 * Edit→diagnostics latency for the ways people edit, through the real server over stdio
 * (`npm run bench`, or `node dist/tools/bench.js --edits` for this section alone):
 *
 * - typing: a word typed letter by letter at the end of a paragraph, one key every 80 ms
 *   (a fast typist), whatever the server is doing;
 * - back to back: a character put before a line across the document and taken away again,
 *   each edit sent the moment the previous edit's diagnostics arrive (some edits unmake a
 *   heading or break a table row);
 * - structural: a heading made and unmade, a fence opened and closed (the rest of the document
 *   becomes code and back), a table row added and removed, back to back.
 *
 * Every pattern runs with default settings on generated plans of 5,000 and 20,000 lines. The
 * latency of an edit is the time from sending it to the first diagnostics for its version or a
 * later one (typing coalesces versions). Edits start once the server has answered a request sent
 * after the first diagnostics: a plan over the worker threshold is analyzed once more in process
 * right after it is opened, and that pause is reported on its own, not inside the edits. The
 * same edits replayed in process split the server's work into its steps (parse, model passes,
 * rules and score, the conversion to diagnostics and their JSON); the server's own trace
 * (`planlint/debug/editTrace`) gives the wait from an edit's arrival to the start of the analysis
 * published for it (the throttle, and the queue behind an earlier analysis); transport is the
 * round trip of a request with an empty answer on the same connection; the rest of the mean
 * latency is what none of these cover (the server's work beyond the replay's, the client
 * reading the message).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis, type AnalysisTimings } from '../core/index.js';
import { toDiagnostics } from '../lsp/lint.js';
import { DebugEditTraceRequest } from '../protocol.js';
import { fmt, stats } from './bench-stats.js';
import { LspSession } from './lsp-session.js';
import { generatePlan, random } from './plan-generator.js';

/** One edit: an LSP range change, and how it is paced. */
interface Edit {
  change: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string };
}

/** An edit pattern: the edits it makes on `doc` (called once per edit, on the document as it is then). */
interface Pattern {
  name: string;
  /** Milliseconds between edits, or `'arrival'`: the next edit when the previous one's diagnostics arrive. */
  pace: number | 'arrival';
  next(doc: TextDocument, i: number): Edit;
}

const at = (line: number, character: number) => ({ line, character });
const insert = (line: number, character: number, text: string): Edit => ({ change: { range: { start: at(line, character), end: at(line, character) }, text } });
const remove = (line: number, from: number, toLine: number, to: number): Edit => ({ change: { range: { start: at(line, from), end: at(toLine, to) }, text: '' } });

/** Lines of `doc` whose text passes `test`, spread over the document. */
function linesWhere(doc: TextDocument, test: (line: string) => boolean): number[] {
  return doc
    .getText()
    .split('\n')
    .flatMap((l, i) => (test(l) ? [i] : []));
}

const isProse = (l: string) => /^[A-Z][a-z]+ [a-z]/.test(l) && !l.includes('|');

/** The edit patterns, each with its own pseudo-random positions (seeded, so runs compare). */
function patterns(): Pattern[] {
  const word = 'throughput ';
  let typingLine = -1;
  const rndB = random(21);
  const rndS = random(22);
  let lastB: { line: number } | undefined;
  const structural: Array<(doc: TextDocument) => [Edit, Edit]> = [
    (doc) => {
      const lines = linesWhere(doc, isProse);
      const line = lines[Math.floor(rndS() * lines.length)]!;
      return [insert(line, 0, '## '), remove(line, 0, line, 3)];
    },
    (doc) => {
      const lines = linesWhere(doc, (l) => l === '');
      const line = lines[Math.floor(rndS() * lines.length)]!;
      return [insert(line, 0, '```\n'), remove(line, 0, line + 1, 0)];
    },
    (doc) => {
      const lines = linesWhere(doc, (l) => /^\| [^-]/.test(l));
      const line = lines[Math.floor(rndS() * lines.length)]! + 1;
      return [insert(line, 0, '| added | row | here |\n'), remove(line, 0, line + 1, 0)];
    },
  ];
  let pending: Edit | undefined;
  return [
    {
      name: 'typing a word in a paragraph, a key every 80 ms',
      pace: 80,
      next(doc, i) {
        if (typingLine < 0) {
          const lines = linesWhere(doc, isProse);
          typingLine = lines[Math.floor(lines.length / 2)]!;
        }
        const end = doc.getText().split('\n')[typingLine]!.length;
        return insert(typingLine, end, word[i % word.length]!);
      },
    },
    {
      name: 'back to back: a character before a line, then taken away',
      pace: 'arrival',
      next(doc) {
        if (lastB) {
          const e = remove(lastB.line, 0, lastB.line, 1);
          lastB = undefined;
          return e;
        }
        const line = Math.floor(rndB() * (doc.lineCount - 1));
        lastB = { line };
        return insert(line, 0, 'x');
      },
    },
    {
      name: 'structural, back to back: heading made and unmade, fence opened and closed, table row added and removed',
      pace: 'arrival',
      next(doc, i) {
        if (pending) {
          const e = pending;
          pending = undefined;
          return e;
        }
        const [make, unmake] = structural[Math.floor(i / 2) % structural.length]!(doc);
        pending = unmake;
        return make;
      },
    },
  ];
}

/** What one pattern measured through the server. */
interface Measured {
  samples: number[];
  changes: TextDocumentContentChangeEvent[][];
  /** Open → first diagnostics (ms). */
  open: number;
  /** First diagnostics → the server answers a request (ms): the one pause after opening, if any. */
  settle: number;
  /** Round trips of a request with an empty answer after the edits (ms). */
  transport: number[];
  /** Per edit, the server's wait from the edit's arrival to the start of the analysis published for it (ms): the throttle and the queue. */
  waits: number[];
  /** Per edit, whether the server answered it with quiet typing's held diagnostics: published for its version with no analysis. */
  held: boolean[];
}

/** A request every server answers at once, with an error: its round trip is the transport alone. */
const PING = 'planlint/bench/ping';

async function ping(session: LspSession): Promise<number> {
  const t = performance.now();
  await session.connection.sendRequest(PING).catch(() => undefined);
  return performance.now() - t;
}

/** Latency of each of `count` edits of `pattern` on `text`, through a fresh server; and the edits made. */
async function measure(server: string, text: string, pattern: Pattern, count: number): Promise<Measured> {
  const session = new LspSession(server, { PLANLINT_DEBUG_REQUESTS: '1' });
  await session.initialize({});
  const uri = 'untitled:bench-edits.md';
  const opened = performance.now();
  await session.open(uri, text, 1);
  await session.diagnostics((p) => p.uri === uri && p.version === 1);
  const open = performance.now() - opened;
  // Answered once the server is free again: after the in-process analysis that follows a worker's.
  const settle = await ping(session);
  let doc = TextDocument.create(uri, 'markdown', 1, text);
  const sent: Array<{ version: number; at: number }> = [];
  const changes: TextDocumentContentChangeEvent[][] = [];
  const waitFor = (version: number) => session.diagnostics((p) => p.uri === uri && (p.version ?? 0) >= version);
  for (let i = 0; i < count; i++) {
    const edit = pattern.next(doc, i);
    const version = doc.version + 1;
    doc = TextDocument.update(doc, [edit.change], version);
    changes.push([edit.change]);
    sent.push({ version, at: performance.now() });
    await session.edit(uri, version, edit.change.range, edit.change.text);
    const pace = pattern.pace;
    if (pace === 'arrival') await waitFor(version);
    else await new Promise((r) => setTimeout(r, pace));
  }
  await waitFor(doc.version);
  const transport: number[] = [];
  for (let i = 0; i < 20; i++) transport.push(await ping(session));
  const trace = await session.connection.sendRequest(DebugEditTraceRequest, { uri });
  const analyzed = new Set(trace.published.map((p) => p.version));
  const answered = new Set(session.published.filter((p) => p.uri === uri).map((p) => p.version));
  const held = sent.map((s) => answered.has(s.version) && !analyzed.has(s.version));
  // A held edit is answered on arrival: it waits for no analysis.
  const waits = sent.map((s, i) => {
    if (held[i]) return 0;
    const arrived = trace.arrived.find((a) => a.version === s.version)!;
    const p = trace.published.find((q) => q.version >= s.version && q.at >= arrived.at);
    return p ? Math.max(0, p.started - arrived.at) : 0;
  });
  // An edit's diagnostics are the first publication of its version or of a later one.
  const samples = sent.map((s) => {
    const k = session.published.findIndex((p, j) => p.uri === uri && (p.version ?? 0) >= s.version && session.receivedAt[j]! >= s.at);
    return session.receivedAt[k]! - s.at;
  });
  await session.dispose();
  return { samples, changes, open, settle, transport, waits, held };
}

/** Milliseconds of each in-process step of one edit. */
interface Steps extends AnalysisTimings {
  /** Findings to LSP diagnostics, and their JSON (the server writes it twice: kept to compare, and sent). */
  serialisation: number;
}

/** In-process replay of `changes` on `text`: the milliseconds of each step of every edit's incremental analysis. */
function replay(text: string, changes: TextDocumentContentChangeEvent[][]): Steps[] {
  const uri = 'untitled:replay.md';
  let doc = TextDocument.create(uri, 'markdown', 1, text);
  let previous: Analysis | undefined = analyze(text);
  const steps: Steps[] = [];
  for (const change of changes) {
    doc = TextDocument.update(doc, change, doc.version + 1);
    const timings: Steps = { parse: 0, model: 0, rules: 0, score: 0, serialisation: 0 };
    previous = analyze(doc.getText(), undefined, { previous: previous?.document, timings });
    const t = performance.now();
    const diagnostics = toDiagnostics(uri, doc.version, previous, undefined);
    JSON.stringify(diagnostics);
    JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version: doc.version, diagnostics } });
    timings.serialisation = performance.now() - t;
    steps.push(timings);
  }
  return steps;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * The rows of the edit-pattern table: for each plan size and pattern, latency median / p95 / max
 * and mean, and the mean milliseconds (share of the mean latency) of each step: parse, model
 * passes, rules and score, cross-file pass, serialisation, the throttle wait and queue,
 * transport, and the rest; then the open → first diagnostics time and the pause after it for
 * each plan size.
 *
 * @param server path of the built server bundle
 * @param quick fewer edits and the 5,000-line plan only
 */
export async function editSection(server: string, quick: boolean): Promise<string[]> {
  const rows = [
    '| plan lines | pattern | edits | held | latency median ms | p95 ms | max ms | mean ms | parse | model passes | rules and score | cross-file pass | serialisation | throttle wait and queue | transport | the rest |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  /** Per plan size: open → first diagnostics, and the pause after it (ms), from the last pattern's session. */
  const opens = new Map<number, { open: number; settle: number }>();
  for (const lines of quick ? [5000] : [5000, 20000]) {
    const text = generatePlan(lines);
    for (const pattern of patterns()) {
      const count = quick ? 24 : lines >= 20000 ? 60 : 120;
      const { samples, changes, open, settle, transport, waits, held } = await measure(server, text, pattern, count);
      // A held edit costs the server no analysis: its replayed steps do not count.
      const steps = replay(text, changes).map((step, i): Steps => (held[i] ? { parse: 0, model: 0, rules: 0, score: 0, serialisation: 0 } : step));
      const latency = stats(samples);
      const total = mean(samples);
      const part = (ms: number) => `${fmt(ms)} (${Math.round((100 * ms) / total)}%)`;
      const parse = mean(steps.map((s) => s.parse));
      const model = mean(steps.map((s) => s.model));
      const rules = mean(steps.map((s) => s.rules + s.score));
      const serialisation = mean(steps.map((s) => s.serialisation));
      const wire = stats(transport).median;
      const wait = mean(waits);
      const rest = Math.max(0, total - parse - model - rules - serialisation - wait - wire);
      // The generated plan belongs to no plan set: the server runs no cross-file pass for it.
      const row = `| ${lines} | ${pattern.name} | ${count} | ${held.filter(Boolean).length} | ${fmt(latency.median)} | ${fmt(latency.p95)} | ${fmt(Math.max(...samples))} | ${fmt(total)} | ${part(parse)} | ${part(model)} | ${part(rules)} | 0 (0%) | ${part(serialisation)} | ${part(wait)} | ${part(wire)} | ${part(rest)} |`;
      rows.push(row);
      process.stdout.write(`${row}\n`);
      opens.set(lines, { open, settle });
    }
  }
  rows.push('');
  for (const [lines, { open, settle }] of opens) {
    rows.push(`At ${lines.toLocaleString('en-US')} lines: open → first diagnostics ${fmt(open)} ms; the server answered its next request ${fmt(settle)} ms after that.`);
  }
  return rows;
}

/** The edit-pattern part of docs/performance.md, from its table rows. */
export function editSectionText(rows: string[]): string[] {
  return [
    EDITS_HEADING,
    '',
    'Default settings (`server/src/tools/bench-edits.ts`; `node dist/tools/bench.js --edits` runs',
    'this table alone and replaces it here). Latency is from sending an edit to the first',
    'diagnostics for its version or a later one. The step columns are mean milliseconds per edit',
    'and their share of the mean latency: parse, model passes, rules and score come from replaying',
    'the same edits in process through the incremental analysis; serialisation is the conversion',
    'of findings to diagnostics and their JSON (written twice: kept to compare, and sent);',
    'the throttle wait and queue is measured by the server (`planlint/debug/editTrace`): from the',
    'arrival of an edit to the start of the analysis published for it; transport is the round trip',
    'of a request with an empty answer on the same connection; the rest is what none of these',
    'cover (the server doing the same work more slowly than the replay, the client reading the',
    'message). The generated plan belongs to no plan set, so no cross-file pass runs for it (its',
    'cost for a set member is in the plan-set table above).',
    '',
    'A plan over 512 Ki characters (the 20,000-line one) is first analyzed in a worker; when that',
    'cost under 4 s (the lesser of its wall and CPU time), the server analyzes it once more in',
    'process once the first diagnostics are out, so that every edit after that is incremental in',
    'process. That second analysis is the one pause after opening: it is reported below the table',
    '(the first request sent after the first diagnostics is answered when it ends), and the edits',
    'start after it. An edit made during it waits for it.',
    '',
    'Typing: while a word is being typed, quiet typing shows the diagnostics of the text before',
    'the word (moved with the edits), so a key inside a word is answered with those at once and',
    'costs no analysis; the key that ends the word (or a pause of 800 ms) is analyzed. A',
    'character put before a line or taken away beside a word is such a key too. The step columns',
    'count no replayed cost for an edit answered that way; "held" is how many were.',
    '',
    ...rows,
    '',
  ];
}

const EDITS_HEADING = '### Edits as people make them';

/**
 * Replaces the edit-pattern part of the performance document `file` with `rows` (inserted before
 * "## CLI on many plans" when the document has none yet).
 */
export function replaceEditSection(file: string, rows: string[]): void {
  const old = readFileSync(file, 'utf8');
  const start = old.indexOf(EDITS_HEADING);
  const at = start === -1 ? old.indexOf('\n## CLI on many plans') + 1 : start;
  const next = start === -1 ? at : old.indexOf('\n#', start + EDITS_HEADING.length) + 1;
  writeFileSync(file, `${old.slice(0, at)}${editSectionText(rows).join('\n')}\n${old.slice(next)}`);
}
