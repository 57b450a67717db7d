/**
 * Edit→diagnostics latency seen from outside (`npm run bench`, or `node dist/tools/bench.js
 * --outside` for this section alone): a dependency-free LSP client, as an editor other than VS
 * Code could be. It spawns `dist/server.js --stdio`, frames its JSON-RPC messages itself
 * (`Content-Length` headers, no vscode-* library), declares no pull diagnostics (the server
 * pushes them) and sends default settings.
 *
 * On generated plans of 5,000, 10,000 and 20,000 lines it prepends a character to lines spread
 * over the whole document (among them heading lines, which become paragraphs, and table rows,
 * which leave their table) and, in the next edit, removes it again. Each edit is sent the moment
 * the diagnostics for the previous version arrive, from the first diagnostics after opening
 * on (no pause to let the server settle). The latency of an edit is the time from writing it
 * to the pipe to reading the first `publishDiagnostics` for its version or a later one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fmt, stats } from './bench-stats.js';
import { generatePlan } from './plan-generator.js';

/** A JSON-RPC message as this client reads it. */
interface Message {
  id?: number | string;
  method?: string;
  params?: { uri?: string; version?: number };
  result?: unknown;
  error?: unknown;
}

/**
 * The smallest LSP client over stdio: `Content-Length` framing of JSON-RPC messages, requests
 * with an answer, and a wait for a notification that matches. Requests from the server are
 * answered with `null`.
 */
class RawClient {
  private buffer: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly answers = new Map<number, (m: Message) => void>();
  private waiters: Array<{ match: (m: Message) => boolean; resolve: (at: number) => void }> = [];
  readonly process: ChildProcess;

  constructor(server: string) {
    this.process = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.process.stdout!.on('data', (chunk: Buffer) => this.read(chunk));
  }

  private read(chunk: Buffer): void {
    const at = performance.now();
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/content-length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (!Number.isFinite(length)) throw new Error(`bench-outside: a message from the server has no Content-Length header: ${this.buffer.subarray(0, headerEnd).toString()}`);
      const bodyStart = headerEnd + 4;
      if (this.buffer.length < bodyStart + length) return;
      const message = JSON.parse(this.buffer.subarray(bodyStart, bodyStart + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(bodyStart + length);
      this.receive(message, at);
    }
  }

  private receive(m: Message, at: number): void {
    if (m.method !== undefined && m.id !== undefined) {
      this.send({ jsonrpc: '2.0', id: m.id, result: null });
      return;
    }
    if (m.method === undefined && typeof m.id === 'number') {
      this.answers.get(m.id)?.(m);
      this.answers.delete(m.id);
      return;
    }
    this.waiters = this.waiters.filter((w) => (w.match(m) ? (w.resolve(at), false) : true));
  }

  /** Writes one JSON-RPC message with its `Content-Length` header. */
  send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin!.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  /** Sends a request; resolves with the server's answer (result or error). */
  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.answers.set(id, resolve);
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Sends a notification. */
  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the `performance.now()` at which the first diagnostics of `uri` at `version` or later were read. */
  diagnostics(uri: string, version: number): Promise<number> {
    return new Promise((resolve) => {
      this.waiters.push({ match: (m) => m.method === 'textDocument/publishDiagnostics' && m.params?.uri === uri && (m.params.version ?? 0) >= version, resolve });
    });
  }

  /** `shutdown`, `exit`, and the server process's end. */
  async close(): Promise<void> {
    await this.request('shutdown', null);
    this.notify('exit', null);
    await new Promise((r) => this.process.once('exit', r));
  }
}

/** What the client measured on one plan. */
export interface OutsideResult {
  lines: number;
  /** Per edit, milliseconds from writing it to reading its diagnostics. */
  samples: number[];
  /** Open → first diagnostics (ms). */
  open: number;
  /** Lines edited that were headings, and table rows. */
  headings: number;
  tableRows: number;
}

/**
 * The lines to edit: `pairs` lines evenly spread over `text`; every fifth is moved to the nearest
 * heading line and every fifth but two to the nearest table row, so that both are always among them.
 */
export function editedLines(text: string, pairs: number): number[] {
  const all = text.split('\n');
  const nearest = (from: number, test: (l: string) => boolean) => {
    for (let d = 0; d < all.length; d++) {
      if (from + d < all.length && test(all[from + d]!)) return from + d;
      if (from - d >= 0 && test(all[from - d]!)) return from - d;
    }
    return from;
  };
  return Array.from({ length: pairs }, (_, i) => {
    const line = Math.floor(((i + 0.5) * (all.length - 1)) / pairs);
    if (i % 5 === 0) return nearest(line, (l) => /^#{1,6} /.test(l));
    if (i % 5 === 2) return nearest(line, (l) => l.startsWith('|'));
    return line;
  });
}

/** `edits` edits (half of them prepending a character, half removing it) on a generated plan of `lines` lines, through a fresh server. */
export async function measureOutside(server: string, lines: number, edits: number): Promise<OutsideResult> {
  const text = generatePlan(lines);
  const client = new RawClient(server);
  await client.request('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { textDocument: { synchronization: { dynamicRegistration: false }, publishDiagnostics: { versionSupport: true } } },
  });
  client.notify('initialized', {});
  const uri = 'untitled:outside.md';
  const opened = performance.now();
  const first = client.diagnostics(uri, 1);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  const open = (await first) - opened;
  const targets = editedLines(text, Math.ceil(edits / 2));
  const all = text.split('\n');
  const samples: number[] = [];
  let version = 1;
  for (const line of targets) {
    for (const change of [
      { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'x' },
      { range: { start: { line, character: 0 }, end: { line, character: 1 } }, text: '' },
    ]) {
      version++;
      const arrived = client.diagnostics(uri, version);
      const sent = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      samples.push((await arrived) - sent);
    }
  }
  await client.close();
  return {
    lines: all.length,
    samples,
    open,
    headings: targets.filter((l) => /^#{1,6} /.test(all[l]!)).length,
    tableRows: targets.filter((l) => all[l]!.startsWith('|')).length,
  };
}

/** The heading of the outside client's section of docs/performance.md. */
export const OUTSIDE_HEADING = '### Edits from an outside client';

/**
 * The outside-client part of docs/performance.md: how it edits, and per plan size the edits,
 * latency median / p95 / max and open → first diagnostics.
 *
 * @param server path of the built server bundle
 * @param quick the 5,000-line plan only, fewer edits
 * @param progress told each table row as it is measured
 */
export async function outsideSection(server: string, quick: boolean, progress: (row: string) => void = () => {}): Promise<string[]> {
  const rows = ['| plan lines | edits | headings / table rows edited | latency median ms | p95 ms | max ms | target p95 ms | open → first diagnostics ms |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
  const load = os.loadavg()[0]!;
  for (const lines of quick ? [5000] : [5000, 10000, 20000]) {
    const r = await measureOutside(server, lines, quick ? 20 : 100);
    const s = stats(r.samples);
    const row = `| ${r.lines} | ${r.samples.length} | ${r.headings} / ${r.tableRows} | ${fmt(s.median)} | ${fmt(s.p95)} | ${fmt(Math.max(...r.samples))} | ${lines <= 5000 ? 50 : 100} | ${fmt(r.open)} |`;
    rows.push(row);
    progress(row);
  }
  return [
    OUTSIDE_HEADING,
    '',
    'A dependency-free LSP client (`server/src/tools/bench-outside.ts`; `node dist/tools/bench.js',
    '--outside` runs this table alone and replaces it here): plain Node, its own `Content-Length`',
    'framing over `dist/server.js --stdio`, no pull diagnostics, default settings. It prepends a',
    'character to lines spread over the document, heading lines (which become paragraphs) and',
    'table rows among them, and removes it in the next edit; each edit is sent the moment the',
    'diagnostics for the previous version arrive, the first one right after the first diagnostics.',
    'Latency is from writing an edit to reading the diagnostics for its version. At 20,000 lines',
    'the first edit waits for the in-process analysis that follows the worker\'s (see above): it',
    'is the maximum there.',
    `The machine's 1-minute load average was ${load.toFixed(1)} on ${os.cpus().length} cores when this table was measured.`,
    '',
    ...rows,
    '',
  ];
}

/** Replaces the outside-client section of the performance document `file` (inserted before "## Requests on large plans" when it has none yet). */
export function replaceOutsideSection(file: string, section: string[]): void {
  const old = readFileSync(file, 'utf8');
  const start = old.indexOf(OUTSIDE_HEADING);
  const at = start === -1 ? old.indexOf('\n## Requests on large plans') + 1 : start;
  const next = start === -1 ? at : old.indexOf('\n#', start + OUTSIDE_HEADING.length) + 1;
  writeFileSync(file, `${old.slice(0, at)}${section.join('\n')}\n${old.slice(next)}`);
}
