import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PlanlintApi } from '../../../client/src/extension';
import type { CodeAction as LspCodeAction, Diagnostic as LspDiagnostic } from 'vscode-languageclient/node';
import type { ScoreResult } from '../../../server/src/protocol';
import { expandSnippet } from '../../helpers/snippet';

/** Resolves when `condition` holds: checked now and on every diagnostics change (no timers). */
function whenDiagnostics<T>(condition: () => T | undefined): Promise<T> {
  const now = condition();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve) => {
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      const value = condition();
      if (value !== undefined) {
        sub.dispose();
        resolve(value);
      }
    });
  });
}

/**
 * Polls `fn` until it returns a value (every 50 ms, at most 20 s): right after the first
 * diagnostics the language client may still be registering its providers, and no event says when.
 */
async function eventually<T>(fn: () => Promise<T | undefined>, attempts = 400): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition never held');
}

/**
 * Resolves with the editor's selection once `condition` holds for it: checked now and on every
 * selection change; rejects with the last selection after 10 s without one that holds.
 */
function whenSelection(editor: vscode.TextEditor, condition: (s: vscode.Selection) => boolean): Promise<vscode.Selection> {
  if (condition(editor.selection)) return Promise.resolve(editor.selection);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`the selection is ${JSON.stringify(editor.selection)}`));
    }, 10_000);
    const sub = vscode.window.onDidChangeTextEditorSelection((e) => {
      if (e.textEditor.document !== editor.document || !condition(e.selections[0]!)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e.selections[0]!);
    });
  });
}

export function extensionTests(): void {
  suite('planlint in the extension host', () => {
    let doc: vscode.TextDocument;
    let api: PlanlintApi;
    const planlint = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'planlint');

    suiteSetup(async () => {
      const ext = vscode.extensions.getExtension<PlanlintApi>('planlint.planlint');
      assert.ok(ext, 'the extension is installed');
      const ws = vscode.workspace.workspaceFolders![0]!.uri;
      doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(ws, 'rollout-plan.md'));
      await vscode.window.showTextDocument(doc);
      api = await ext.activate();
      console.log(`    activation (start → language server initialized): ${api.activationMs} ms`);
    });

    test('diagnostics arrive with rule codes and docs links', async () => {
      const diagnostics = await whenDiagnostics(() => (planlint().length ? planlint() : undefined));
      const dod = diagnostics.find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'missing-dod');
      assert.ok(dod, `missing-dod among ${diagnostics.map((d) => JSON.stringify(d.code)).join(', ')}`);
      assert.equal(dod.range.start.line, 7);
      // The rule link opens the bundled page (a command link), not the web.
      const target = (dod.code as { target: vscode.Uri }).target;
      assert.equal(target.scheme, 'command');
      assert.equal(target.path, 'planlint.openRuleDocs');
      assert.deepEqual(JSON.parse(decodeURIComponent(target.query)), ['missing-dod']);
    });

    test('"Show documentation for <rule>" in the quick fixes opens the bundled page in the Markdown preview', async () => {
      const dod = planlint().find((d) => (d.code as { value: string }).value === 'missing-dod')!;
      const action = await eventually(async () => {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, dod.range, vscode.CodeActionKind.QuickFix.value);
        return actions.find((a) => a.title === 'Show documentation for missing-dod');
      });
      assert.equal(action.command?.command, 'planlint.openRuleDocs');
      const opened = await vscode.commands.executeCommand<string>(action.command.command, ...(action.command.arguments ?? []));
      assert.match(opened, /docs\/rules\/missing-dod\.md$/);
      const preview = await eventually(async () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType)));
      assert.match(preview.label, /missing-dod/);
      await vscode.window.showTextDocument(doc);
    });

    test('document symbols come from VS Code\'s Markdown support only: each heading once', async () => {
      const symbols = await eventually(async () => {
        const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
        return found?.length ? found : undefined;
      });
      const names: string[] = [];
      const walk = (list: vscode.DocumentSymbol[]) => list.forEach((s) => (names.push(s.name), walk(s.children)));
      walk(symbols);
      const stages = names.filter((n) => /Stage 1: Dual-write store/.test(n));
      assert.equal(stages.length, 1, JSON.stringify(names));
    });

    test('the DoD suggestion applies as a snippet: its text is inserted, the cursor is in its first slot, missing-dod stays open as unfilled until the slots are filled', async () => {
      const editor = await vscode.window.showTextDocument(doc);
      const original = doc.getText();
      const title = 'Add a Definition of Done to "Stage 1: Dual-write store"';
      const dod = planlint().find((d) => (d.code as { value: string }).value === 'missing-dod')!;
      const action = await eventually(async () => {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, dod.range, vscode.CodeActionKind.QuickFix.value);
        return actions.find((a) => a.title === title);
      });
      // What the server sends this client (vscode-languageclient declares snippetEditSupport): a SnippetTextEdit.
      const uri = doc.uri.toString();
      const client = api.handle.client!;
      const report = await client.sendRequest<{ items: LspDiagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
      const lspDod = report.items.find((d) => d.code === 'missing-dod' && d.range.start.line === dod.range.start.line)!;
      const lspActions = await client.sendRequest<LspCodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: lspDod.range, context: { diagnostics: [lspDod], only: ['quickfix'] } });
      const sent = lspActions.find((a) => a.title === title)?.edit;
      assert.equal(sent?.changes, undefined, 'no plain-text changes');
      assert.equal(sent?.documentChanges?.length, 1, JSON.stringify(sent));
      const [insert, ...more] = sent.documentChanges[0]!.edits;
      assert.deepEqual(more, [], 'one edit');
      assert.ok(insert && 'snippet' in insert && insert.snippet.kind === 'snippet', `a SnippetTextEdit: ${JSON.stringify(insert)}`);
      const snippet = expandSnippet(insert.snippet.value);
      assert.ok(snippet.first, `a slot in ${insert.snippet.value}`);
      const at = doc.offsetAt(new vscode.Position(insert.range.start.line, insert.range.start.character));
      const end = doc.offsetAt(new vscode.Position(insert.range.end.line, insert.range.end.character));

      assert.ok(await vscode.workspace.applyEdit(action.edit!));
      assert.equal(doc.getText(), original.slice(0, at) + snippet.text + original.slice(end));
      assert.match(snippet.text.slice(0, snippet.first.start), /#+ Definition of Done\r?\n/);
      const slot = new vscode.Range(doc.positionAt(at + snippet.first.start), doc.positionAt(at + snippet.first.end));
      const selection = await whenSelection(editor, (s) => s.isEqual(slot));
      assert.ok(selection.isEqual(slot), `selection ${JSON.stringify(selection)} is the first slot ${JSON.stringify(slot)} of ${JSON.stringify(insert.snippet.value)}`);
      // Its slots left at their defaults say nothing yet: the finding stays, reported as unfilled.
      await whenDiagnostics(() => (planlint().some((d) => (d.code as { value: string }).value === 'missing-dod' && d.message.includes('has a Definition of Done with nothing in it')) ? true : undefined));

      const filled = 'the store passes `npm test` with 0 failures';
      assert.ok(await editor.edit((b) => b.replace(editor.selection, filled)));
      const expected = original.slice(0, at) + snippet.text.slice(0, snippet.first.start) + filled + snippet.text.slice(snippet.first.end) + original.slice(end);
      assert.equal(doc.getText(), expected);
      // Any further slots are filled too (a seeded DoD may have several), so the DoD counts as written.
      const first = snippet.first;
      const shift = filled.length - (first.end - first.start);
      const others = [...snippet.stops].filter(([n, s]) => n > 0 && s !== first && (s.start >= first.end || s.end <= first.start)).map(([, s]) => s);
      assert.ok(
        await editor.edit((b) => {
          for (const s of others) {
            const delta = s.start >= first.end ? shift : 0;
            b.replace(new vscode.Range(doc.positionAt(at + s.start + delta), doc.positionAt(at + s.end + delta)), 'reads return within 2 ms at p95');
          }
        }),
      );
      const filledLine = doc.positionAt(at + snippet.first.start).line;
      await whenDiagnostics(() => (planlint().some((d) => (d.code as { value: string }).value === 'missing-dod' || d.range.start.line === filledLine) ? undefined : true));
    });

    test('the score command reports the score with components', async () => {
      const result = await vscode.commands.executeCommand<ScoreResult>('planlint.showScore');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.ok(result?.score, 'a score');
      const { done, requirements } = result.score.components;
      assert.ok(done.applicable && requirements.applicable, 'done and requirements apply');
      assert.equal(done.total, 2);
      assert.equal(done.covered, 2, 'the DoD inserted and filled in by the previous test counts');
      assert.equal(requirements.covered, 2);
      assert.deepEqual(result.score.components.gates, { applicable: false, reason: 'no CI gates declared', weight: 10 });
    });

    test('the outline tree shows stages with health and requirements with coverage', async () => {
      const outline = await eventually(async () => {
        await api.outline.refresh();
        const current = api.outline.current;
        return current && current.version === doc.version ? current : undefined;
      });
      assert.deepEqual(
        outline.stages.map((s) => s.title),
        ['Stage 1: Dual-write store', 'Stage 2: Deploy to production'],
      );
      const roots = api.outline.getChildren();
      const labels = roots.map((n) => String(api.outline.getTreeItem(n).label));
      assert.deepEqual(labels, ['Stage 1: Dual-write store', 'Stage 2: Deploy to production', 'Requirements']);
      const stage1 = api.outline.getChildren(roots[0]).map((n) => `${api.outline.getTreeItem(n).label}: ${api.outline.getTreeItem(n).description}`);
      assert.deepEqual(stage1.slice(0, 4), ['Definition of Done: line 16', 'Tests: line 14', 'Rollback: not needed', 'Owner: Priya']);
      const reqs = api.outline.getChildren(roots[2]).map((n) => `${api.outline.getTreeItem(n).label}: ${api.outline.getTreeItem(n).description}`);
      assert.deepEqual(reqs, ['FR-001: covered: Stage 1: Dual-write store', 'FR-002: covered: Stage 2: Deploy to production']);
      // A stage's icon is the worst severity among its findings: this plan has no errors, so no stage has an error icon.
      assert.ok(!planlint().some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'no error in the fixture');
      const icons = outline.stages.map((s, i) => [(api.outline.getTreeItem(roots[i]!).iconPath as vscode.ThemeIcon).id, s.health.worst ?? 'none']);
      for (const [icon, worst] of icons) assert.equal(icon, worst === 'none' ? 'pass' : worst, JSON.stringify(icons));
    });

    test('the outline of a plan set file lists the files of its set', async () => {
      const ws = vscode.workspace.workspaceFolders![0]!.uri;
      const folder = vscode.Uri.joinPath(ws, 'specs', '001-outline-set');
      const write = (name: string, text: string) => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, name), new TextEncoder().encode(text));
      await write('spec.md', '# Feature Specification: Sessions\n\n## Requirements\n\n- **FR-001**: System MUST keep sessions across restarts.\n');
      await write('tasks.md', '# Tasks: Sessions\n\n## Phase 1: Store\n\n- [ ] T001 Add the session store (FR-001)\n\n**Done when:** `npm test` passes.\n');
      try {
        const tasks = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'tasks.md'));
        await vscode.window.showTextDocument(tasks);
        const roots = await eventually(async () => {
          await api.outline.refresh();
          const current = api.outline.current;
          if (!current || current.uri !== tasks.uri.toString() || !current.set) return undefined;
          return api.outline.getChildren();
        }).catch((e: Error) => {
          const c = api.outline.current;
          throw new Error(`${e.message}: outline of ${c?.uri} (tasks ${tasks.uri.toString()}), set ${JSON.stringify(c?.set)}, stages ${c?.stages.length}`);
        });
        assert.equal(String(api.outline.getTreeItem(roots[0]!).label), 'Plan set');
        const files = api.outline.getChildren(roots[0]).map((n) => `${api.outline.getTreeItem(n).label}${api.outline.getTreeItem(n).description ? ` (${api.outline.getTreeItem(n).description})` : ''}`);
        assert.deepEqual(files.sort(), ['spec.md', 'tasks.md (this file)']);
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      } finally {
        await vscode.workspace.fs.delete(vscode.Uri.joinPath(ws, 'specs'), { recursive: true });
        await vscode.window.showTextDocument(doc);
      }
    });

    test('an invalid .planlintrc.json gets one diagnostic on the file, at the key, and none on the plans', async () => {
      const rc = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.planlintrc.json');
      const onConfig = () => vscode.languages.getDiagnostics(rc).filter((d) => d.source === 'planlint');
      await vscode.workspace.fs.writeFile(rc, new TextEncoder().encode('{\n  "rules": { "missing-owner": "sometimes" }\n}\n'));
      try {
        const found = await eventually(async () => (onConfig().length ? onConfig() : undefined));
        assert.equal(found.length, 1, JSON.stringify(found));
        assert.equal(found[0]!.range.start.line, 1);
        assert.match(found[0]!.message, /^rules\.missing-owner: .*expected "off", "info", "warning", "error"/);
        assert.deepEqual(planlint().filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'config'), []);
      } finally {
        await vscode.workspace.fs.delete(rc);
      }
      await eventually(async () => (onConfig().length === 0 ? true : undefined));
    });

    test('the status bar shows the active plan score and hides for non-plans', async () => {
      await api.status.refresh();
      assert.ok(api.status.visible);
      assert.match(api.status.text ?? '', /^\$\(checklist\) Plan \d+%$/);
      // The tooltip shows the breakdown, with the components that do not apply named as such.
      assert.match(api.status.tooltip ?? '', /\| Complete CI gates \| n\/a \| not applicable: no CI gates declared \|/);
      assert.match(api.status.tooltip ?? '', /\| Stages with a DoD \| 100% \| 2 of 2 stages with a filled Definition of Done \| 15 \|/);
      const notes = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'notes.md'));
      await vscode.window.showTextDocument(notes);
      await api.status.refresh();
      assert.equal(api.status.visible, false);
      await api.outline.refresh();
      assert.equal(api.outline.current, null);
    });

    test('commands answer when the server is down, and Restart Server brings it back', async () => {
      await api.handle.client!.stop();
      assert.equal(api.handle.ready(), false);
      const plan = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'rollout-plan.md'));
      await vscode.window.showTextDocument(plan);
      assert.equal(await vscode.commands.executeCommand('planlint.showScore'), undefined);
      assert.equal(await vscode.commands.executeCommand('planlint.fixAll'), 0);
      assert.equal(await vscode.commands.executeCommand('planlint.restartServer'), true);
      const result = await vscode.commands.executeCommand<ScoreResult>('planlint.showScore');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.ok(result?.score, 'a score after the restart');
    });

    test('every command is registered', async () => {
      const all = new Set(await vscode.commands.getCommands(true));
      for (const id of ['planlint.showScore', 'planlint.insertDod', 'planlint.insertRollback', 'planlint.insertTests', 'planlint.fixAll', 'planlint.lintWorkspace', 'planlint.openRuleDocs', 'planlint.restartServer', 'planlint.showOutput']) {
        assert.ok(all.has(id), id);
      }
    });
  });
}
