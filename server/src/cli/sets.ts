import { applySetPass, detectPlanSets, setRequirementsScore, type Analysis, type PlanSet, type ResolvedConfig, type SetDeclaration } from '../core/index.js';
import type { SetReport } from './report.js';

/** The single-file analysis of a file that may belong to a plan set, kept for the cross-file pass. */
export interface SetAnalysis {
  analysis: Analysis;
  config: ResolvedConfig;
  /** The text the analysis is of (after `--fix`). */
  text: string;
  /** What the file's front matter declares (`planlint: { set, profile }`), if anything. */
  declaration: SetDeclaration | undefined;
}

/** One member of a plan set after the cross-file pass. */
export interface SetMemberResult {
  path: string;
  /** The analysis with the set's findings. */
  analysis: Analysis;
  text: string;
}

/**
 * Groups the kept files into plan sets (layout, front matter declarations, each file's `sets`
 * and `profile` config) and runs the cross-file pass over each.
 *
 * @param files every linted file, in report order (the sets' files keep it)
 * @param kept the kept analyses by path
 */
export function setPass(files: readonly string[], kept: ReadonlyMap<string, SetAnalysis>): Array<{ set: PlanSet; members: SetMemberResult[] }> {
  const declarations = new Map<string, SetDeclaration>();
  for (const [path, k] of kept) if (k.declaration) declarations.set(path, k.declaration);
  const sets = detectPlanSets(
    files.filter((f) => kept.has(f)),
    { declarations, configOf: (p) => kept.get(p)?.config },
  );
  return sets.map((set) => {
    const members = set.files.map((f) => ({ path: f.path, role: f.role, ...kept.get(f.path)! }));
    const analyses = applySetPass(members, { profile: set.profile });
    return { set, members: members.map((m, i) => ({ path: m.path, analysis: analyses[i]!, text: m.text })) };
  });
}

/**
 * The JSON entry of a plan set: its files as `shown` prints them, and the set-wide requirements
 * component of the score.
 */
export function setReport(set: PlanSet, members: readonly SetMemberResult[], shown: (path: string) => string): SetReport {
  return {
    folder: shown(set.folder || '.') || '.',
    layout: set.layout,
    profile: set.profile,
    ...(set.name !== undefined ? { name: set.name } : {}),
    files: set.files.map((f) => shown(f.path)),
    requirements: setRequirementsScore(members.flatMap((m) => (m.analysis.plan && m.analysis.kind !== 'template' ? [{ path: m.path, plan: m.analysis.plan }] : []))),
  };
}
