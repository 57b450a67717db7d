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
 * later one (typing coalesces versions). The same edits replayed in process split the server's
 * work into parse and the rest (model, rules, score); what remains of the latency is transport,
 * serialisation and the throttle's wait.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { analyze, parseDocument, type Analysis, type ParsedDocument } from '../core/index.js';
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

/** Latency of each of `count` edits of `pattern` on `text`, through a fresh server; and the edits made. */
async function measure(server: string, text: string, pattern: Pattern, count: number): Promise<{ samples: number[]; changes: TextDocumentContentChangeEvent[][] }> {
  const session = new LspSession(server);
  await session.initialize({});
  const uri = 'untitled:bench-edits.md';
  await session.open(uri, text, 1);
  await session.diagnostics((p) => p.uri === uri && p.version === 1);
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
  // An edit's diagnostics are the first publication of its version or of a later one.
  const samples = sent.map((s) => {
    const k = session.published.findIndex((p, j) => p.uri === uri && (p.version ?? 0) >= s.version && session.receivedAt[j]! >= s.at);
    return session.receivedAt[k]! - s.at;
  });
  await session.dispose();
  return { samples, changes };
}

/** In-process replay of `changes` on `text`: milliseconds per edit of the incremental parse and of the whole incremental analysis. */
function replay(text: string, changes: TextDocumentContentChangeEvent[][]): { parse: number[]; analysis: number[] } {
  let doc = TextDocument.create('untitled:replay.md', 'markdown', 1, text);
  let previousAnalysis: Analysis | undefined = analyze(text);
  let previousParse: ParsedDocument | undefined = parseDocument(text);
  const parse: number[] = [];
  const analysis: number[] = [];
  for (const change of changes) {
    doc = TextDocument.update(doc, change, doc.version + 1);
    const next = doc.getText();
    let t = performance.now();
    previousParse = parseDocument(next, previousParse);
    parse.push(performance.now() - t);
    t = performance.now();
    previousAnalysis = analyze(next, undefined, { previous: previousAnalysis?.document });
    analysis.push(performance.now() - t);
  }
  return { parse, analysis };
}

/**
 * The rows of the edit-pattern table: for each plan size and pattern, latency median / p95 / max,
 * and the median in-process parse and analysis time of the same edits.
 *
 * @param server path of the built server bundle
 * @param quick fewer edits and the 5,000-line plan only
 */
export async function editSection(server: string, quick: boolean): Promise<string[]> {
  const rows = [
    '| plan lines | pattern | edits | latency median ms | p95 ms | max ms | parse (in process) ms | whole analysis (in process) ms | transport, serialisation, throttle ms |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const lines of quick ? [5000] : [5000, 20000]) {
    const text = generatePlan(lines);
    for (const pattern of patterns()) {
      const count = quick ? 24 : lines >= 20000 ? 60 : 120;
      const { samples, changes } = await measure(server, text, pattern, count);
      const { parse, analysis } = replay(text, changes);
      const latency = stats(samples);
      const work = stats(analysis).median;
      const row = `| ${lines} | ${pattern.name} | ${count} | ${fmt(latency.median)} | ${fmt(latency.p95)} | ${fmt(Math.max(...samples))} | ${fmt(stats(parse).median)} | ${fmt(work)} | ${fmt(Math.max(0, latency.median - work))} |`;
      rows.push(row);
      process.stdout.write(`${row}\n`);
    }
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
    'diagnostics for its version or a later one; the in-process columns replay the same edits',
    'through the incremental parse and the whole incremental analysis. A plan over 512 Ki',
    'characters is first analyzed in a worker; when that took under 4 s, the server analyzes it',
    'once more in process right after publishing (the one pause, just after opening) and every edit',
    'after that incrementally in process.',
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
