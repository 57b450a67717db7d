import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DidChangeWatchedFilesNotification, FileChangeType, RegistrationRequest, ShowMessageNotification, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspSession } from '../server/src/tools/lsp-session.js';
import { SERVER } from './helpers/server.js';

const sessions: LspSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});

const PLAN = '# Plan: x\n\n## Stage 1: Build the API\n\n- [ ] Build it\n\n## Stage 2: Build the UI\n\n- [ ] Build it\n';
const GOOD = '{\n  "rules": { "missing-dod": "error" }\n}\n';
// Line 3 (0-based 2): a wrong option type, which JSON Schema validation words as "Array has too many items".
const BAD = '{\n  "rules": { "missing-dod": "error",\n    "plan-too-long": ["warning", { "maxTokens": "many" }]\n  }\n}\n';

describe('.planlintrc.json problems in the editor', () => {
  it('are diagnostics on the config file at the offending key; plans keep the last good config, and the user is told once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'planlint-rc-'));
    const rc = path.join(dir, '.planlintrc.json');
    const rcUri = pathToFileURL(rc).href;
    writeFileSync(rc, GOOD);
    const s = new LspSession(SERVER);
    sessions.push(s);
    const messages: string[] = [];
    s.connection.onNotification(ShowMessageNotification.method, (p: { message: string }) => void messages.push(p.message));
    s.connection.onRequest(RegistrationRequest.type, () => undefined);
    await s.initialize({ textDocument: { publishDiagnostics: { versionSupport: true } }, workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    const plans = ['a.md', 'b.md'].map((f) => pathToFileURL(path.join(dir, f)).href);
    const first = new Map<string, unknown>();
    for (const uri of plans) {
      await s.open(uri, PLAN);
      const p = await s.diagnostics((x) => x.uri === uri);
      first.set(uri, p);
      expect(p.diagnostics.filter((d) => d.code === 'missing-dod').map((d) => d.severity)).toEqual([1, 1]);
    }

    writeFileSync(rc, BAD);
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: rcUri, type: FileChangeType.Changed }] });
    const onConfig = await s.diagnostics((x) => x.uri === rcUri && x.diagnostics.length > 0);
    expect(onConfig.diagnostics).toEqual([
      expect.objectContaining({
        severity: 1,
        source: 'planlint',
        code: 'config',
        // The property "maxTokens": "many", on line 3.
        range: { start: { line: 2, character: 35 }, end: { line: 2, character: 54 } },
        message: 'rules.plan-too-long[1].maxTokens: expected number, received string',
      }),
    ]);
    for (const uri of plans) {
      const again = await s.diagnostics((x) => x.uri === uri && x !== first.get(uri));
      // The last good config still applies (missing-dod is an error there), and no plan carries the config's problem.
      expect(again.diagnostics.filter((d) => d.code === 'missing-dod').map((d) => d.severity)).toEqual([1, 1]);
      expect(again.diagnostics.filter((d: Diagnostic) => d.code === 'config')).toEqual([]);
    }
    expect(messages).toEqual([expect.stringMatching(/\.planlintrc\.json is invalid: line 3: rules\.plan-too-long\[1\]\.maxTokens: expected number.*last valid version/)]);

    // Opened, the file's own text is checked as it is typed; the pushed diagnostics give way.
    await s.open(rcUri, '{\n  "extends": "planlint:strikt"\n}\n');
    const cleared = await s.diagnostics((x) => x.uri === rcUri && x.diagnostics.length === 0);
    expect(cleared.diagnostics).toEqual([]);
    const own = await s.diagnostics((x) => x.uri === rcUri && x.diagnostics.some((d) => String(d.message).startsWith('extends')));
    expect(own.diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.message])).toEqual([[1, 2, 'extends: expected one of "planlint:recommended" or "planlint:strict"']]);

    // Fixed on disk: its pushed diagnostics are gone and the new config applies.
    writeFileSync(rc, '{}');
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: rcUri, type: FileChangeType.Changed }] });
    await s.diagnostics((x) => x.uri === plans[0] && x.diagnostics.some((d) => d.code === 'missing-dod' && d.severity === 2));
    expect(messages).toHaveLength(1);
  });

  it('a deleted config file takes its diagnostics with it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'planlint-rc-'));
    const rc = path.join(dir, '.planlintrc.json');
    const rcUri = pathToFileURL(rc).href;
    writeFileSync(rc, '{ "rules": { "missing-dod": "sometimes" } }');
    const s = new LspSession(SERVER);
    sessions.push(s);
    s.connection.onRequest(RegistrationRequest.type, () => undefined);
    await s.initialize({ textDocument: { publishDiagnostics: { versionSupport: true } }, workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    const plan = pathToFileURL(path.join(dir, 'plan.md')).href;
    await s.open(plan, PLAN);
    await s.diagnostics((x) => x.uri === rcUri && x.diagnostics.length === 1);
    rmSync(rc);
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: rcUri, type: FileChangeType.Deleted }] });
    const cleared = await s.diagnostics((x) => x.uri === rcUri && x.diagnostics.length === 0);
    expect(cleared.diagnostics).toEqual([]);
  });
});
