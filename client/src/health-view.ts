/**
 * How the Plan Outline shows the server's health model, in words and icon names (no vscode
 * API, so that it is tested without an editor): a stage's icon is the worst severity among
 * its findings, and an item is "missing" only when Problems has the finding that says so.
 */
import type { HealthSeverity, OutlineHealthItem, OutlineSection, OutlineStage, SectionRole } from '../../server/src/protocol';

/** A codicon and the theme color that tints it. */
export interface IconSpec {
  icon: string;
  color?: string;
}

/** The icon of a severity, as Problems shows it; a pass mark when there is no finding. */
export function severityIcon(worst: HealthSeverity | undefined): IconSpec {
  switch (worst) {
    case 'error':
      return { icon: 'error', color: 'problemsErrorIcon.foreground' };
    case 'warning':
      return { icon: 'warning', color: 'problemsWarningIcon.foreground' };
    case 'info':
      return { icon: 'info', color: 'problemsInfoIcon.foreground' };
    default:
      return { icon: 'pass', color: 'testing.iconPassed' };
  }
}

const ITEMS = [
  ['dod', 'DoD'],
  ['tests', 'tests'],
  ['rollback', 'rollback'],
  ['owner', 'owner'],
] as const;

/** The stage's items that Problems reports, by short name ("DoD", "owner"). */
export function flaggedItems(stage: OutlineStage): string[] {
  return ITEMS.filter(([key]) => stage.health[key].finding).map(([, name]) => name);
}

/** Tooltip of a stage row: what Problems reports about it, or that nothing is. */
export function stageTooltip(stage: OutlineStage): string {
  const flagged = flaggedItems(stage);
  const n = stage.health.findings;
  const count = n ? `${n} finding${n === 1 ? '' : 's'}` : 'No findings';
  return flagged.length ? `Missing: ${flagged.join(', ')} (${count.toLowerCase()})` : n ? `${count}; DoD, tests, rollback and owner are not reported` : 'No findings';
}

/** How one health row reads: its description, icon and tooltip. */
export interface HealthRow {
  description: string;
  icon: IconSpec;
  tooltip: string;
}

/**
 * A health row ("Definition of Done", "Owner"...): flagged with the finding's severity when
 * Problems has one ("missing", or "unfilled" when a section says nothing yet); a check when
 * present; "not required" when absent and nothing asks for it (no stage names an owner, the
 * stage changes no running system).
 *
 * @param fallback the description of a present item without detail (its line, "line 12")
 */
export function healthRow(label: string, item: OutlineHealthItem & { needed?: boolean }, fallback: string): HealthRow {
  if (item.finding) {
    return { description: item.present ? 'unfilled' : 'missing', icon: severityIcon(item.finding.severity), tooltip: `${item.finding.message} (${item.finding.ruleId})` };
  }
  if (item.needed === false) return { description: 'not needed', icon: { icon: 'check' }, tooltip: `${label}: not needed (the stage changes no running system)` };
  if (!item.present) return { description: 'not required', icon: { icon: 'dash' }, tooltip: `${label}: none, and planlint does not ask for one here` };
  const detail = item.detail && item.detail.toLowerCase() !== label.toLowerCase() ? item.detail : fallback;
  return { description: detail, icon: { icon: 'check' }, tooltip: `${label}: ${item.detail ?? 'present'}` };
}

const ROLE_ICONS: Record<SectionRole, string> = { tests: 'beaker', dod: 'checklist', rollback: 'discard', risks: 'shield', prr: 'rocket' };

/** How a section row of a plan without stages reads: findings count, worst-severity icon, role icon when clean. */
export function sectionRow(section: OutlineSection): HealthRow {
  const n = section.findings;
  const icon = section.worst ? severityIcon(section.worst) : { icon: section.role ? ROLE_ICONS[section.role] : 'symbol-string' };
  return { description: n ? `${n} finding${n === 1 ? '' : 's'}` : 'no findings', icon, tooltip: n ? `${section.title}: ${n} finding${n === 1 ? '' : 's'}, the worst ${section.worst}` : `${section.title}: no findings` };
}
