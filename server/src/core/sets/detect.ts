import { isTemplatePath } from '../engine.js';

/** The layout a plan set was recognised by. */
export type PlanSetLayout = 'spec-kit' | 'kiro';

/** The role of a file in its plan set, from its file name. */
export type PlanSetRole = 'spec' | 'plan' | 'tasks' | 'research' | 'data-model' | 'requirements' | 'design';

/** A group of files of one feature folder that make one plan together. */
export interface PlanSet {
  layout: PlanSetLayout;
  /** The folder that holds the files (forward slashes, no trailing slash; `''` for the current folder). */
  folder: string;
  /** Kiro language variant (`es` of `requirements-es.md`); `''` for the unsuffixed files and for spec-kit. */
  variant: string;
  /** The member files, as the caller spelled their paths, in the order given. */
  files: Array<{ path: string; role: PlanSetRole }>;
}

const SPEC_KIT: Record<string, PlanSetRole> = {
  'spec.md': 'spec',
  'plan.md': 'plan',
  'tasks.md': 'tasks',
  'research.md': 'research',
  'data-model.md': 'data-model',
};

/** `requirements.md`, `design.md`, `tasks.md`, optionally with a language variant (`-es`, `-pt-BR`, `_ja`). */
const KIRO = /^(requirements|design|tasks)(?:[-_]([a-z]{2}(?:[-_][a-z]{2})?))?\.md$/i;

/**
 * Groups `paths` into plan sets, from the layout alone (file and folder names; nothing is read).
 * Decision rules, in order:
 *
 * 1. Files are grouped by folder (the path up to the last `/` or `\`); only exact, lower-case-insensitive
 *    file names count (`spec.md`, not `feature-spec.md`), so a flat folder of prefixed files forms no set.
 *    A file under a template path ({@link isTemplatePath}) is never in a set.
 * 2. **spec-kit**: a folder holding two or more of `spec.md`, `plan.md`, `tasks.md`, `research.md`,
 *    `data-model.md` is one set of those files.
 * 3. **Kiro**: otherwise, the files `requirements.md`, `design.md` and `tasks.md` of a folder, grouped
 *    by language variant (`requirements-es.md` and `tasks-es.md` form the `es` set, apart from the
 *    unsuffixed files), are a set when the group holds two or more files and one of them is a
 *    `requirements` or `design` file.
 * 4. A file is in at most one set; a set has at least two files. Files in no set are linted alone.
 *
 * @param paths file paths (either separator); duplicates are kept once
 * @returns the sets, ordered by folder then variant; each set's files keep the order of `paths`
 */
export function detectPlanSets(paths: readonly string[]): PlanSet[] {
  const folders = new Map<string, Array<{ path: string; name: string }>>();
  const seen = new Set<string>();
  for (const p of paths) {
    if (seen.has(p) || isTemplatePath(p)) continue;
    seen.add(p);
    const cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
    const folder = p.slice(0, Math.max(0, cut)).replace(/\\/g, '/');
    const name = p.slice(cut + 1).toLowerCase();
    let list = folders.get(folder);
    if (!list) folders.set(folder, (list = []));
    list.push({ path: p, name });
  }
  const sets: PlanSet[] = [];
  for (const [folder, files] of [...folders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const specKit = files.filter((f) => SPEC_KIT[f.name] !== undefined);
    if (specKit.length >= 2) {
      sets.push({ layout: 'spec-kit', folder, variant: '', files: specKit.map((f) => ({ path: f.path, role: SPEC_KIT[f.name]! })) });
      continue;
    }
    const variants = new Map<string, Array<{ path: string; role: PlanSetRole }>>();
    for (const f of files) {
      const m = KIRO.exec(f.name);
      if (!m) continue;
      const variant = (m[2] ?? '').replace('_', '-');
      let list = variants.get(variant);
      if (!list) variants.set(variant, (list = []));
      list.push({ path: f.path, role: m[1]!.toLowerCase() as PlanSetRole });
    }
    for (const [variant, members] of [...variants].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (members.length >= 2 && members.some((m) => m.role === 'requirements' || m.role === 'design')) sets.push({ layout: 'kiro', folder, variant, files: members });
    }
  }
  return sets;
}
