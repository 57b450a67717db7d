import type { ResolvedConfig } from '../config.js';
import { analyze, implicitDefault, toFinding, type Analysis, type AnalyzeOptions } from '../engine.js';
import { suppressedFindings } from '../suppressions.js';
import { isMajority, nameList } from '../majority.js';
import type { Plan, Requirement, Task } from '../model/plan.js';
import type { Finding, Report, Rule } from '../rule.js';
import { rulesById } from '../rules/index.js';
import { idMessageData, unknownIdReferences } from '../rules/unknown-reference.js';
import { computeScore, coverageTest, requirementIds, SCORE_WEIGHTS, type ScoreComponent, type SetRequirements } from '../score.js';
import { PROFILES, type ProfileName, type Traceability } from '../profiles.js';
import { declaredSet, type SetDeclaration } from './declare.js';
import { detectPlanSets, type PlanSet, type PlanSetRole } from './detect.js';
import { untracedTasks } from './traceability.js';

/** One file of a plan set with its own (single-file) analysis. */
export interface SetMember {
  /** The file's path, as in its {@link PlanSet}. */
  path: string;
  analysis: Analysis;
  /** The file's configuration (severities of the cross-file rules); defaults to `planlint:recommended`. */
  config?: ResolvedConfig;
  /** The file's role in its set ({@link PlanSet}); full traceability checks the tasks of `tasks` files (or files named so when absent). */
  role?: PlanSetRole;
}

/** Options of {@link applySetPass}. */
export interface SetPassOptions extends Pick<AnalyzeOptions, 'only'> {
  /** The set's profile ({@link PlanSet.profile}); `generic` when absent. */
  profile?: ProfileName;
}

/** The rules the set pass recomputes across the files of a set. */
const UNCOVERED = 'uncovered-requirement';
const UNKNOWN = 'unknown-reference';
const RISKS = 'missing-risks';

/** The requirement definitions and references of the files of a set, as `family:id` keys. */
function indexSet(plans: readonly Plan[]): { referenced: Set<string>; defined: Set<string>; families: Set<string> } {
  const referenced = new Set<string>();
  const defined = new Set<string>();
  const families = new Set<string>();
  /** How many members define each requirement: a restatement in another file counts as a reference to it. */
  const definers = new Map<string, number>();
  for (const plan of plans) {
    for (const r of plan.references) referenced.add(`${r.family}:${r.id}`);
    for (const r of plan.requirements) {
      families.add(r.family);
      for (const id of requirementIds(r)) defined.add(`${r.family}:${id}`);
      definers.set(`${r.family}:${r.id}`, (definers.get(`${r.family}:${r.id}`) ?? 0) + 1);
    }
  }
  for (const [key, count] of definers) if (count > 1) referenced.add(key);
  return { referenced, defined, families };
}

/**
 * The requirements component of the completeness score for a whole plan set: the requirement
 * IDs defined in any of its files (each once) and how many of them some file references.
 *
 * @param members the set's files (templates left out) with their plans
 */
export function setRequirementsScore(members: ReadonlyArray<{ path: string; plan: Plan }>): ScoreComponent {
  const plans = members.map((m) => m.plan);
  const counts = requirementCounts(plans, indexSet(plans).referenced, members.map((m) => baseName(m.path)).join(', '));
  if (plans.length === 0) return { applicable: false, reason: 'no file of the plan set could be read', weight: SCORE_WEIGHTS.requirements };
  return computeScore(plans[0]!, { setRequirements: counts }).components.requirements;
}

/** A tasks file of the set: its role, else its name says tasks. */
function isTaskFile(m: SetMember): boolean {
  return m.role === 'tasks' || ((m.role === undefined || m.role === 'other') && /tasks?\b/i.test(baseName(m.path)));
}

/** A task's text, shortened for a message. */
function clip(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

/**
 * The set-wide requirement counts of the score: each requirement defined in some file once (by
 * family and ID), covered when some file references it (`referenced`, restatements included).
 */
function requirementCounts(plans: readonly Plan[], referenced: ReadonlySet<string>, files: string): SetRequirements {
  const seen = new Set<string>();
  let definedCount = 0;
  let covered = 0;
  for (const plan of plans) {
    const test = coverageTest(plan, referenced);
    for (const r of plan.requirements) {
      const key = `${r.family}:${r.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      definedCount++;
      if (test(r)) covered++;
    }
  }
  return { defined: definedCount, covered, files };
}

/** The file name of a path, as findings name the files of a set. */
function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** True for a finding the set pass replaces: any `uncovered-requirement`, and `unknown-reference` on IDs. */
function isCrossFile(f: Finding): boolean {
  return f.ruleId === UNCOVERED || (f.ruleId === UNKNOWN && f.messageId === 'id');
}

/**
 * The cross-file pass over one plan set: `uncovered-requirement` and the ID part of
 * `unknown-reference` are recomputed with the requirement definitions and references of every
 * file of the set, and each finding is placed in the file it belongs to (a requirement's
 * definition line, a reference's line). Every other finding of each file is kept as it is.
 *
 * - Nothing changes unless some member is a plan and at least two members were parsed.
 * - A template member (front matter `template: true`) neither reports nor defines.
 * - A requirement is covered by a reference in any member, or by its definition in another
 *   member (a restatement); the set is checked for coverage when any member has stages or tasks.
 *   The majority rule (spec: "Decisions") applies per defining file: one summary finding on its
 *   first requirement definition.
 * - A reference is unknown when no member defines its ID (a Kiro criterion `N.M` or requirement
 *   `N`) and some member defines IDs of its family; lines that name another document are skipped.
 * - A member that alone is not a plan (`requirements.md`, a `spec.md` without tasks) gets these
 *   findings too; when it gets any, its `isPlan` becomes true (findings were computed) and its
 *   `kind` stays what the file alone is.
 * - Inline suppression comments of the file a finding lands in apply; `options.only` limits the rules.
 *
 * @param members the set's files with their single-file analyses, in the set's order
 * @returns new analyses, in the order of `members` (the inputs are not modified)
 */
export function applySetPass(members: readonly SetMember[], options: SetPassOptions = {}): Analysis[] {
  const active = members.filter((m): m is SetMember & { analysis: Analysis & { plan: Plan } } => m.analysis.plan !== undefined && m.analysis.kind !== 'template');
  if (active.length < 2 || !active.some((m) => m.analysis.isPlan)) return members.map((m) => m.analysis);
  const files = active.map((m) => baseName(m.path)).join(', ');
  const plans = active.map((m) => m.analysis.plan);

  const { referenced, defined, families } = indexSet(plans);
  const hasWork = plans.some((p) => p.tasks.length > 0 || p.stages.some((s) => s.source !== 'implicit'));
  const profile = PROFILES[options.profile ?? 'generic'];
  // missing-risks: a risks section (or risk items) in any file of the set satisfies every file.
  const risksInSet = plans.some((p) => p.riskSection !== undefined || p.risks.length > 0);
  const setRisks = plans.flatMap((p) => p.risks);
  const setRequirements = requirementCounts(plans, referenced, files);

  const out = members.map((m) => m.analysis);
  for (const m of active) {
    const { analysis } = m;
    const plan = analysis.plan;
    const config = m.config ?? implicitDefault();
    const made: Finding[] = [];
    const emit = (rule: Rule, messageId: string, data: Record<string, string | number>, span: Finding['span'], extra: Pick<Report, 'suggestions' | 'related'> = {}) => {
      if (options.only && !options.only.includes(rule.id)) return;
      const severity = config.rules.get(rule.id)?.severity ?? rule.defaultSeverity;
      if (severity === 'off') return;
      made.push(toFinding(rule, severity, { messageId, data, span, ...extra }));
    };

    const uncoveredRule = rulesById.get(UNCOVERED)!;
    if (hasWork && plan.requirements.length > 0) {
      const own = new Map(analysis.findings.filter((f) => f.ruleId === UNCOVERED && f.messageId === 'uncovered').map((f) => [f.span.start.offset, f]));
      const covered = coverageTest(plan, referenced);
      const uncovered = plan.requirements.filter((r) => !covered(r));
      const name = (r: Requirement) => (r.family === 'kiro' ? `Requirement ${r.id}` : r.id);
      if (isMajority(uncovered.length, plan.requirements.length)) {
        emit(uncoveredRule, 'summaryInSet', { files, count: uncovered.length, total: plan.requirements.length, ids: nameList(uncovered.map(name)) }, plan.requirements[0]!.span, {
          related: uncovered.map((r) => ({ span: r.span, message: `${name(r)} is referenced nowhere in the set` })),
        });
      } else {
        for (const r of uncovered) {
          // The file's own finding (with its stage suggestions) stays when the file alone finds the gap too.
          const mine = own.get(r.span.start.offset);
          emit(uncoveredRule, 'uncoveredInSet', { name: r.family === 'kiro' ? name(r) : `Requirement ${r.id}`, files }, r.span, mine ? { ...(mine.suggestions ? { suggestions: mine.suggestions } : {}), ...(mine.related ? { related: mine.related } : {}) } : {});
        }
      }
    }

    const unknownRule = rulesById.get(UNKNOWN)!;
    for (const ref of unknownIdReferences(plan, defined, families)) emit(unknownRule, 'idInSet', { ...idMessageData(ref), files }, ref.span);

    const setting = config.rules.get(UNCOVERED)?.options as { traceability?: 'profile' | Traceability } | undefined;
    const traceability = setting?.traceability && setting.traceability !== 'profile' ? setting.traceability : profile.ruleOptions.traceability;
    if (traceability === 'full' && defined.size > 0 && isTaskFile(m)) {
      const { counted, untraced } = untracedTasks(plan, profile.idFamilies);
      const title = (t: Task) => clip(t.text);
      if (isMajority(untraced.length, counted.length)) {
        emit(uncoveredRule, 'untracedSummaryInSet', { files, count: untraced.length, total: counted.length, tasks: nameList(untraced.map((t) => `"${title(t)}"`)) }, plan.titleSpan, {
          related: untraced.map((t) => ({ span: t.span, message: `"${title(t)}" traces to no requirement` })),
        });
      } else {
        for (const t of untraced) emit(uncoveredRule, 'untracedTaskInSet', { task: title(t), files }, t.span);
      }
    }

    const suppressed = suppressedFindings(plan.directives, made);
    const added = made.filter((_, i) => !suppressed.has(i));
    const findings = [...analysis.findings.filter((f) => !isCrossFile(f) && !(risksInSet && f.ruleId === RISKS)), ...added];
    findings.sort((a, b) => a.span.start.offset - b.span.start.offset || a.ruleId.localeCompare(b.ruleId));
    const joins = !analysis.isPlan && added.length > 0;
    out[members.indexOf(m)] = {
      ...analysis,
      findings,
      ...(analysis.score ? { score: computeScore(plan, { setRequirements, setRisks }) } : {}),
      ...(joins ? { isPlan: true, kindReason: `${analysis.kindReason}; linted as part of the ${files} plan set` } : {}),
    };
  }
  return out;
}

/** A file of {@link analyzeSet}'s input. */
export interface SetFile {
  path: string;
  text: string;
}

/** A file of {@link analyzeSet}'s result. */
export interface SetFileAnalysis {
  path: string;
  analysis: Analysis;
  /** The plan set the file belongs to, if any. */
  set: PlanSet | undefined;
}

/**
 * Analyzes files together: each file alone ({@link analyze}), then {@link applySetPass} over the
 * plan sets that {@link detectPlanSets} finds among their paths, their front matter declarations
 * and `config` (its `sets` and `profile`). A file in no set gets exactly
 * its single-file analysis. Pure: no I/O.
 *
 * @param files paths (either separator) and texts; each path once
 * @param config resolved configuration for every file; defaults to `planlint:recommended`
 * @param options as for {@link analyze}, except `path` (each file's own) and `previous`
 * @returns one entry per file, in the order of `files`
 */
export function analyzeSet(files: readonly SetFile[], config: ResolvedConfig = implicitDefault(), options: Omit<AnalyzeOptions, 'path' | 'previous'> = {}): SetFileAnalysis[] {
  const results: SetFileAnalysis[] = files.map((f) => ({ path: f.path, analysis: analyze(f.text, config, { ...options, path: f.path }), set: undefined }));
  const byPath = new Map(results.map((r) => [r.path, r]));
  const declarations = new Map<string, SetDeclaration>();
  for (const r of results) {
    const d = r.analysis.plan ? declaredSet(r.analysis.plan.frontmatter) : undefined;
    if (d) declarations.set(r.path, d);
  }
  for (const set of detectPlanSets(files.map((f) => f.path), { declarations, configOf: () => config })) {
    const members = set.files.map((f) => byPath.get(f.path)!);
    const analyses = applySetPass(members.map((m, i) => ({ path: m.path, analysis: m.analysis, config, role: set.files[i]!.role })), { ...options, profile: set.profile });
    members.forEach((m, i) => {
      m.analysis = analyses[i]!;
      m.set = set;
    });
  }
  return results;
}
