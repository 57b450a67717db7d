import * as vscode from 'vscode';
import { ScoreRequest, type ScoreResult } from '../../server/src/protocol';
import { onActivePlanChange } from './active-plan';
import type { ClientHandle } from './extension';

const LABELS: Record<string, string> = {
  requirements: 'Requirements covered',
  done: 'Stages with a DoD',
  tests: 'Stages with tests',
  rollback: 'Rollback coverage',
  gates: 'Complete CI gates',
  risks: 'Mitigated risks',
  owners: 'Stages with an owner',
  clarity: 'Clarity',
};

/**
 * Markdown breakdown of a score, shared by the status bar tooltip and the score report: each
 * component's value, counts and weight, and the components that do not apply named as such,
 * with the reason (they are left out of the total).
 */
export function breakdown(result: ScoreResult): string {
  const score = result.score!;
  const rows = Object.entries(score.components).map(([name, c]) =>
    c.applicable ? `| ${LABELS[name] ?? name} | ${Math.round(c.value * 100)}% | ${c.detail} | ${c.weight} |` : `| ${LABELS[name] ?? name} | n/a | not applicable: ${c.reason} | (${c.weight}) |`,
  );
  return [
    `**Plan completeness: ${score.total}%**`,
    '',
    `Renormalised over the ${score.applicableWeight} weight points that apply.`,
    '',
    '| component | value | counts | weight |',
    '| --- | ---: | --- | ---: |',
    ...rows,
  ].join('\n');
}

/** The active plan's score in the status bar: `$(checklist) Plan 72%`; hidden for non-plans. */
export class ScoreStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('planlint.score', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private generation = 0;
  /** The newest refresh: callers of an overtaken one wait for it. */
  private latest: Promise<void> = Promise.resolve();
  private shown = false;

  constructor(private readonly handle: ClientHandle) {
    this.item.name = 'planlint score';
    this.item.command = 'planlint.showScore';
    this.subscriptions.push(...onActivePlanChange(() => this.refresh()));
  }

  /** The text shown now (for tests). */
  get text(): string | undefined {
    return this.item.text;
  }

  /** The tooltip's markdown now: the score breakdown (for tests). */
  get tooltip(): string | undefined {
    const t = this.item.tooltip;
    return typeof t === 'string' ? t : t?.value;
  }

  /** Whether the item is in the status bar now. */
  get visible(): boolean {
    return this.shown;
  }

  private hide(): void {
    this.shown = false;
    this.item.hide();
  }

  /** Asks the server for the active plan's score and shows it; resolves once the newest refresh is shown. */
  refresh(): Promise<void> {
    const generation = ++this.generation;
    this.latest = this.load(generation);
    return this.latest;
  }

  private async load(generation: number): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== 'markdown' || !this.handle.ready()) {
      this.hide();
      return;
    }
    const result = await this.handle.client!.sendRequest(ScoreRequest, { textDocument: { uri: doc.uri.toString() } }).catch(() => null);
    if (generation !== this.generation) return this.latest;
    if (!result?.score) {
      this.hide();
      return;
    }
    const text = `$(checklist) Plan ${result.score.total}%`;
    const tooltip = `${breakdown(result)}\n\nClick for the full report.`;
    // Unchanged (most keys typed): the status bar is not redrawn.
    if (this.shown && this.item.text === text && this.tooltip === tooltip) return;
    this.item.text = text;
    this.item.tooltip = new vscode.MarkdownString(tooltip);
    this.item.show();
    this.shown = true;
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
