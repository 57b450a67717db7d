import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DiagnosticRefreshRequest,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DocumentDiagnosticRequest,
  FileChangeType,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  WorkspaceDiagnosticRequest,
  type CompletionItem,
  type FullDocumentDiagnosticReport,
  type Location,
  type MarkupContent,
  type Position,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver-protocol/node';
import { LintTextRequest, OutlineRequest } from '../server/src/protocol.js';
import { LspSession } from '../server/src/tools/lsp-session.js';
import { INVALID_SUPPRESSION, rulesById } from '../server/src/core/index.js';
import { planlint } from './helpers/cli.js';
import { CORPUS, hasCorpus } from './helpers/corpus.js';
import { SERVER } from './helpers/server.js';

const SPEC = [
  '# Feature Specification: Export reports', // 0
  '',
  '## Requirements',
  '',
  '### Functional Requirements',
  '',
  '- **FR-001**: Users can export a report as CSV.', // 6
  '- **FR-002**: Users can schedule a weekly export.', // 7
  '- **FR-003**: Admins can revoke an export link.', // 8
  '',
  '## Success Criteria',
  '',
  '- **SC-001**: An export of 10,000 rows finishes within 5 seconds.', // 12
  '',
].join('\n');

const TASKS = [
  '# Tasks: Export reports', // 0
  '',
  '## Phase 1: Core',
  '',
  '- [ ] T001 Write the CSV writer for FR-001', // 4
  '- [ ] T002 Build the weekly scheduler for FR-002', // 5
  '- [ ] T003 Expire links for FR-003', // 6
  '- [ ] T004 Benchmark 10,000 rows against SC-001 and FR-001', // 7
  '',
  '**Tests:** `npm test` covers the writer and the scheduler.',
  '',
  '**DoD:** all four tasks are checked and `npm test` passes.',
  '',
].join('\n');

const REQUIREMENTS = [
  '# Requirements Document', // 0
  '',
  '## Requirements',
  '',
  '### Requirement 1', // 4
  '',
  '**User Story:** As an operator, I want jobs listed, so that I can see what runs.',
  '',
  '#### Acceptance Criteria',
  '',
  '1. WHEN the page opens THEN the system SHALL list every job', // 10
  '2. WHEN a job fails THEN the system SHALL show its last error', // 11
  '',
].join('\n');

const KIRO_TASKS = [
  '# Implementation Plan', // 0
  '',
  '- [ ] 1. List jobs on the page', // 2
  '  - Query the scheduler for every job',
  '  - _Requirements: 1.1_', // 4
  '- [ ] 2. Show job errors', // 5
  '  - _Requirements: 1.2, 4.3_', // 6
  '',
].join('\n');

const PUSH = { textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } }, workspace: { workspaceEdit: { documentChanges: false } } };
const PULL = { textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } }, workspace: { diagnostics: { refreshSupport: true } } };

const sessions: LspSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});

function session(): LspSession {
  const s = new LspSession(SERVER);
  sessions.push(s);
  return s;
}

/** A temporary workspace folder holding `files` (relative paths); returns its path and file URIs by relative path. */
function workspace(files: Record<string, string>): { root: string; rootUri: string; uri: (rel: string) => string } {
  const root = mkdtempSync(path.join(tmpdir(), 'planlint-sets-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return { root, rootUri: pathToFileURL(root).href, uri: (rel) => pathToFileURL(path.join(root, rel)).href };
}

/**
 * A workspace holding the spec-kit export set (spec.md and tasks.md, plus `extra` files), with
 * `s` initialized on it (push diagnostics, no debounce); returns it and its two files' URIs.
 */
async function exportSet(s: LspSession, extra: Record<string, string> = {}): Promise<{ ws: ReturnType<typeof workspace>; spec: string; tasks: string }> {
  const ws = workspace({ 'specs/001-export/spec.md': SPEC, 'specs/001-export/tasks.md': TASKS, ...extra });
  await s.initialize(PUSH, ws.rootUri, { debounceMs: 0 });
  return { ws, spec: ws.uri('specs/001-export/spec.md'), tasks: ws.uri('specs/001-export/tasks.md') };
}

/** The LSP position of the first occurrence of `needle` in `text` (plus `offset` characters). */
function at(text: string, needle: string, offset = 1): Position {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" is not in the text`);
  const before = text.slice(0, i + offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

const uncoveredLines = (p: { diagnostics: Array<{ code?: unknown; range: { start: { line: number } } }> }) => p.diagnostics.filter((d) => d.code === 'uncovered-requirement').map((d) => d.range.start.line);

describe('plan sets over LSP', () => {
  it('a change in tasks.md re-publishes spec.md with the requirement it no longer covers, at its definition line, and back', async () => {
    const s = session();
    const { spec, tasks } = await exportSet(s);
    await s.open(spec, SPEC);
    await s.open(tasks, TASKS);
    const first = await s.diagnostics((p) => p.uri === spec);
    expect(uncoveredLines(first)).toEqual([]);

    const start = s.published.length;
    await s.change(tasks, TASKS.replace('Expire links for FR-003', 'Expire links'), 2);
    const uncovered = await s.diagnostics((p) => p.uri === spec && s.published.indexOf(p) >= start && uncoveredLines(p).length > 0);
    expect(uncoveredLines(uncovered)).toEqual([8]);
    const d = uncovered.diagnostics.find((x) => x.code === 'uncovered-requirement')!;
    expect(d.message).toContain('FR-003');
    expect(d.message).toContain('spec.md, tasks.md');
    expect(uncovered.version).toBe(1);

    const again = s.published.length;
    await s.change(tasks, TASKS, 3);
    const covered = await s.diagnostics((p) => p.uri === spec && s.published.indexOf(p) >= again);
    expect(uncoveredLines(covered)).toEqual([]);
  });

  it('after edits in quick succession, the last diagnostics published for spec.md are those of the last tasks.md', async () => {
    const s = session();
    const { spec, tasks } = await exportSet(s);
    await s.open(spec, SPEC);
    await s.open(tasks, TASKS);
    await s.diagnostics((p) => p.uri === spec);
    // 31 edits sent back to back, each toggling FR-003's reference; the last one removes it.
    const variants = [TASKS.replace(' for FR-003', ''), TASKS];
    for (let i = 0; i < 30; i++) await s.change(tasks, variants[i % 2]!, i + 2);
    await s.change(tasks, variants[0]!, 32);
    await s.diagnostics((p) => p.uri === tasks && p.version === 32);
    const final = (await s.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: spec } })) as FullDocumentDiagnosticReport;
    expect(final.items.filter((d) => d.code === 'uncovered-requirement').map((d) => d.range.start.line)).toEqual([8]);
    // One more round trip: what the server published before answering it has arrived.
    await s.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: spec } });
    expect(s.published.filter((p) => p.uri === spec).at(-1)!.diagnostics).toEqual(final.items);
  });

  it('a reference that no file of the set defines is reported in tasks.md, on its line', async () => {
    const s = session();
    const { tasks } = await exportSet(s);
    // spec.md is never opened: the index read it from disk.
    await s.open(tasks, TASKS.replace('for FR-002', 'for FR-009'));
    const p = await s.diagnostics((x) => x.uri === tasks && x.diagnostics.some((d) => d.code === 'unknown-reference'));
    expect(p.diagnostics.filter((d) => d.code === 'unknown-reference').map((d) => [d.range.start.line, String(d.message).includes('FR-009')])).toEqual([[5, true]]);
  });

  it('definition, references, hover, completion and CodeLens of requirement IDs cross the files of the set', async () => {
    const s = session();
    const { spec, tasks } = await exportSet(s);
    // Workspace diagnostics answer once the index has read spec.md, which is never opened here.
    await s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    await s.open(tasks, TASKS);
    await s.diagnostics((p) => p.uri === tasks);

    const def = (await s.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: tasks }, position: at(TASKS, 'FR-002') })) as Location;
    expect(def).toEqual({ uri: spec, range: { start: { line: 7, character: 4 }, end: { line: 7, character: 10 } } });

    const refs = (await s.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: tasks }, position: at(TASKS, 'FR-001'), context: { includeDeclaration: true } })) as Location[];
    expect(refs.map((r) => [path.basename(r.uri), r.range.start.line])).toEqual([
      ['spec.md', 6],
      ['tasks.md', 4],
      ['tasks.md', 7],
    ]);

    const hover = await s.connection.sendRequest(HoverRequest.type, { textDocument: { uri: tasks }, position: at(TASKS, 'FR-003') });
    expect((hover!.contents as MarkupContent).value).toBe('**FR-003** (spec.md line 9): Admins can revoke an export link.\n\nCovered by 1 task in Phase 1: Core');

    const line = 'Depends on FR-';
    const edited = TASKS.replace('**Tests:**', `${line}\n\n**Tests:**`);
    await s.change(tasks, edited, 2);
    const items = (await s.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: tasks }, position: at(edited, line, line.length) })) as CompletionItem[];
    expect(items.map((i) => i.label)).toEqual(['FR-001', 'FR-002', 'FR-003']);
    expect(items[0]!.detail).toBe('Users can export a report as CSV. (spec.md)');

    // spec.md opened last: its CodeLens counts the tasks of tasks.md.
    await s.open(spec, SPEC);
    const lenses = await s.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: spec } });
    expect(lenses!.map((l) => `${l.range.start.line}: ${l.command!.title}`)).toEqual(['6: covered by 2 tasks in tasks.md', '7: covered by 1 task in tasks.md', '8: covered by 1 task in tasks.md', '12: covered by 1 task in tasks.md']);
    const fromSpec = (await s.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: spec }, position: at(SPEC, 'FR-002'), context: { includeDeclaration: false } })) as Location[];
    expect(fromSpec.map((r) => [path.basename(r.uri), r.range.start.line])).toEqual([['tasks.md', 5]]);
    const outline = await s.connection.sendRequest(OutlineRequest, { textDocument: { uri: spec } });
    expect(outline!.set!.files.map((f) => f.name)).toEqual(['spec.md', 'tasks.md']);
    expect(outline!.requirements.map((r) => [r.id, r.covered, r.coveredBy.join(', ')])).toEqual([
      ['FR-001', true, 'tasks.md'],
      ['FR-002', true, 'tasks.md'],
      ['FR-003', true, 'tasks.md'],
      ['SC-001', true, 'tasks.md'],
    ]);
  });

  it('Kiro: _Requirements: N.M_ jumps to the criterion\'s requirement in requirements.md; an unknown criterion is reported', async () => {
    const s = session();
    const ws = workspace({ '.kiro/specs/jobs/requirements.md': REQUIREMENTS, '.kiro/specs/jobs/tasks.md': KIRO_TASKS });
    await s.initialize(PUSH, ws.rootUri, { debounceMs: 0 });
    const requirements = ws.uri('.kiro/specs/jobs/requirements.md');
    const tasks = ws.uri('.kiro/specs/jobs/tasks.md');
    await s.open(tasks, KIRO_TASKS);
    const p = await s.diagnostics((x) => x.uri === tasks && x.diagnostics.some((d) => d.code === 'unknown-reference'));
    expect(p.diagnostics.filter((d) => d.code === 'unknown-reference').map((d) => d.range.start.line)).toEqual([6]);
    const def = (await s.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: tasks }, position: at(KIRO_TASKS, '1.2') })) as Location;
    expect([def.uri, def.range.start.line]).toEqual([requirements, 4]);
    await expect(s.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: tasks }, position: at(KIRO_TASKS, '1.1') })).rejects.toThrow(/numbered by their position/);
  });

  it('rename of a requirement or task ID edits every file of the set; a taken ID is refused; task IDs resolve across the set', async () => {
    const s = session();
    const { ws, tasks } = await exportSet(s, { 'specs/001-export/plan.md': PLAN_MD });
    await s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    await s.open(tasks, TASKS);
    await s.diagnostics((p) => p.uri === tasks);
    const prepared = await s.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: tasks }, position: at(TASKS, 'FR-002') });
    expect(prepared).toMatchObject({ placeholder: 'FR-002', range: { start: { line: 5, character: 42 } } });
    const edit = (await s.connection.sendRequest(RenameRequest.type, { textDocument: { uri: tasks }, position: at(TASKS, 'FR-002'), newName: 'FR-020' }))!;
    const byFile = Object.fromEntries(Object.entries(edit.changes!).map(([uri, edits]) => [path.basename(uri), edits.map((e) => `${e.range.start.line}:${e.range.start.character} ${e.newText}`)]));
    expect(byFile).toEqual({ 'spec.md': ['7:4 FR-020'], 'tasks.md': ['5:42 FR-020'], 'plan.md': ['2:11 FR-020'] });
    await expect(s.connection.sendRequest(RenameRequest.type, { textDocument: { uri: tasks }, position: at(TASKS, 'FR-002'), newName: 'SC-001' })).rejects.toThrow(/SC-001 is already used in tasks.md line 8/);

    // Task IDs too: T002, defined in tasks.md, named in plan.md.
    const plan = ws.uri('specs/001-export/plan.md');
    await s.open(plan, PLAN_MD);
    const def = (await s.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: plan }, position: at(PLAN_MD, 'T002') })) as Location;
    expect([path.basename(def.uri), def.range.start.line]).toEqual(['tasks.md', 5]);
    const refs = (await s.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: plan }, position: at(PLAN_MD, 'T002'), context: { includeDeclaration: false } })) as Location[];
    expect(refs.map((r) => [path.basename(r.uri), r.range.start.line])).toEqual([['plan.md', 2]]);
    const hover = await s.connection.sendRequest(HoverRequest.type, { textDocument: { uri: plan }, position: at(PLAN_MD, 'T002') });
    expect((hover!.contents as MarkupContent).value).toBe('**T002** (tasks.md line 6): T002 Build the weekly scheduler for FR-002');
    const taskEdit = (await s.connection.sendRequest(RenameRequest.type, { textDocument: { uri: plan }, position: at(PLAN_MD, 'T002'), newName: 'T020' }))!;
    expect(Object.fromEntries(Object.entries(taskEdit.changes!).map(([uri, edits]) => [path.basename(uri), edits.map((e) => `${e.range.start.line}:${e.range.start.character}`)]))).toEqual({ 'plan.md': ['2:42'], 'tasks.md': ['5:6'] });
  });

  it('pull: workspace diagnostics list a file never opened, unchanged until it changes; an edit asks for a refresh', async () => {
    const s = session();
    const ws = workspace({ 'specs/001-export/spec.md': SPEC, 'specs/001-export/tasks.md': TASKS, 'docs/rollout-plan.md': ROLLOUT, 'README.md': '# Readme\n\nNothing to see.\n' });
    let refreshes = 0;
    const refreshed: Array<() => void> = [];
    s.connection.onRequest(DiagnosticRefreshRequest.type, () => {
      refreshes++;
      refreshed.splice(0).forEach((r) => r());
    });
    const init = await s.initialize(PULL, ws.rootUri, { debounceMs: 0 });
    expect(init.capabilities.diagnosticProvider).toMatchObject({ interFileDependencies: true, workspaceDiagnostics: true });
    const report = await s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    const byName = (items: WorkspaceDocumentDiagnosticReport[]) => Object.fromEntries(items.map((i) => [path.relative(ws.root, new URL(i.uri).pathname), i]));
    const first = byName(report.items);
    expect(Object.keys(first).sort()).toEqual(['README.md', 'docs/rollout-plan.md', 'specs/001-export/spec.md', 'specs/001-export/tasks.md']);
    const rollout = first['docs/rollout-plan.md']!;
    expect(rollout.kind).toBe('full');
    expect(rollout.version).toBeNull();
    expect((rollout as FullDocumentDiagnosticReport).items.map((d) => d.code)).toContain('missing-rollback');

    const second = byName((await s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: report.items.map((i) => ({ uri: i.uri, value: i.resultId! })) })).items);
    expect(Object.values(second).map((i) => i.kind)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);

    // Editing tasks.md (spec.md stays closed): the pulled spec.md report follows it.
    const tasks = ws.uri('specs/001-export/tasks.md');
    const spec = ws.uri('specs/001-export/spec.md');
    await s.open(tasks, TASKS);
    await s.open(spec, SPEC);
    const pulled = (await s.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: spec } })) as FullDocumentDiagnosticReport;
    expect(pulled.items.filter((d) => d.code === 'uncovered-requirement')).toEqual([]);
    const refresh = new Promise<void>((resolve) => refreshed.push(resolve));
    await s.change(tasks, TASKS.replace(' for FR-003', ''), 2);
    await refresh;
    expect(refreshes).toBeGreaterThan(0);
    const after = (await s.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: spec } })) as FullDocumentDiagnosticReport;
    expect(after.items.filter((d) => d.code === 'uncovered-requirement').map((d) => d.range.start.line)).toEqual([8]);
    const third = byName((await s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: report.items.map((i) => ({ uri: i.uri, value: i.resultId! })) })).items);
    expect(Object.fromEntries(Object.entries(third).map(([k, v]) => [k, v.kind]))).toEqual({ 'README.md': 'unchanged', 'docs/rollout-plan.md': 'unchanged', 'specs/001-export/spec.md': 'full', 'specs/001-export/tasks.md': 'full' });
  });

  it('pull: the first index build asks for a refresh only when an open document is in a plan set (a refresh cancels the pull under way)', async () => {
    const files = { 'specs/001-export/spec.md': SPEC, 'specs/001-export/tasks.md': TASKS, 'docs/rollout-plan.md': ROLLOUT };
    const refreshesAfterOpening = async (rel: string): Promise<number> => {
      const s = session();
      const ws = workspace(files);
      let refreshes = 0;
      s.connection.onRequest(DiagnosticRefreshRequest.type, () => void refreshes++);
      await s.initialize(PULL, ws.rootUri, { debounceMs: 0 });
      await s.open(ws.uri(rel), files[rel as keyof typeof files]);
      // Answered once the index is built: a refresh that follows the build is sent before it.
      await s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
      await s.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: ws.uri(rel) } });
      return refreshes;
    };
    expect(await refreshesAfterOpening('docs/rollout-plan.md')).toBe(0);
    expect(await refreshesAfterOpening('specs/001-export/spec.md')).toBeGreaterThan(0);
  });

  it('Lint All Plans (planlint/lintText) reports a closed file of a set with the set\'s findings', async () => {
    const s = session();
    const ws = workspace({ 'specs/001-export/spec.md': SPEC, 'specs/001-export/tasks.md': TASKS.replace(' for FR-003', '') });
    await s.initialize(PUSH, ws.rootUri, { debounceMs: 0 });
    const result = await s.connection.sendRequest(LintTextRequest, { uri: ws.uri('specs/001-export/spec.md'), text: SPEC });
    expect(uncoveredLines(result)).toEqual([8]);
    // A text that differs from the file on disk is linted alone.
    const alone = await s.connection.sendRequest(LintTextRequest, { uri: ws.uri('specs/001-export/spec.md'), text: `${SPEC}\n` });
    expect(uncoveredLines(alone)).toEqual([]);
  });

  it('a plan file created on disk joins the index and the workspace diagnostics', async () => {
    const s = session();
    const ws = workspace({ 'specs/001-export/spec.md': SPEC });
    await s.initialize(PULL, ws.rootUri, { debounceMs: 0 });
    const before = await s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    expect(before.items.map((i) => path.basename(i.uri))).toEqual(['spec.md']);
    const file = path.join(ws.root, 'specs/001-export/tasks.md');
    writeFileSync(file, TASKS.replace(' for FR-003', ''));
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(file).href, type: FileChangeType.Created }] });
    const after = await untilDefined(async () => {
      const r = await s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
      return r.items.length === 2 ? r : undefined;
    });
    const spec = after.items.find((i) => path.basename(i.uri) === 'spec.md') as FullDocumentDiagnosticReport & { uri: string };
    expect(uncoveredLines({ diagnostics: spec.items })).toEqual([8]);
  });

  it('a file opened without a workspace folder brings the files of its set along', async () => {
    const s = session();
    const ws = workspace({ 'spec.md': SPEC, 'tasks.md': TASKS.replace(' for FR-003', ''), 'notes.md': '# Notes\n' });
    await s.initialize(PUSH, null, { debounceMs: 0 });
    const spec = ws.uri('spec.md');
    await s.open(spec, SPEC);
    const p = await s.diagnostics((x) => x.uri === spec && uncoveredLines(x).length > 0);
    expect(uncoveredLines(p)).toEqual([8]);
    const report = await s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    expect(report.items.map((i) => path.basename(i.uri)).sort()).toEqual(['spec.md', 'tasks.md']);
  });

  it('the index reads at most PLANLINT_INDEX_MAX_FILES files', async () => {
    const s = new LspSession(SERVER, { PLANLINT_INDEX_MAX_FILES: '2' });
    sessions.push(s);
    const ws = workspace({ 'a/spec.md': SPEC, 'a/tasks.md': TASKS, 'b/plan.md': ROLLOUT });
    await s.initialize(PUSH, ws.rootUri);
    const report = await s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    expect(report.items.map((i) => path.relative(ws.root, new URL(i.uri).pathname))).toEqual(['a/spec.md', 'a/tasks.md']);
  });

  it('the index holds the Markdown files planlint lint walks, and the files planlint.include names', async () => {
    const s = session();
    const ws = workspace({ 'docs/rollout-plan.md': ROLLOUT, '.plans/q3.md': ROLLOUT, '.hidden/notes.md': '# Notes\n', 'node_modules/x/README.md': '# X\n', 'ignored/plan.md': ROLLOUT, '.gitignore': 'ignored/\n' });
    await s.initialize(PUSH, ws.rootUri, { include: ['.plans/*.md'] });
    const report = await s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    expect(report.items.map((i) => path.relative(ws.root, new URL(i.uri).pathname)).sort()).toEqual(['.plans/q3.md', 'docs/rollout-plan.md']);
  });

  it('a workspace folder added later is indexed', async () => {
    const s = session();
    const a = workspace({ 'specs/001-export/spec.md': SPEC });
    const b = workspace({ 'specs/002-export/spec.md': SPEC, 'specs/002-export/tasks.md': TASKS });
    await s.initialize({ ...PUSH, workspace: { ...PUSH.workspace, workspaceFolders: true } }, a.rootUri);
    expect((await s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] })).items.map((i) => i.uri)).toEqual([a.uri('specs/001-export/spec.md')]);
    await s.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [{ uri: b.rootUri, name: 'b' }], removed: [] } });
    const after = await untilDefined(async () => {
      const r = await s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
      return r.items.length === 3 ? r : undefined;
    });
    expect(after.items.map((i) => i.uri).sort()).toEqual([a.uri('specs/001-export/spec.md'), b.uri('specs/002-export/spec.md'), b.uri('specs/002-export/tasks.md')].sort());
  });

  it.skipIf(!hasCorpus)('workspace diagnostics of a copy of corpus/sets report the findings planlint lint reports, file by file', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'planlint-corpus-sets-'));
    cpSync(path.join(CORPUS, 'sets'), root, { recursive: true });
    const cli = JSON.parse((await planlint(['lint', '--format', 'json', '.'], root)).stdout) as { files: Array<{ path: string; findings: Array<{ ruleId: string; line: number }> }> };
    const expected = Object.fromEntries(cli.files.map((f) => [f.path.split(path.sep).join('/'), f.findings.map((x) => `${x.ruleId}@${x.line}`).sort()]));
    const s = session();
    await s.initialize(PUSH, pathToFileURL(root).href);
    const report = await s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    const rule = (code: unknown) => typeof code === 'string' && (rulesById.has(code) || code === INVALID_SUPPRESSION);
    const actual = Object.fromEntries(
      report.items.map((i) => [
        path.relative(root, new URL(i.uri).pathname).split(path.sep).join('/'),
        (i as FullDocumentDiagnosticReport).items.filter((d) => rule(d.code)).map((d) => `${String(d.code)}@${d.range.start.line + 1}`).sort(),
      ]),
    );
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    expect(actual).toEqual(expected);
    // The sets' cross-file findings are among them.
    expect(Object.values(actual).flat().filter((x) => x.startsWith('uncovered-requirement') || x.startsWith('unknown-reference')).length).toBeGreaterThan(0);
  });

  it.skipIf(!hasCorpus)('a real Kiro set copied to a temporary folder: a requirement removed from every task is reported at its heading in requirements.md', async () => {
    const dir = 'sets/FouadABT__kiroween-dashtact/.kiro/specs/cron-jobs-management';
    const root = mkdtempSync(path.join(tmpdir(), 'planlint-corpus-set-'));
    const folder = path.join(root, '.kiro', 'specs', 'cron-jobs-management');
    cpSync(path.join(CORPUS, dir), folder, { recursive: true });
    expect(readdirSync(folder).sort()).toEqual(['design.md', 'requirements.md', 'tasks.md']);
    const s = session();
    await s.initialize(PUSH, pathToFileURL(root).href, { debounceMs: 0 });
    await s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    const tasksText = readFileSync(path.join(folder, 'tasks.md'), 'utf8');
    const requirementsText = readFileSync(path.join(folder, 'requirements.md'), 'utf8');
    // Requirement 4's criteria (4.1-4.5) are cited by two tasks and nowhere else; checked by hand.
    const heading = requirementsText.split('\n').indexOf('### Requirement 4');
    const requirements = pathToFileURL(path.join(folder, 'requirements.md')).href;
    const tasks = pathToFileURL(path.join(folder, 'tasks.md')).href;
    await s.open(requirements, requirementsText);
    await s.open(tasks, tasksText);
    const before = await s.diagnostics((p) => p.uri === requirements);
    expect(uncoveredLines(before)).toEqual([]);
    const start = s.published.length;
    await s.change(tasks, tasksText.replace(/\b4\.\d, /g, ''), 2);
    const after = await s.diagnostics((p) => p.uri === requirements && s.published.indexOf(p) >= start);
    expect(uncoveredLines(after)).toEqual([heading]);
    expect(after.diagnostics.find((d) => d.code === 'uncovered-requirement')!.message).toContain('Requirement 4');
  });
});

const PLAN_MD = '# Implementation Plan\n\nFR-001 and FR-002 share the export queue; T002 runs nightly.\n';

const ROLLOUT = ['# Rollout plan: payments v2', '', '## Stage 1: Deploy', '', '- [ ] Deploy payments v2 to production', '', '**DoD:** error rate below 1% for 24 hours.', ''].join('\n');

/** Calls `fn` until it returns a value, at most 1,000 times, each call waiting on the server's answer. */
async function untilDefined<T>(fn: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 1000; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('never became defined');
}
