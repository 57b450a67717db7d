// Plan sets in the language server (`npm run bench -- --sets`): a generated workspace of
// spec-kit feature folders, the workspace index build (time, memory) and edit → diagnostics
// latency for edits in a tasks.md that change its set's cross-file findings.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { WorkspaceDiagnosticRequest, type Position, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { DebugMemoryRequest } from '../protocol.js';
import { fmt, stats, type Stats } from './bench-stats.js';
import { LspSession } from './lsp-session.js';
import { random } from './plan-generator.js';

const root = process.cwd();
const SERVER = path.join(root, 'dist', 'server.js');

const NOUNS = ['report export', 'session store', 'billing API', 'invoice renderer', 'audit log', 'search index', 'rate limiter', 'webhook relay', 'settings page', 'notification feed'];
const ACTIONS = ['create', 'list', 'filter', 'archive', 'restore', 'share', 'schedule', 'revoke', 'import', 'audit'];

/** The three files of spec-kit feature `n`: spec.md (FR and SC IDs), plan.md, tasks.md (each ID referenced by a task). */
export function specKitFeature(n: number): { spec: string; plan: string; tasks: string } {
  const rnd = random(n + 1);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const noun = pick(NOUNS);
  const frs = 6 + Math.floor(rnd() * 6);
  const scs = 2 + Math.floor(rnd() * 3);
  const id = (p: string, i: number) => `${p}-${String(i).padStart(3, '0')}`;
  const spec = [`# Feature Specification: ${noun} ${n}`, '', `**Feature Branch**: \`${n}-${noun.replace(/ /g, '-')}\``, '', '## User Scenarios & Testing', ''];
  for (let s = 1; s <= 2; s++) {
    spec.push(`### User Story ${s} - ${pick(ACTIONS)} ${noun} items (Priority: P${s})`, '', `As an operator I want to ${pick(ACTIONS)} ${noun} items so that my team sees them.`, '');
    spec.push('**Acceptance Scenarios**:', '', `1. **Given** a ${noun} item, **When** I ${pick(ACTIONS)} it, **Then** the list shows it within 2 seconds.`, '');
  }
  spec.push('## Requirements', '', '### Functional Requirements', '');
  for (let i = 1; i <= frs; i++) spec.push(`- **${id('FR', i)}**: System MUST let users ${pick(ACTIONS)} ${noun} items from the ${pick(NOUNS)}.`);
  spec.push('', '## Success Criteria', '');
  for (let i = 1; i <= scs; i++) spec.push(`- **${id('SC', i)}**: ${95 + (i % 5)}% of ${pick(ACTIONS)} requests finish within ${i} seconds.`);
  spec.push('');
  const plan = [`# Implementation Plan: ${noun} ${n}`, '', '## Summary', '', `Adds ${noun} operations behind the existing API.`, '', '## Technical Context', '', '**Language/Version**: TypeScript 5', '**Testing**: vitest', ''];
  plan.push('## Project Structure', '', '```text', 'src/', `├── ${noun.replace(/ /g, '-')}/`, 'tests/', '```', '', '## Risks', '', `- The ${pick(NOUNS)} may lag behind. Mitigation: a nightly reconciliation job.`, '');
  const tasks = [`# Tasks: ${noun} ${n}`, '', '## Phase 1: Setup', '', '- [ ] T001 Create the project structure', '- [ ] T002 Configure vitest', '', '## Phase 2: User Story 1 (Priority: P1)', ''];
  let t = 3;
  for (let i = 1; i <= frs; i++) tasks.push(`- [ ] T${String(t++).padStart(3, '0')} [US1] Implement ${pick(ACTIONS)} for ${id('FR', i)} in src/${noun.replace(/ /g, '-')}/${i}.ts`);
  for (let i = 1; i <= scs; i++) tasks.push(`- [ ] T${String(t++).padStart(3, '0')} [US1] Measure ${id('SC', i)} in tests/perf-${i}.test.ts`);
  tasks.push('', '**Tests:** `npx vitest run` covers every task.', '', '**Checkpoint:** every task is checked and `npx vitest run` passes.', '', '## Phase 3: Polish', '', `- [ ] T${String(t++).padStart(3, '0')} Document the ${noun} operations`, '');
  return { spec: spec.join('\n'), plan: plan.join('\n'), tasks: tasks.join('\n') };
}

/** Writes a workspace of `files` plan files (spec-kit folders of three files; the last folder may hold fewer) under a new temporary folder. */
function writeWorkspace(files: number): { dir: string; bytes: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'planlint-bench-sets-'));
  let bytes = 0;
  for (let n = 1, written = 0; written < files; n++) {
    const folder = path.join(dir, 'specs', `${String(n).padStart(4, '0')}-feature`);
    mkdirSync(folder, { recursive: true });
    const f = specKitFeature(n);
    for (const [name, text] of [['spec.md', f.spec], ['tasks.md', f.tasks], ['plan.md', f.plan]] as const) {
      if (written === files) break;
      writeFileSync(path.join(folder, name), text);
      bytes += text.length;
      written++;
    }
  }
  return { dir, bytes };
}

const MiB = 1024 * 1024;

/** Server memory after a full collection (`planlint/debug/memory`), in MiB. */
async function memory(s: LspSession): Promise<{ rss: number; heap: number }> {
  const m = await s.connection.sendRequest(DebugMemoryRequest);
  return { rss: m.rss / MiB, heap: m.heapUsed / MiB };
}

/** Spawn → initialize on `dir` → workspace diagnostics of every file; the time, the reports and the memory then. */
async function buildIndex(dir: string, settings: unknown): Promise<{ session: LspSession; ms: number; reports: number; withFindings: number; rescanMs: number; mem: { rss: number; heap: number } }> {
  const t = performance.now();
  const session = new LspSession(SERVER, { PLANLINT_DEBUG_REQUESTS: '1' });
  await session.initialize({ textDocument: { publishDiagnostics: { versionSupport: true } } }, pathToFileURL(dir).href, settings);
  const report = await session.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
  const ms = performance.now() - t;
  const t2 = performance.now();
  await session.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: report.items.map((i) => ({ uri: i.uri, value: i.resultId! })) });
  const rescanMs = performance.now() - t2;
  const withFindings = report.items.filter((i) => i.kind === 'full' && i.items.length > 0).length;
  return { session, ms, reports: report.items.length, withFindings, rescanMs, mem: await memory(session) };
}

const hasUncovered = (p: PublishDiagnosticsParams, line: number) => p.diagnostics.some((d) => d.code === 'uncovered-requirement' && d.range.start.line === line);

/**
 * Edits in one tasks.md that change its set's findings: each removes the reference to FR-003
 * from its task or puts it back, so spec.md gains or loses `uncovered-requirement`. Returns the
 * time from the edit to the publication of tasks.md and to the re-publication of spec.md.
 */
async function crossFileEdits(session: LspSession, dir: string, edits: number, pauseMs: number, feature: number): Promise<{ tasks: Stats; spec: Stats }> {
  const folder = path.join(dir, 'specs', `${String(feature).padStart(4, '0')}-feature`);
  const f = specKitFeature(feature);
  const spec = pathToFileURL(path.join(folder, 'spec.md')).href;
  const tasks = pathToFileURL(path.join(folder, 'tasks.md')).href;
  await session.open(spec, f.spec, 1);
  await session.open(tasks, f.tasks, 1);
  await session.diagnostics((p) => p.uri === spec);
  const lines = f.tasks.split('\n');
  const line = lines.findIndex((l) => l.includes(' for FR-003 '));
  const character = lines[line]!.indexOf(' for FR-003') + ' for'.length;
  const specLine = f.spec.split('\n').findIndex((l) => l.includes('**FR-003**'));
  const at: Position = { line, character };
  const taskSamples: number[] = [];
  const specSamples: number[] = [];
  for (let i = 0; i < edits; i++) {
    const version = i + 2;
    const removing = i % 2 === 0;
    const start = session.published.length;
    const t = performance.now();
    await (removing ? session.edit(tasks, version, { start: at, end: { line, character: character + ' FR-003'.length } }, '') : session.edit(tasks, version, { start: at, end: at }, ' FR-003'));
    await session.diagnostics((p) => p.uri === tasks && p.version === version);
    taskSamples.push(performance.now() - t);
    await session.diagnostics((p) => p.uri === spec && session.published.indexOf(p) >= start && hasUncovered(p, specLine) === removing);
    specSamples.push(performance.now() - t);
    if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
  }
  return { tasks: stats(taskSamples), spec: stats(specSamples) };
}

/**
 * Edit → diagnostics of an open tasks.md while the index of `dir` is still being built: the
 * edits that were answered before the build ended (at most `edits`, `pauseMs` apart).
 */
async function editsDuringBuild(dir: string, edits: number, pauseMs: number): Promise<{ stats: Stats | undefined; count: number }> {
  const session = new LspSession(SERVER);
  await session.initialize({ textDocument: { publishDiagnostics: { versionSupport: true } } }, pathToFileURL(dir).href, { debounceMs: 0 });
  let built = false;
  const build = session.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] }).then(() => (built = true));
  const f = specKitFeature(3);
  const tasks = pathToFileURL(path.join(dir, 'specs', '0003-feature', 'tasks.md')).href;
  await session.open(tasks, f.tasks, 1);
  await session.diagnostics((p) => p.uri === tasks);
  const samples: number[] = [];
  for (let i = 0; i < edits && !built; i++) {
    const version = i + 2;
    const t = performance.now();
    await session.edit(tasks, version, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, i % 2 ? ' ' : 'x');
    await session.diagnostics((p) => p.uri === tasks && p.version === version);
    if (!built) samples.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  await build;
  await session.dispose();
  return { stats: samples.length ? stats(samples) : undefined, count: samples.length };
}

/** The "Plan sets in the editor" section of docs/performance.md. */
export async function setSection(quick: boolean): Promise<string[]> {
  const files = quick ? 300 : 2000;
  const load = os.loadavg()[0]!;
  const edits = quick ? 40 : 200;
  const empty = mkdtempSync(path.join(os.tmpdir(), 'planlint-bench-empty-'));
  const base = await buildIndex(empty, { debounceMs: 0 });
  await base.session.dispose();
  rmSync(empty, { recursive: true, force: true });
  const { dir, bytes } = writeWorkspace(files);
  const rows: string[] = [];
  try {
    const built = await buildIndex(dir, { debounceMs: 0 });
    const fast = await crossFileEdits(built.session, dir, edits, 0, 7);
    await built.session.dispose();
    const during = await editsDuringBuild(dir, edits, 20);
    const typed = await buildIndex(dir, { debounceMs: null });
    const paced = await crossFileEdits(typed.session, dir, edits, 100, 11);
    await typed.session.dispose();
    const folders = Math.ceil(files / 3);
    rows.push(
      '## Plan sets in the editor (workspace index)',
      '',
      `Measured with \`npm run bench -- --sets\` (\`server/src/tools/bench-sets.ts\`): a generated workspace of ${files.toLocaleString('en')} plan files`,
      `(${Math.round(bytes / 1024).toLocaleString('en')} KiB), ${folders} spec-kit feature folders of \`spec.md\` (6-11 FR, 2-4 SC), \`tasks.md\` (a task per ID) and \`plan.md\`.`,
      'The server is started on the folder; `workspace/diagnostic` answers once the index has read and analyzed every',
      'file. Memory is the server\'s after a full garbage collection, minus an empty workspace\'s.',
      `The machine's 1-minute load average was ${load.toFixed(1)} on ${os.cpus().length} cores when the run started.`,
      '',
      '| measure | value |',
      '| --- | ---: |',
      `| index build: spawn, initialize, read and analyze ${files.toLocaleString('en')} files, cross-file pass, workspace diagnostics of every file | ${(built.ms / 1000).toFixed(2)} s |`,
      `| workspace diagnostics again, every file unchanged (\`previousResultIds\`) | ${fmt(built.rescanMs)} ms |`,
      `| files reported / with findings | ${built.reports} / ${built.withFindings} |`,
      `| server heap after build (empty workspace: ${base.mem.heap.toFixed(0)} MiB) | ${built.mem.heap.toFixed(0)} MiB (+${(built.mem.heap - base.mem.heap).toFixed(0)}) |`,
      `| server RSS after build (empty workspace: ${base.mem.rss.toFixed(0)} MiB) | ${built.mem.rss.toFixed(0)} MiB (+${(built.mem.rss - base.mem.rss).toFixed(0)}) |`,
      '',
      `Edit → diagnostics in one \`tasks.md\` of the indexed workspace, ${edits} edits, each removing a task's`,
      'reference to FR-003 or putting it back, so that `spec.md` (open too) gains or loses `uncovered-requirement`:',
      '',
      '| measure | median ms | p95 ms |',
      '| --- | ---: | ---: |',
      `| edit → tasks.md diagnostics, \`debounceMs: 0\` (processing latency) | ${fmt(fast.tasks.median)} | ${fmt(fast.tasks.p95)} |`,
      `| edit → spec.md re-published with the changed finding, \`debounceMs: 0\` | ${fmt(fast.spec.median)} | ${fmt(fast.spec.p95)} |`,
      `| edit → tasks.md diagnostics, default settings, edits 100 ms apart | ${fmt(paced.tasks.median)} | ${fmt(paced.tasks.p95)} |`,
      `| edit → spec.md re-published, default settings, edits 100 ms apart | ${fmt(paced.spec.median)} | ${fmt(paced.spec.p95)} |`,
      `| edit → tasks.md diagnostics while the index is still being built (${during.count} edits, 20 ms apart, \`debounceMs: 0\`) | ${during.stats ? fmt(during.stats.median) : '-'} | ${during.stats ? fmt(during.stats.p95) : '-'} |`,
      '',
      'The build runs in the background, one file at a time between messages, so open documents are',
      'answered meanwhile (last row). Profiled once by hand (2,001 such files, 2026-12-05): the single-file analyses are',
      'about 60% of the build (the remark parse alone 40%), garbage collection 13%, reading the files 7%.',
      '',
      'An edit re-analyzes the edited document (incrementally) and runs the cross-file pass over its set',
      `only (\`server/src/lsp/set-view.ts\`); the other ${(files - 3).toLocaleString('en')} files are not read again.`,
      '',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
