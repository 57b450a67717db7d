import * as vscode from 'vscode';
import { OutlineRequest, type OutlineHealthItem, type OutlineResult, type OutlineStage } from '../../server/src/protocol';
import { onActivePlanChange } from './active-plan';
import type { ClientHandle } from './extension';

type Node =
  | { type: 'stage'; stage: OutlineStage; uri: string }
  | { type: 'health'; label: string; item: OutlineHealthItem & { needed?: boolean }; range: vscode.Range; uri: string }
  | { type: 'task'; title: string; checked: boolean | null; range: vscode.Range; uri: string }
  | { type: 'requirements'; outline: OutlineResult }
  | { type: 'requirement'; id: string; text: string; covered: boolean; coveredBy: string[]; range: vscode.Range; uri: string };

const toRange = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

/**
 * The Plan Outline view: stages with DoD, tests, rollback, owner and tasks, each with a health
 * icon; requirements with coverage. Follows the active editor and refreshes when its
 * diagnostics change (that is, as you type).
 */
export class PlanOutlineProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private outline: OutlineResult | null = null;
  private readonly subscriptions: vscode.Disposable[] = [];
  private generation = 0;

  constructor(private readonly handle: ClientHandle) {
    this.subscriptions.push(...onActivePlanChange(() => this.refresh()));
  }

  /** The outline shown now (for tests and commands). */
  get current(): OutlineResult | null {
    return this.outline;
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const doc = vscode.window.activeTextEditor?.document;
    let outline: OutlineResult | null = null;
    if (doc && doc.languageId === 'markdown' && this.handle.ready()) {
      outline = await this.handle.client!.sendRequest(OutlineRequest, { textDocument: { uri: doc.uri.toString() } }).catch(() => null);
    }
    if (generation !== this.generation) return;
    this.outline = outline;
    await vscode.commands.executeCommand('setContext', 'planlint.hasPlan', outline !== null);
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    const o = this.outline;
    if (!o) return [];
    if (!node) {
      const stages: Node[] = o.stages.map((stage) => ({ type: 'stage', stage, uri: o.uri }));
      return o.requirements.length ? [...stages, { type: 'requirements', outline: o }] : stages;
    }
    if (node.type === 'stage') {
      const s = node.stage;
      const at = toRange(s.selectionRange);
      const health: Node[] = [
        { type: 'health', label: 'Definition of Done', item: s.health.dod, range: s.health.dod.range ? toRange(s.health.dod.range) : at, uri: node.uri },
        { type: 'health', label: 'Tests', item: s.health.tests, range: s.health.tests.range ? toRange(s.health.tests.range) : at, uri: node.uri },
        { type: 'health', label: 'Rollback', item: s.health.rollback, range: s.health.rollback.range ? toRange(s.health.rollback.range) : at, uri: node.uri },
        { type: 'health', label: 'Owner', item: s.health.owner, range: s.health.owner.range ? toRange(s.health.owner.range) : at, uri: node.uri },
      ];
      return [...health, ...s.tasks.map((t): Node => ({ type: 'task', title: t.title, checked: t.checked, range: toRange(t.range), uri: node.uri }))];
    }
    if (node.type === 'requirements') return node.outline.requirements.map((r): Node => ({ type: 'requirement', ...r, range: toRange(r.range), uri: node.outline.uri }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const reveal = (uri: string, range: vscode.Range): vscode.Command => ({ title: 'Reveal', command: 'planlint.reveal', arguments: [uri, range] });
    switch (node.type) {
      case 'stage': {
        const s = node.stage;
        const missing = [!s.health.dod.present && 'DoD', !s.health.tests.present && 'tests', !s.health.rollback.present && 'rollback', !s.health.owner.present && 'owner'].filter(Boolean) as string[];
        const item = new vscode.TreeItem(s.title, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `stage:${s.selectionRange.start.line}:${s.title}`;
        item.description = s.health.findings ? `${s.health.findings} finding${s.health.findings === 1 ? '' : 's'}` : undefined;
        item.iconPath = new vscode.ThemeIcon(missing.length === 0 ? 'pass' : missing.length >= 3 ? 'error' : 'warning', new vscode.ThemeColor(missing.length === 0 ? 'testing.iconPassed' : missing.length >= 3 ? 'errorForeground' : 'editorWarning.foreground'));
        item.tooltip = missing.length ? `Missing: ${missing.join(', ')}` : 'DoD, tests, rollback and owner in place';
        item.contextValue = 'stage';
        item.command = reveal(node.uri, toRange(s.selectionRange));
        return item;
      }
      case 'health': {
        const needed = node.item.needed !== false;
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        const detail = node.item.detail && node.item.detail.toLowerCase() !== node.label.toLowerCase() ? node.item.detail : `line ${node.range.start.line + 1}`;
        item.description = node.item.present ? (node.label === 'Rollback' && !needed ? 'not needed' : detail) : 'missing';
        item.iconPath = new vscode.ThemeIcon(node.item.present ? 'check' : 'circle-slash');
        item.tooltip = node.item.present ? `${node.label}: ${node.item.detail ?? 'present'}` : `${node.label} is missing`;
        item.command = reveal(node.uri, node.range);
        return item;
      }
      case 'task': {
        const item = new vscode.TreeItem(node.title, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(node.checked === true ? 'pass-filled' : node.checked === false ? 'circle-large-outline' : 'symbol-event');
        item.command = reveal(node.uri, node.range);
        return item;
      }
      case 'requirements': {
        const covered = node.outline.requirements.filter((r) => r.covered).length;
        const item = new vscode.TreeItem('Requirements', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'requirements';
        item.description = `${covered} of ${node.outline.requirements.length} covered`;
        item.iconPath = new vscode.ThemeIcon('checklist');
        return item;
      }
      case 'requirement': {
        const item = new vscode.TreeItem(node.id, vscode.TreeItemCollapsibleState.None);
        item.description = node.covered ? `covered: ${node.coveredBy.join(', ') || 'outside stages'}` : 'not covered';
        item.tooltip = node.text;
        item.iconPath = new vscode.ThemeIcon(node.covered ? 'pass' : 'warning');
        item.command = reveal(node.uri, node.range);
        return item;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
