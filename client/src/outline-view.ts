import * as vscode from 'vscode';
import { OutlineRequest, type OutlineHealthItem, type OutlineResult, type OutlineSection, type OutlineStage } from '../../server/src/protocol';
import { onActivePlanChange } from './active-plan';
import type { ClientHandle } from './extension';
import { healthRow, sectionRow, severityIcon, stageTooltip, type IconSpec } from './health-view';

type Node =
  | { type: 'stage'; stage: OutlineStage; uri: string }
  | { type: 'section'; section: OutlineSection; uri: string }
  | { type: 'health'; label: string; item: OutlineHealthItem & { needed?: boolean }; range: vscode.Range; uri: string }
  | { type: 'task'; title: string; checked: boolean | null; range: vscode.Range; uri: string }
  | { type: 'requirements'; outline: OutlineResult }
  | { type: 'set'; files: Array<{ uri: string; name: string; isPlan: boolean }>; self: string }
  | { type: 'setFile'; uri: string; name: string; isPlan: boolean; self: boolean }
  | { type: 'requirement'; id: string; text: string; covered: boolean; coveredBy: string[]; range: vscode.Range; uri: string };

const toRange = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
const themeIcon = (spec: IconSpec) => new vscode.ThemeIcon(spec.icon, spec.color ? new vscode.ThemeColor(spec.color) : undefined);

/**
 * The Plan Outline view: stages with DoD, tests, rollback, owner and tasks, each with a health
 * icon (the worst severity among its findings, as Problems has them); for a plan without
 * stages (a KEP), its main sections with their findings; requirements with coverage; the files of
 * its plan set (spec, plan, tasks…), each one click away. Follows the active editor and refreshes when its
 * diagnostics change (that is, as you type).
 */
export class PlanOutlineProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private outline: OutlineResult | null = null;
  private readonly subscriptions: vscode.Disposable[] = [];
  private generation = 0;
  /** The newest refresh: callers of an overtaken one wait for it. */
  private latest: Promise<void> = Promise.resolve();
  private view: vscode.TreeView<Node> | undefined;
  /** True when the active plan changed while the view was hidden. */
  private stale = false;

  constructor(private readonly handle: ClientHandle) {
    this.subscriptions.push(...onActivePlanChange(() => this.planChanged()));
  }

  /**
   * Shows the tree in `view`. While it is hidden (collapsed, or its side bar closed) changes of
   * the active plan only mark it stale: it asks the server again when it becomes visible, not on
   * every key typed.
   */
  attach(view: vscode.TreeView<Node>): void {
    this.view = view;
    this.subscriptions.push(
      view.onDidChangeVisibility((e) => {
        if (e.visible && this.stale) void this.refresh();
      }),
    );
  }

  private planChanged(): Promise<void> | undefined {
    if (this.view && !this.view.visible) {
      this.stale = true;
      return undefined;
    }
    return this.refresh();
  }

  /** The outline shown now (for tests and commands). */
  get current(): OutlineResult | null {
    return this.outline;
  }

  /**
   * Asks the server for the active plan's outline and shows it (also while the view is hidden).
   * Resolves once the newest refresh is shown: a call overtaken by a later one waits for it.
   */
  refresh(): Promise<void> {
    const generation = ++this.generation;
    this.stale = false;
    this.latest = this.load(generation);
    return this.latest;
  }

  private async load(generation: number): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    let outline: OutlineResult | null = null;
    if (doc && doc.languageId === 'markdown' && this.handle.ready()) {
      outline = await this.handle.client!.sendRequest(OutlineRequest, { textDocument: { uri: doc.uri.toString() } }).catch(() => null);
    }
    if (generation !== this.generation) return this.latest;
    this.outline = outline;
    await vscode.commands.executeCommand('setContext', 'planlint.hasPlan', outline !== null);
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    const o = this.outline;
    if (!o) return [];
    if (!node) {
      const top: Node[] = o.sections?.length ? o.sections.map((section) => ({ type: 'section', section, uri: o.uri })) : o.stages.map((stage) => ({ type: 'stage', stage, uri: o.uri }));
      const set: Node[] = o.set && o.set.files.length > 1 ? [{ type: 'set', files: o.set.files, self: o.uri }] : [];
      return [...set, ...top, ...(o.requirements.length ? [{ type: 'requirements', outline: o } as Node] : [])];
    }
    if (node.type === 'set') return node.files.map((f): Node => ({ type: 'setFile', ...f, self: f.uri === node.self }));
    if (node.type === 'section') return node.section.children.map((section): Node => ({ type: 'section', section, uri: node.uri }));
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
        const item = new vscode.TreeItem(s.title, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `stage:${s.selectionRange.start.line}:${s.title}`;
        item.description = s.health.findings ? `${s.health.findings} finding${s.health.findings === 1 ? '' : 's'}` : undefined;
        item.iconPath = themeIcon(severityIcon(s.health.worst));
        item.tooltip = stageTooltip(s);
        item.contextValue = 'stage';
        item.command = reveal(node.uri, toRange(s.selectionRange));
        return item;
      }
      case 'section': {
        const s = node.section;
        const row = sectionRow(s);
        const item = new vscode.TreeItem(s.title, s.children.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `section:${s.selectionRange.start.line}:${s.title}`;
        item.description = row.description;
        item.iconPath = themeIcon(row.icon);
        item.tooltip = row.tooltip;
        item.contextValue = 'section';
        item.command = reveal(node.uri, toRange(s.selectionRange));
        return item;
      }
      case 'health': {
        const row = healthRow(node.label, node.item, `line ${node.range.start.line + 1}`);
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.description = row.description;
        item.iconPath = themeIcon(row.icon);
        item.tooltip = row.tooltip;
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
      case 'set': {
        const item = new vscode.TreeItem('Plan set', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'set';
        item.description = `${node.files.length} files`;
        item.tooltip = 'The files linted together: requirement IDs resolve across them';
        item.iconPath = new vscode.ThemeIcon('files');
        return item;
      }
      case 'setFile': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
        item.description = node.self ? 'this file' : node.isPlan ? undefined : 'not a plan alone';
        item.resourceUri = vscode.Uri.parse(node.uri);
        item.iconPath = new vscode.ThemeIcon(node.self ? 'eye' : 'file');
        item.command = { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(node.uri)] };
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
