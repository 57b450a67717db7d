/**
 * `npm run bench`: timings measured in one run on this machine, printed as a table and written
 * to docs/performance.md. Figures are medians and 95th percentiles in milliseconds; compare
 * ratios within one run (shared machines are noisy).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { analyze, LineIndex, VERSION } from '../core/index.js';
import { generatePlan, random } from './plan-generator.js';

const root = process.cwd();

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))]!;
  return { median: at(0.5), p95: at(0.95) };
}

function time(fn: () => void, runs: number): { median: number; p95: number } {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** Edit→diagnostics latency through the real server over stdio: `edits` one-character edits spread over the plan. */
async function lspLatency(text: string, edits: number, debounceMs: number | null): Promise<{ median: number; p95: number; full: number }> {
  const server = spawn(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  const waiting = new Map<number, () => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => waiting.get(p.version ?? -1)?.());
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null, initializationOptions: { settings: { debounceMs } } });
  await connection.sendNotification(InitializedNotification.type, {});
  const uri = 'untitled:bench-plan.md';
  const published = (version: number) => new Promise<void>((resolve) => waiting.set(version, resolve));
  let t = performance.now();
  let done = published(1);
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  await done;
  const full = performance.now() - t;
  const lines = new LineIndex(text);
  const rnd = random(7);
  const samples: number[] = [];
  for (let i = 0; i < edits; i++) {
    const line = Math.floor(rnd() * (lines.lineCount - 1));
    const version = i + 2;
    done = published(version);
    t = performance.now();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: i % 2 ? ' ' : 'x' }],
    });
    await done;
    samples.push(performance.now() - t);
  }
  connection.dispose();
  server.kill();
  return { ...stats(samples), full };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const sizes = quick ? [100, 1000, 5000] : [100, 1000, 5000, 20000];
  const parser = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter);
  const rows: string[] = ['| plan lines | bytes | remark parse (median / p95 ms) | planlint analysis (median / p95 ms) | ratio |', '| ---: | ---: | ---: | ---: | ---: |'];
  for (const size of sizes) {
    const text = generatePlan(size);
    const runs = size >= 20000 ? 3 : size >= 5000 ? 5 : 20;
    const parse = time(() => parser.parse(text), runs);
    const full = time(() => analyze(text), runs);
    rows.push(`| ${text.split('\n').length} | ${text.length} | ${fmt(parse.median)} / ${fmt(parse.p95)} | ${fmt(full.median)} / ${fmt(full.p95)} | ${(full.median / parse.median).toFixed(2)} |`);
    process.stdout.write(`${rows[rows.length - 1]}\n`);
  }
  const plan = generatePlan(5000);
  const edits = quick ? 50 : 200;
  const lsp = await lspLatency(plan, edits, null);
  const lsp0 = await lspLatency(plan, edits, 0);
  const latency = [
    '| measure | median ms | p95 ms |',
    '| --- | ---: | ---: |',
    `| open → first diagnostics (5,000-line plan) | ${fmt(lsp.full)} | |`,
    `| edit → diagnostics, ${edits} one-character edits, default settings | ${fmt(lsp.median)} | ${fmt(lsp.p95)} |`,
    `| edit → diagnostics, ${edits} one-character edits, debounceMs 0 | ${fmt(lsp0.median)} | ${fmt(lsp0.p95)} |`,
  ];
  process.stdout.write(`${latency.join('\n')}\n`);
  const doc = [
    '# Performance',
    '',
    'Generated by `npm run bench` (`server/src/tools/bench.ts`) on one machine in one run; the',
    'plans come from the committed generator (`server/src/tools/plan-generator.ts`). Shared',
    'machines are noisy: compare the ratios within a run, not the figures across runs.',
    '',
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, planlint ${VERSION}, micromark ${JSON.parse(readFileSync(path.join(root, 'node_modules', 'micromark', 'package.json'), 'utf8')).version}.`,
    '',
    '## Analysis vs parse',
    '',
    'remark parse is a whole-document parse (the floor a markdown linter stands on); planlint',
    'analysis is the whole pipeline: section-wise parse, plan model, 20 rules, score.',
    '',
    ...rows,
    '',
    '## Editor latency (language server over stdio)',
    '',
    ...latency,
    '',
  ].join('\n');
  if (!quick) writeFileSync(path.join(root, 'docs', 'performance.md'), doc);
}

void main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
