import picomatch from 'picomatch/posix';
import type { ConfiguredSet, ResolvedConfig } from '../config.js';
import { isTemplatePath } from '../engine.js';
import type { ProfileName } from '../profiles.js';
import type { SetDeclaration } from './declare.js';

/**
 * How a plan set was found: by its layout (`spec-kit`, `kiro`), by front matter
 * (`declared`: `planlint: { set: … }`), or by a `sets` entry of the config (`configured`).
 */
export type PlanSetLayout = 'spec-kit' | 'kiro' | 'declared' | 'configured';

/** The role of a file in its plan set, from its file name; `other` for a name no layout uses. */
export type PlanSetRole = 'spec' | 'plan' | 'tasks' | 'research' | 'data-model' | 'requirements' | 'design' | 'other';

/** A group of files of one feature folder that make one plan together. */
export interface PlanSet {
  layout: PlanSetLayout;
  /** The set's profile: declared, configured, or from the layout (`generic` for a declared or configured set of other files). */
  profile: ProfileName;
  /** The declared set's name (front matter `planlint.set`), if declared. */
  name?: string;
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

/** What {@link detectPlanSets} may know beyond the paths. */
export interface DetectOptions {
  /** Front matter declarations by path (`declaredSet` of each file's front matter). */
  declarations?: ReadonlyMap<string, SetDeclaration>;
  /** Each path's configuration (its `sets` and `profile` keys); without it, layout detection with automatic profiles. */
  configOf?: (path: string) => Pick<ResolvedConfig, 'sets' | 'profile'> | undefined;
}

/** Compiled globs of `sets` entries; entries are data (they cross worker threads), their matchers are built once here. */
const matchers = new WeakMap<ConfiguredSet, (path: string) => boolean>();

function entryMatches(entry: ConfiguredSet, base: string, path: string): boolean {
  let match = matchers.get(entry);
  if (!match) matchers.set(entry, (match = picomatch(entry.files, { dot: true })));
  const p = path.replace(/\\/g, '/');
  const rel = base === '' ? p.replace(/^\.\//, '') : p.startsWith(`${base}/`) ? p.slice(base.length + 1) : undefined;
  return rel !== undefined && match(rel);
}

/** The role of a file name in any layout. */
function roleOf(name: string): PlanSetRole {
  const kiro = KIRO.exec(name);
  return SPEC_KIT[name] ?? (kiro ? (kiro[1]!.toLowerCase() as PlanSetRole) : 'other');
}

/** The profile a group of roles suggests when nothing names one. */
function profileOfRoles(roles: readonly PlanSetRole[]): ProfileName {
  if (roles.some((r) => r === 'requirements' || r === 'design')) return 'kiro';
  if (roles.some((r) => r === 'spec' || r === 'plan' || r === 'research' || r === 'data-model')) return 'spec-kit';
  return 'generic';
}

/**
 * Groups `paths` into plan sets (file and folder names, and what `options` says; nothing is
 * read). Decision rules, in order:
 *
 * 0. A file whose front matter declares `planlint: { set: NAME }` is grouped with the files of
 *    its folder that declare the same NAME; else a file that a `sets` entry of its config
 *    matches (globs relative to the config file's folder) is grouped with the files of its folder
 *    that the same entry matches; else, when its config says `sets: false`, it is in no set.
 *    Such groups need two or more files too. Every other file goes on to layout detection:
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
 * 5. The profile: a member's front matter `planlint.profile`, else the `sets` entry's `profile`,
 *    else the config's `profile` (unless `auto`), else the layout's (`spec-kit`, `kiro`; for a
 *    declared or configured set, the layout its file names suggest, else `generic`).
 *
 * @param paths file paths (either separator); duplicates are kept once
 * @returns the sets, ordered by folder then variant (declared sets by name); each set's files keep the order of `paths`
 */
export function detectPlanSets(paths: readonly string[], options: DetectOptions = {}): PlanSet[] {
  const folders = new Map<string, Array<{ path: string; name: string }>>();
  const groups = new Map<string, { layout: 'declared' | 'configured'; folder: string; name: string | undefined; profile: ProfileName | undefined; files: Array<{ path: string; role: PlanSetRole }> }>();
  const seen = new Set<string>();
  const configuredProfile = (p: string): ProfileName | undefined => {
    const profile = options.configOf?.(p)?.profile;
    return profile === undefined || profile === 'auto' ? undefined : profile;
  };
  for (const p of paths) {
    if (seen.has(p) || isTemplatePath(p)) continue;
    seen.add(p);
    const cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
    const folder = p.slice(0, Math.max(0, cut)).replace(/\\/g, '/');
    const name = p.slice(cut + 1).toLowerCase();
    const declaration = options.declarations?.get(p);
    const config = options.configOf?.(p);
    const entryIndex = declaration?.set === undefined ? (config?.sets?.entries.findIndex((e) => entryMatches(e, config.sets!.base, p)) ?? -1) : -1;
    if (declaration?.set !== undefined || entryIndex >= 0) {
      const declared = declaration?.set !== undefined;
      const key = declared ? `d\0${folder}\0${declaration.set}` : `c\0${config!.sets!.base}\0${entryIndex}\0${folder}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { layout: declared ? 'declared' : 'configured', folder, name: declared ? declaration.set : undefined, profile: declared ? undefined : config!.sets!.entries[entryIndex]!.profile, files: [] }));
      group.files.push({ path: p, role: roleOf(name) });
      if (declaration?.profile) group.profile ??= declaration.profile;
      continue;
    }
    if (config?.sets?.detect === false) continue;
    let list = folders.get(folder);
    if (!list) folders.set(folder, (list = []));
    list.push({ path: p, name });
  }
  const sets: PlanSet[] = [];
  for (const [folder, files] of [...folders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const specKit = files.filter((f) => SPEC_KIT[f.name] !== undefined);
    if (specKit.length >= 2) {
      const profile = specKit.map((f) => options.declarations?.get(f.path)?.profile ?? configuredProfile(f.path)).find((x) => x !== undefined) ?? 'spec-kit';
      sets.push({ layout: 'spec-kit', profile, folder, variant: '', files: specKit.map((f) => ({ path: f.path, role: SPEC_KIT[f.name]! })) });
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
      if (members.length < 2 || !members.some((m) => m.role === 'requirements' || m.role === 'design')) continue;
      const profile = members.map((f) => options.declarations?.get(f.path)?.profile ?? configuredProfile(f.path)).find((x) => x !== undefined) ?? 'kiro';
      sets.push({ layout: 'kiro', profile, folder, variant, files: members });
    }
  }
  for (const g of groups.values()) {
    if (g.files.length < 2) continue;
    const profile = g.profile ?? g.files.map((f) => configuredProfile(f.path)).find((x) => x !== undefined) ?? profileOfRoles(g.files.map((f) => f.role));
    sets.push({ layout: g.layout, profile, folder: g.folder, variant: '', ...(g.name !== undefined ? { name: g.name } : {}), files: g.files });
  }
  const order = (s: PlanSet) => `${s.folder}\0${s.layout === 'declared' ? `\u0001${s.name}` : s.variant}`;
  sets.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  return sets;
}
