/**
 * The one health model the editor shows: a stage's health is what Problems says about it. A
 * health item (DoD, tests, rollback, owner) is flagged only when its rule reported a finding
 * for the stage, and a stage or section is as bad as the worst severity among its findings.
 * The outline, the hover card and the score report read it from here, never from a check of
 * their own, so that they cannot disagree with Problems.
 */
import type { Finding, Heading, Plan, Severity, Stage } from '../core/index.js';
import { stageDod, stageHasRollback } from '../core/score.js';
import { compileVocabulary, defaultVocabulary } from '../core/vocabulary.js';
import type { HealthFinding, OutlineSection, SectionRole } from '../protocol.js';
import { offsetsToRange, toRange } from './convert.js';

/** The items of a stage's health, each checked by one rule. */
export type HealthItem = 'dod' | 'tests' | 'rollback' | 'owner';

/** The rule that reports each health item. */
export const HEALTH_RULES: Record<HealthItem, string> = { dod: 'missing-dod', tests: 'undefined-tests', rollback: 'missing-rollback', owner: 'missing-owner' };

const ITEM_OF_RULE = new Map(Object.entries(HEALTH_RULES).map(([item, rule]) => [rule, item as HealthItem]));
const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** The worse of two severities (`undefined` is better than any). */
export function worse(a: Severity | undefined, b: Severity | undefined): Severity | undefined {
  if (!a) return b;
  if (!b) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

/** Lookups of findings by stage and by range, built once per analysis (O(n log n) in the findings). */
export interface HealthIndex {
  /** The findings of each health item for `stage`, as Problems has them. */
  itemFindings(stage: Stage): Partial<Record<HealthItem, HealthFinding>>;
  /** The worst severity among the findings starting in `[start, end)` (offsets); undefined when none. */
  worstIn(start: number, end: number): Severity | undefined;
  /** Number of findings starting in `[start, end)`. */
  countIn(start: number, end: number): number;
  /** Number of findings about a named stage: those starting inside it, and those of its health items that start elsewhere (a summary on the title). */
  stageCount(stage: Stage): number;
}

const toHealthFinding = (f: Finding): HealthFinding => ({ ruleId: f.ruleId, severity: f.severity, message: f.message });

/** Number of sorted `xs` below `value`. */
function below(xs: readonly number[], value: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `stage` lacks `item` in the model (the question its rule asks; a finding says the rule asked it). */
function lacks(plan: Plan, stage: Stage, item: HealthItem): boolean {
  switch (item) {
    case 'dod': {
      const dod = stageDod(plan, stage);
      return !dod || dod.tbd === true;
    }
    case 'tests':
      return !(stage.tests && !stage.tests.tbd) && !plan.planTests;
    case 'rollback':
      return stage.changesRunningSystem && !stageHasRollback(plan, stage);
    case 'owner':
      return !stage.owner && !plan.owner;
  }
}

/**
 * Indexes `findings` of `plan` for the health model. A finding of a health rule concerns the
 * stages whose heading it starts on or names as a related location (a summary finding names
 * every stage it counts); one that names no stage (the plan has no rollback at all) concerns
 * the implicit stage and every stage that lacks the item.
 */
export function healthIndex(plan: Plan, findings: readonly Finding[]): HealthIndex {
  const byHeading = new Map<number, Stage>();
  for (const s of plan.stages) if (s.source !== 'implicit') byHeading.set(s.headingSpan.start.offset, s);
  const direct = new Map<Stage, Partial<Record<HealthItem, HealthFinding>>>();
  const planWide: Partial<Record<HealthItem, HealthFinding>> = {};
  const startOf = new Map<HealthFinding, number>();
  for (const f of findings) {
    const item = ITEM_OF_RULE.get(f.ruleId);
    if (!item) continue;
    const stages = [f.span, ...(f.related ?? []).map((r) => r.span)].map((s) => byHeading.get(s.start.offset)).filter((s): s is Stage => s !== undefined);
    const health = toHealthFinding(f);
    startOf.set(health, f.span.start.offset);
    if (stages.length === 0) {
      planWide[item] ??= health;
      continue;
    }
    for (const s of stages) {
      let items = direct.get(s);
      if (!items) direct.set(s, (items = {}));
      items[item] ??= health;
    }
  }
  const starts = { info: [] as number[], warning: [] as number[], error: [] as number[] };
  for (const f of findings) starts[f.severity].push(f.span.start.offset);
  for (const list of Object.values(starts)) list.sort((a, b) => a - b);
  const all = [...starts.info, ...starts.warning, ...starts.error].sort((a, b) => a - b);
  const count = (xs: readonly number[], start: number, end: number) => below(xs, end) - below(xs, start);
  const itemFindings = (stage: Stage) => {
    const out: Partial<Record<HealthItem, HealthFinding>> = { ...direct.get(stage) };
    for (const [item, f] of Object.entries(planWide) as Array<[HealthItem, HealthFinding]>) {
      if (!out[item] && (stage.source === 'implicit' || lacks(plan, stage, item))) out[item] = f;
    }
    return out;
  };
  return {
    itemFindings,
    stageCount(stage) {
      const outside = Object.values(itemFindings(stage)).filter((f) => {
        const at = startOf.get(f)!;
        return at < stage.start || at >= stage.end;
      });
      return count(all, stage.start, stage.end) + outside.length;
    },
    worstIn(start, end) {
      if (count(starts.error, start, end)) return 'error';
      if (count(starts.warning, start, end)) return 'warning';
      return count(starts.info, start, end) ? 'info' : undefined;
    },
    countIn: (start, end) => count(all, start, end),
  };
}

/**
 * The worst severity of the findings about `stage`: those starting inside it and those of its
 * health items (a plan-wide finding counts for the stages it concerns); the implicit stage is
 * the whole plan.
 */
export function stageWorst(index: HealthIndex, findings: readonly Finding[], stage: Stage): Severity | undefined {
  if (stage.source === 'implicit') return findings.reduce<Severity | undefined>((w, f) => worse(w, f.severity), undefined);
  let w = index.worstIn(stage.start, stage.end);
  for (const f of Object.values(index.itemFindings(stage))) w = worse(w, f.severity);
  return w;
}

/**
 * One line of a stage's health for the hover card: each item ✔ (present), ✘ (its rule reported
 * it: Problems has the finding) or "n/a" (absent, but nothing asks for it here).
 */
export function stageHealthLine(plan: Plan, index: HealthIndex, stage: Stage): string {
  const flagged = index.itemFindings(stage);
  const mark = (item: HealthItem, present: boolean, detail?: string) => (flagged[item] ? '✘' : present ? (detail ?? '✔') : 'n/a');
  const owner = stage.owner?.text ?? plan.owner;
  return [
    `DoD ${mark('dod', !lacks(plan, stage, 'dod'))}`,
    `Tests ${mark('tests', !lacks(plan, stage, 'tests'))}`,
    `Rollback ${mark('rollback', stage.changesRunningSystem && !lacks(plan, stage, 'rollback'))}`,
    `Owner ${mark('owner', owner !== undefined, owner)}`,
  ].join(' · ');
}

/** The built-in vocabulary's heading matchers (every language pack). */
const SECTION_TERMS = compileVocabulary(defaultVocabulary);

/** What a heading's section is about, from the built-in vocabulary; undefined for other sections. */
function roleOf(heading: Heading): SectionRole | undefined {
  const { inHeading } = SECTION_TERMS;
  if (/\bproduction readiness\b|\bPRR\b/i.test(heading.text)) return 'prr';
  if (inHeading.rollback.test(heading.text)) return 'rollback';
  if (inHeading.tests.test(heading.text) || /\btest plan\b/i.test(heading.text)) return 'tests';
  if (inHeading.dod.test(heading.text)) return 'dod';
  if (inHeading.risks.test(heading.text)) return 'risks';
  return undefined;
}


/**
 * The main sections of a plan that has no stages (a KEP, an enhancement proposal, a design
 * doc): each section whose heading names tests, a Definition of Done (Graduation Criteria...),
 * rollback, risks or a production readiness review, outside another such section, with its
 * subsections; each with the findings inside it and their worst severity.
 */
export function mainSections(plan: Plan, index: HealthIndex): OutlineSection[] {
  const section = (h: Heading, role?: SectionRole): OutlineSection => {
    const start = h.span.start.offset;
    const worst = index.worstIn(start, h.sectionEnd);
    return {
      title: h.text,
      ...(role ? { role } : {}),
      range: offsetsToRange(plan.lines, start, h.sectionEnd),
      selectionRange: toRange(h.span),
      findings: index.countIn(start, h.sectionEnd),
      ...(worst ? { worst } : {}),
      children: [],
    };
  };
  const out: OutlineSection[] = [];
  let openEnd = -1;
  let open: { depth: number; node: OutlineSection } | undefined;
  for (const h of plan.headings) {
    if (h === plan.title) continue;
    const start = h.span.start.offset;
    if (open && start < openEnd) {
      if (h.depth === open.depth + 1) open.node.children.push(section(h, roleOf(h)));
      continue;
    }
    const role = roleOf(h);
    if (!role) continue;
    const node = section(h, role);
    out.push(node);
    open = { depth: h.depth, node };
    openEnd = h.sectionEnd;
  }
  return out;
}
