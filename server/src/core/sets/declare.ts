import { isProfileName, PROFILE_NAMES, type ProfileName } from '../profiles.js';
import { yamlMapping } from '../yaml-documents.js';

/** What a file's front matter says about its plan set: `planlint: { set: <name>, profile: <profile> }`. */
export interface SetDeclaration {
  /** The set's name: the files of one folder that name the same set form it. */
  set: string | undefined;
  /** The profile the file asks for. */
  profile: ProfileName | undefined;
  /** What was wrong with the declaration, each naming the key and what was expected (the rest is used). */
  problems: string[];
}

/** The leading YAML front matter block (`---` … `---` or `...`), if any. */
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * Reads the front matter of `text` without parsing the Markdown: the YAML mapping, or an empty
 * object when there is none, it is not a mapping, or it is not valid YAML.
 */
export function frontMatterOf(text: string): Record<string, unknown> {
  const m = FRONT_MATTER.exec(text);
  return m ? yamlMapping(m[1]!) : {};
}

/**
 * The plan-set declaration of a front matter mapping: `planlint: { set: "checkout", profile: "kiro" }`.
 * `planlint: true` / `false` (lint / do not lint as a plan) declares nothing.
 *
 * @returns `undefined` when `planlint` is not a mapping; otherwise what it declares, with a
 *   problem for each key that is not what is expected (`planlint.set` must be a non-empty
 *   string, `planlint.profile` a built-in profile name; other keys are unknown)
 */
export function declaredSet(frontmatter: Record<string, unknown>): SetDeclaration | undefined {
  const value = frontmatter.planlint;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const map = value as Record<string, unknown>;
  const problems: string[] = [];
  let set: string | undefined;
  let profile: ProfileName | undefined;
  if (map.set !== undefined) {
    if ((typeof map.set === 'string' && map.set.trim() !== '') || typeof map.set === 'number') set = String(map.set).trim();
    else problems.push(`front matter planlint.set: expected a non-empty name of the plan set, got ${JSON.stringify(map.set)}`);
  }
  if (map.profile !== undefined) {
    if (isProfileName(map.profile)) profile = map.profile;
    else problems.push(`front matter planlint.profile: expected one of ${PROFILE_NAMES.join(', ')}, got ${JSON.stringify(map.profile)}`);
  }
  const unknown = Object.keys(map).filter((k) => k !== 'set' && k !== 'profile');
  if (unknown.length) problems.push(`front matter planlint: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; expected set or profile`);
  return { set, profile, problems };
}
