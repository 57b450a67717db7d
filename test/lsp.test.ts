import { mkdtempSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  RegistrationRequest,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentDiagnosticRequest,
  DocumentSymbolRequest,
  HoverRequest,
  LogMessageNotification,
  ReferencesRequest,
  type CodeAction,
  type Diagnostic,
  type DocumentSymbol,
  type FullDocumentDiagnosticReport,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LintTextRequest, OutlineRequest, ScoreRequest, type DiagnosticData } from '../server/src/protocol.js';
import { LspSession } from '../server/src/tools/lsp-session.js';
import { generatePlan } from '../server/src/tools/plan-generator.js';
import { SERVER } from './helpers/server.js';

const PLAN = [
  '# Plan: password reset', // 0
  '',
  '## Requirements',
  '',
  '- **FR-001**: Users can request a reset link by email.', // 4
  '- **FR-002**: Reset links expire after 30 minutes.', // 5
  '- **FR-003**: Users are told when a link has expired.', // 6
  '',
  '## Stage 1: Reset request', // 8
  '',
  '- [ ] T001 Build the request form (FR-001)', // 10
  '- [ ] T002 Expire tokens after 30 minutes (FR-002)', // 11
  '',
  '**Tests:** unit tests for the form, run by `npm test`.',
  '',
  '## Stage 2: Emails', // 15
  '',
  '- [ ] T003 Send the email after T001 (FR-001)', // 17
  '',
  '**DoD:** the email arrives in the staging inbox within 60 s.',
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

function tempUri(name: string, text?: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'planlint-lsp-'));
  for (const [f, content] of Object.entries(files)) writeFileSync(path.join(dir, f), content);
  const file = path.join(dir, name);
  if (text !== undefined) writeFileSync(file, text);
  return pathToFileURL(file).href;
}

const PUSH = { textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } } };
const PULL = { textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } };

describe('language server over stdio', () => {
  it('pushes diagnostics with docs links to a client without pull support; the seeded DoD suggestion round trip leaves missing-dod open as unfilled', async () => {
    const s = session();
    const init = await s.initialize(PUSH);
    expect(init.capabilities.diagnosticProvider).toBeUndefined();
    expect(init.serverInfo?.name).toBe('planlint');
    const uri = tempUri('plan.md');
    await s.open(uri, PLAN);
    const first = await s.diagnostics((p) => p.uri === uri && p.version === 1);
    const dod = first.diagnostics.find((d) => d.code === 'missing-dod')!;
    expect(dod).toMatchObject({ source: 'planlint', range: { start: { line: 8, character: 0 } }, codeDescription: { href: expect.stringMatching(/docs\/rules\/missing-dod\.md$/) } });
    expect(first.diagnostics.map((d) => d.code)).toContain('uncovered-requirement');

    const actions = (await s.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: dod.range,
      context: { diagnostics: [dod], only: ['quickfix'] },
    })) as CodeAction[];
    // A suggestion, not a fix: never the preferred action, never in fix-all.
    expect(actions.filter((a) => a.isPreferred)).toEqual([]);
    const fix = actions.find((a) => a.title === 'Add a Definition of Done to "Stage 1: Reset request"')!;
    const edits = fix.edit!.changes![uri] as TextEdit[];
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, PLAN), edits);
    // Seeded from the stage: its task IDs and its test command, each a slot to confirm.
    expect(fixed).toContain('### Definition of Done\n\n- [ ] TBC: T001 and T002 are complete\n- [ ] TBC: `npm test` passes\n');
    await s.change(uri, fixed, 2);
    const second = await s.diagnostics((p) => p.uri === uri && p.version === 2);
    // Left unfilled, the slots say nothing: the finding stays open, as unfilled, and nothing else changes.
    expect(second.diagnostics.filter((d) => d.code === 'missing-dod').map((d) => d.message)).toEqual([expect.stringContaining('has a Definition of Done with nothing in it')]);
    const codes = (p: { diagnostics: Diagnostic[] }) => p.diagnostics.map((d) => d.code).sort();
    expect(codes(second)).toEqual(codes(first));
  });

  it('never publishes for an older version: edits that arrive while an analysis runs coalesce to the latest', async () => {
    const s = session({ PLANLINT_IN_PROCESS_MS: '0' });
    // A fixed 1 s window, and a plan large enough that its analysis (kept in a worker) is still
    // running when the next edit arrives: that edit waits for the window and replaces it.
    await s.initialize(PUSH, null, { debounceMs: 1000 });
    const uri = tempUri('plan.md');
    const big = generatePlan(20_000);
    await s.open(uri, big, 1);
    await s.diagnostics((p) => p.uri === uri && p.version === 1);
    const start = s.published.length;
    await s.change(uri, big.replace('## Phase 2:', '## Phase 2 (renamed):'), 2);
    await s.change(uri, big.replace('## Phase 2:', '## Phase 2 (again):'), 3);
    await s.diagnostics((p) => p.uri === uri && p.version === 3);
    expect(s.published.slice(start).filter((p) => p.uri === uri).map((p) => p.version)).toEqual([3]);
  });

  it('lints an edit that arrives after the previous edit\'s diagnostics at once, whatever the window', async () => {
    const s = session();
    // The longest window (5 s): an edit made after its predecessor was published must not wait
    // for it. The bound is half the window, far above the milliseconds a small plan takes.
    await s.initialize(PUSH, null, { debounceMs: 5000 });
    const uri = tempUri('plan.md');
    await s.open(uri, PLAN, 1);
    await s.diagnostics((p) => p.uri === uri && p.version === 1);
    for (const [version, name] of [[2, 'Email'], [3, 'Mail'], [4, 'Post']] as const) {
      const sent = performance.now();
      await s.change(uri, PLAN.replace('Stage 2: Emails', `Stage 2: ${name}`), version);
      const published = await s.diagnostics((p) => p.uri === uri && p.version === version);
      expect(performance.now() - sent).toBeLessThan(2500);
      expect(published.diagnostics.some((d) => typeof d.message === 'string' && d.message.includes(`Stage 2: ${name}`))).toBe(true);
    }
  });

  it('answers pulled diagnostics for a client with pull support and pushes nothing', async () => {
    const s = session();
    const init = await s.initialize(PULL);
    expect(init.capabilities.diagnosticProvider).toMatchObject({ interFileDependencies: true, workspaceDiagnostics: true });
    const uri = tempUri('plan.md');
    await s.open(uri, PLAN);
    const report = (await s.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } })) as FullDocumentDiagnosticReport;
    expect(report.kind).toBe('full');
    expect(report.items.map((d) => d.code)).toEqual(expect.arrayContaining(['missing-dod', 'uncovered-requirement']));
    expect(s.published.filter((p) => p.uri === uri)).toEqual([]);
  });

  it('lints documents for what they are: plans get findings, templates and non-plans only conflict markers', async () => {
    const s = session();
    await s.initialize(PUSH);
    const notes = tempUri('notes.md');
    await s.open(notes, '# Weekly notes\n\nWe talked about lunch.\n');
    expect((await s.diagnostics((p) => p.uri === notes)).diagnostics).toEqual([]);
    // A file name that matches planlint.include does not make a stub a plan (spec v2: "Documents").
    const rollout = tempUri('payments-rollout.md');
    await s.open(rollout, '# Payments\n\nDeploy to production on Friday.\n');
    expect((await s.diagnostics((p) => p.uri === rollout)).diagnostics).toEqual([]);
    const template = tempUri('plan-template.md');
    await s.open(template, PLAN);
    expect((await s.diagnostics((p) => p.uri === template)).diagnostics).toEqual([]);
    const conflicted = tempUri('conflicted-notes.md');
    await s.open(conflicted, '# Notes\n\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> branch\n');
    expect((await s.diagnostics((p) => p.uri === conflicted)).diagnostics.map((d) => d.code)).toEqual(['merge-conflict-marker', 'merge-conflict-marker', 'merge-conflict-marker']);
    await s.open('untitled:Untitled-1', PLAN);
    expect((await s.diagnostics((p) => p.uri === 'untitled:Untitled-1')).diagnostics.length).toBeGreaterThan(0);
  });

  it('lints documents matching planlint.include as plans whatever their content, like --force', async () => {
    const s = session();
    await s.initialize(PUSH, null, { include: ['**/*-rollout.md'] });
    const rollout = tempUri('payments-rollout.md');
    await s.open(rollout, '# Payments\n\nDeploy to production on Friday.\n');
    expect((await s.diagnostics((p) => p.uri === rollout)).diagnostics.map((d) => d.code)).toContain('missing-rollback');
    const notes = tempUri('notes.md');
    await s.open(notes, '# Weekly notes\n\nDeploy to production on Friday.\n');
    expect((await s.diagnostics((p) => p.uri === notes)).diagnostics).toEqual([]);
  });

  it('offers one quick fix per stage for an uncovered requirement and disable-for-line; fix-all has nothing to apply', async () => {
    const s = session();
    await s.initialize(PUSH);
    const uri = tempUri('plan.md');
    await s.open(uri, PLAN);
    const { diagnostics } = await s.diagnostics((p) => p.uri === uri);
    const uncovered = diagnostics.find((d) => d.code === 'uncovered-requirement')!;
    expect(uncovered.range.start.line).toBe(6);
    expect(uncovered.relatedInformation?.map((r) => r.location.range.start.line)).toEqual([8, 15]);
    const actions = (await s.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: uncovered.range, context: { diagnostics: [uncovered] } })) as CodeAction[];
    expect(actions.map((a) => a.title)).toEqual(['Add FR-003 to "Stage 1: Reset request"', 'Add FR-003 to "Stage 2: Emails"', 'Disable uncovered-requirement for this line', 'Disable uncovered-requirement for this file']);
    // Indented into the list item before, so that the list stays one list; no placeholder reason.
    const disable = actions[2]!.edit!.changes![uri]![0]!;
    expect(disable).toEqual({ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, newText: '  <!-- planlint-disable-next-line uncovered-requirement -->\n' });
    expect(actions[3]!.edit!.changes![uri]).toEqual([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '<!-- planlint-disable-file uncovered-requirement -->\n' }]);

    const added = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, PLAN), actions[1]!.edit!.changes![uri]!);
    await s.change(uri, added, 2);
    expect((await s.diagnostics((p) => p.uri === uri && p.version === 2)).diagnostics.filter((d) => d.code === 'uncovered-requirement')).toEqual([]);

    const fixAll = (await s.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: uncovered.range, context: { diagnostics: [], only: ['source.fixAll.planlint'] } })) as CodeAction[];
    // No rule has a fix (section skeletons are suggestions): fix-all offers no action.
    expect(fixAll).toEqual([]);
    const after = await s.diagnostics((p) => p.uri === uri && p.version === 2);
    expect(after.diagnostics.filter((d) => (d.data as DiagnosticData).fix)).toEqual([]);
    expect(after.diagnostics.filter((d) => (d.data as DiagnosticData).suggestions?.length).map((d) => d.code)).toContain('missing-dod');
  });

  it('ignores a quick fix computed for an older version', async () => {
    const s = session();
    await s.initialize(PUSH);
    const uri = tempUri('plan.md');
    await s.open(uri, PLAN);
    const dod = (await s.diagnostics((p) => p.uri === uri)).diagnostics.find((d) => d.code === 'missing-dod') as Diagnostic;
    await s.change(uri, `${PLAN}\n`, 2);
    await s.diagnostics((p) => p.uri === uri && p.version === 2);
    const actions = (await s.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: dod.range, context: { diagnostics: [dod], only: ['quickfix'] } })) as CodeAction[];
    expect(actions).toEqual([]);
  });

  it('answers symbols, hover, definition, references, completion and CodeLens', async () => {
    const s = session();
    await s.initialize(PUSH);
    const uri = tempUri('plan.md');
    await s.open(uri, PLAN);
    await s.diagnostics((p) => p.uri === uri);
    const symbols = (await s.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    expect(symbols.map((x) => [x.name, x.kind])).toEqual([
      ['Stage 1: Reset request', 2],
      ['Stage 2: Emails', 2],
      ['Requirements', 3],
    ]);
    expect(symbols[0]!.children!.map((c) => c.name)).toEqual(['T001 Build the request form (FR-001)', 'T002 Expire tokens after 30 minutes (FR-002)']);
    expect(symbols[2]!.children!.map((c) => c.name)).toEqual(['FR-001', 'FR-002', 'FR-003']);

    const fr001InTask = { line: 10, character: 37 };
    const hover = await s.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: fr001InTask });
    expect((hover!.contents as { value: string }).value).toBe(
      '**FR-001** (line 5): Users can request a reset link by email.\n\nCovered by 2 tasks in Stage 1: Reset request (line 9), Stage 2: Emails (line 16)',
    );
    const def = await s.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: fr001InTask });
    expect(def).toEqual({ uri, range: { start: { line: 4, character: 4 }, end: { line: 4, character: 10 } } });
    const refs = await s.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position: fr001InTask, context: { includeDeclaration: true } });
    expect(refs!.map((r) => r.range.start.line)).toEqual([4, 10, 17]);
    const taskDef = await s.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 17, character: 33 } });
    expect(taskDef).toMatchObject({ range: { start: { line: 10 } } });

    const typed = PLAN.replace('- [ ] T003 Send the email after T001 (FR-001)', '- [ ] T003 Send the email after T001 (FR-00');
    await s.change(uri, typed, 2);
    await s.diagnostics((p) => p.uri === uri && p.version === 2);
    const items = (await s.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 17, character: 43 } })) as { label: string }[];
    expect(items.map((i) => i.label)).toEqual(['FR-001', 'FR-002', 'FR-003']);

    const lenses = await s.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    expect(lenses!.map((l) => [l.range.start.line, l.command!.title])).toEqual([
      [4, 'covered by 1 task in Stage 1'],
      [5, 'covered by 1 task in Stage 1'],
      [6, 'not covered'],
    ]);
  });

  it('answers planlint/score and planlint/outline', async () => {
    const s = session();
    await s.initialize(PUSH);
    const uri = tempUri('plan.md');
    await s.open(uri, PLAN);
    await s.diagnostics((p) => p.uri === uri);
    const score = await s.connection.sendRequest(ScoreRequest, { textDocument: { uri } });
    expect(score).toMatchObject({ uri, version: 1, isPlan: true, score: { components: { requirements: { covered: 2, total: 3 }, done: { covered: 1, total: 2 } } } });
    expect(score!.findings.length).toBeGreaterThan(0);
    const outline = await s.connection.sendRequest(OutlineRequest, { textDocument: { uri } });
    expect(outline!.stages.map((st) => [st.title, st.health.dod.present, st.health.tests.present, st.health.findings])).toEqual([
      ['Stage 1: Reset request', false, true, 1],
      ['Stage 2: Emails', true, false, 1],
    ]);
    expect(outline!.requirements.map((r) => [r.id, r.covered, r.coveredBy])).toEqual([
      ['FR-001', true, ['Stage 1: Reset request', 'Stage 2: Emails']],
      ['FR-002', true, ['Stage 1: Reset request']],
      ['FR-003', false, []],
    ]);
  });

  it('re-lints open plans when a watched .planlintrc.json changes', async () => {
    const s = session();
    const registered = new Promise<string[]>((resolve) =>
      s.connection.onRequest(RegistrationRequest.type, (params) => {
        resolve(params.registrations.map((r) => r.method));
      }),
    );
    await s.initialize({ ...PUSH, workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    expect(await registered).toContain('workspace/didChangeWatchedFiles');
    const uri = tempUri('plan.md', undefined, { '.planlintrc.json': '{}' });
    await s.open(uri, PLAN);
    const before = await s.diagnostics((p) => p.uri === uri);
    expect(before.diagnostics.find((d) => d.code === 'missing-dod')!.severity).toBe(2);
    const rc = path.join(path.dirname(fileURLToPath(uri)), '.planlintrc.json');
    writeFileSync(rc, '{ "rules": { "missing-dod": "error" } }');
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(rc).href, type: FileChangeType.Changed }] });
    const after = await s.diagnostics((p) => p.uri === uri && p !== before && p.diagnostics.some((d) => d.code === 'missing-dod' && d.severity === 1));
    expect(after.version).toBe(1);
  });

  it('reads planlint.* settings with workspace/configuration and re-lints when they change', async () => {
    const s = session();
    let settings: Record<string, unknown> = { rules: { 'missing-dod': 'error' } };
    const asked: string[] = [];
    s.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (asked.push(item.section ?? ''), settings)));
    s.connection.onRequest(RegistrationRequest.type, () => undefined);
    await s.initialize({ ...PUSH, workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } });
    const uri = tempUri('plan.md');
    await s.open(uri, PLAN);
    const first = await s.diagnostics((p) => p.uri === uri);
    expect(asked).toContain('planlint');
    expect(first.diagnostics.find((d) => d.code === 'missing-dod')!.severity).toBe(1);
    settings = { enable: false };
    await s.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const disabled = await s.diagnostics((p) => p.uri === uri && p.diagnostics.length === 0);
    expect(disabled.diagnostics).toEqual([]);
  });

  it('re-lints on workspace/didChangeConfiguration only when the settings changed (VS Code sends one right after the registration)', async () => {
    const s = session({ PLANLINT_DEBUG_REQUESTS: '1' });
    const settings: Record<string, unknown> = { rules: { 'missing-dod': 'error' } };
    let asked = 0;
    const askedAgain: Array<() => void> = [];
    s.connection.onRequest(ConfigurationRequest.type, (params) => {
      asked++;
      askedAgain.splice(0).forEach((r) => r());
      return params.items.map(() => settings);
    });
    s.connection.onRequest(RegistrationRequest.type, () => undefined);
    const analyses: string[] = [];
    s.connection.onNotification(LogMessageNotification.type, (m) => {
      if (/\] analyzed /.test(m.message)) analyses.push(m.message);
    });
    await s.initialize({ ...PUSH, workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } });
    const uri = tempUri('plan.md');
    await s.open(uri, PLAN);
    await s.diagnostics((p) => p.uri === uri);
    const before = asked;
    const reread = new Promise<void>((resolve) => askedAgain.push(resolve));
    await s.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await reread;
    expect(asked).toBeGreaterThan(before);
    // Answered from the analysis made at open: the unchanged settings threw nothing away.
    expect((await s.connection.sendRequest(ScoreRequest, { textDocument: { uri } }))?.score).toBeDefined();
    expect(analyses).toHaveLength(1);
  });

  it('reports a document over planlint.maxDocumentSizeMB with one information diagnostic', async () => {
    const s = session();
    await s.initialize(PUSH, null, { maxDocumentSizeMB: 0.0002 });
    const uri = tempUri('plan.md');
    await s.open(uri, PLAN);
    const { diagnostics } = await s.diagnostics((p) => p.uri === uri);
    expect(diagnostics.map((d) => d.code)).toEqual(['size-limit']);
    // Files linted without opening them (Lint All Plans in Workspace) get the same limit.
    const other = await s.connection.sendRequest(LintTextRequest, { uri: tempUri('other-plan.md'), text: PLAN });
    expect(other.diagnostics.map((d) => d.code)).toEqual(['size-limit']);
    expect(diagnostics[0]).toMatchObject({ code: 'size-limit', severity: 3, message: expect.stringContaining('planlint.maxDocumentSizeMB (0.0002)') });
  });

  it('uses .planlintrc.json next to the file over editor settings, and settings otherwise', async () => {
    const s = session();
    await s.initialize(PUSH, null, { rules: { 'missing-dod': 'error', 'uncovered-requirement': 'off' } });
    const uri = tempUri('plan.md', undefined, { '.planlintrc.json': '{ "rules": { "missing-dod": "info" } }' });
    await s.open(uri, PLAN);
    const { diagnostics } = await s.diagnostics((p) => p.uri === uri);
    expect(diagnostics.find((d) => d.code === 'missing-dod')!.severity).toBe(3);
    expect(diagnostics.some((d) => d.code === 'uncovered-requirement')).toBe(false);
  });
});
