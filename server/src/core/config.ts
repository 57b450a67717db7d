import { parse as parseJsonc, printParseErrorCode, findNodeAtLocation, parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import * as z from 'zod';
import { readableIssue } from './config-issues.js';
import type { Rule, Severity, SeveritySetting } from './rule.js';
import { rules } from './rules/index.js';
import { PROFILE_NAMES, type ProfileName } from './profiles.js';
import { defaultVocabulary, type Vocabulary } from './vocabulary.js';
import { SYNTAX_ERRORS } from './config-messages.js';

/** The file name searched for, walking up from a linted file. */
export const CONFIG_FILE_NAME = '.planlintrc.json';

/** Built-in presets for `extends`. */
export const PRESETS = ['planlint:recommended', 'planlint:strict'] as const;
export type Preset = (typeof PRESETS)[number];

const severitySchema = z.enum(['off', 'info', 'warning', 'error']).describe('off, info, warning or error');

function ruleEntrySchema(rule: Rule) {
  return z
    // One tuple with optional options, not [severity] | [severity, options]: JSON Schema
    // validators then explain a bad option instead of "Array has too many items".
    .union([severitySchema, z.tuple([severitySchema, rule.options.optional()])])
    .describe(`${rule.title}. A severity, or [severity, options].`);
}

const vocabularyKeys = Object.keys(defaultVocabulary) as Array<keyof Vocabulary>;

const profileSchema = z.enum(PROFILE_NAMES).describe('generic, spec-kit, kiro or kep (see docs/profiles.md)');

const setEntrySchema = z
  .strictObject({
    files: z
      .array(z.string().min(1, 'an empty glob matches no file; expected a glob such as "docs/features/*/*.md"'))
      .min(1, 'expected at least one glob')
      .describe('Globs, relative to the folder of this config file, of the files that form plan sets: the matching files of each folder form one set.'),
    profile: profileSchema.optional().describe('The profile of these sets; detected from the layout when absent.'),
  })
  .describe('A group of files linted together as plan sets, one set per folder.');

/**
 * The zod schema of `.planlintrc.json`: the one source for validation, the committed JSON
 * Schema (`schemas/planlintrc.schema.json`) and the config docs.
 */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    extends: z.union([z.enum(PRESETS), z.array(z.enum(PRESETS))]).optional().describe('Built-in presets to start from: planlint:recommended, planlint:strict.'),
    rules: z
      .strictObject(Object.fromEntries(rules.map((r) => [r.id, ruleEntrySchema(r).optional()])))
      .optional()
      .describe('Per-rule severity and options.'),
    vocabulary: z
      .strictObject(Object.fromEntries(vocabularyKeys.map((k) => [k, z.array(z.string().min(1)).optional().describe(`Extra ${k} terms, added to the built-in ones.`)])))
      .optional()
      .describe('Extra plan vocabulary, added to the built-in terms.'),
    ignorePatterns: z.array(z.string()).optional().describe('Globs of files the CLI skips when expanding directories.'),
    profile: z
      .enum(['auto', ...PROFILE_NAMES])
      .optional()
      .describe('The profile of every linted file and plan set: auto (default: detected from the layout and headings), generic, spec-kit, kiro or kep. sets[].profile and front matter planlint.profile win over it.'),
    sets: z
      .union([z.boolean(), z.array(setEntrySchema)])
      .optional()
      .describe('Plan sets: true (default) detects spec-kit and Kiro feature folders from their file names; false turns that detection off; a list of { files, profile } groups the matching files of each folder into a set, before detection. Front matter planlint.set always groups.'),
  })
  .describe('planlint configuration');

export type ConfigFile = z.infer<typeof configSchema>;

/** A rule's effective setting. */
export interface RuleSetting {
  severity: SeveritySetting;
  options: unknown;
}

/** Configuration after presets, validation and defaults. */
export interface ResolvedConfig {
  rules: Map<string, RuleSetting>;
  vocabulary: Vocabulary;
  ignorePatterns: string[];
  /** The file it came from, if any. */
  file: string | undefined;
  /** Rules the config file sets itself; editor settings do not override these. */
  explicitRules: Set<string>;
  /** The `profile` key: `auto` (or absent) detects each file's and set's profile. */
  profile?: ProfileName | 'auto';
  /** The `sets` key: layout detection on or off, and the configured groups (data only: configs cross worker threads). */
  sets?: ConfiguredSets;
}

/** The `sets` key of a config, resolved. */
export interface ConfiguredSets {
  /** False when `sets: false` turns layout detection off. */
  detect: boolean;
  /** `sets: [...]` entries, in order; the first whose globs match a file groups it. */
  entries: ConfiguredSet[];
  /** The folder the globs are relative to: the config file's (forward slashes, no trailing slash); `''` when there is no file. */
  base: string;
}

/** One entry of `sets`. */
export interface ConfiguredSet {
  /** Globs relative to {@link ConfiguredSets.base}. */
  files: string[];
  profile: ProfileName | undefined;
}

/** One problem in a config file, located by key path and (when known) 1-based line and column. */
export interface ConfigIssue {
  /** Key path, e.g. `rules.missing-dod[1].exemptKinds`. */
  path: string;
  line: number | undefined;
  /** 1-based UTF-16 column, when known (JSON syntax errors). */
  column?: number;
  message: string;
  /**
   * Where it is in the text, as 0-based UTF-16 offsets `[start, end)`: the offending property
   * (its key and value), an unknown key, or the syntax error; absent when not found.
   */
  range?: [number, number];
}

/** A config file that cannot be used. The message names the file, each key path and what was expected. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(`Invalid ${file.startsWith('--') ? file : `config ${file}`}:\n${issues.map((i) => `  ${i.line ? `line ${i.line}${i.column ? `, column ${i.column}` : ''}: ` : ''}${i.path || '(root)'}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function presetRules(preset: Preset): Map<string, SeveritySetting> {
  const out = new Map<string, SeveritySetting>();
  for (const r of rules) {
    let s: SeveritySetting = r.defaultSeverity;
    if (preset === 'planlint:strict') {
      if (s === 'info') s = 'warning';
      if (['missing-dod', 'undefined-tests', 'missing-rollback', 'uncovered-requirement'].includes(r.id)) s = 'error';
    }
    out.set(r.id, s);
  }
  return out;
}

/** The defaults: `planlint:recommended` with the built-in vocabulary. */
export function defaultConfig(): ResolvedConfig {
  return resolveConfig({}, undefined);
}

/**
 * Applies presets, rule entries and vocabulary extensions of a validated config file.
 *
 * @param file a value already validated by {@link configSchema}
 * @param path where it came from, for messages
 */
export function resolveConfig(file: ConfigFile, path: string | undefined): ResolvedConfig {
  const presets = file.extends === undefined ? ['planlint:recommended' as const] : Array.isArray(file.extends) ? file.extends : [file.extends];
  const severities = new Map<string, SeveritySetting>();
  for (const p of presets) for (const [id, s] of presetRules(p)) severities.set(id, s);
  const settings = new Map<string, RuleSetting>();
  for (const rule of rules) {
    const entry = file.rules?.[rule.id] as SeveritySetting | [SeveritySetting] | [SeveritySetting, unknown] | undefined;
    const severity = entry === undefined ? (severities.get(rule.id) ?? rule.defaultSeverity) : Array.isArray(entry) ? entry[0] : entry;
    const rawOptions = Array.isArray(entry) ? entry[1] : undefined;
    settings.set(rule.id, { severity, options: rule.options.parse(rawOptions ?? {}) });
  }
  // Without extensions every config shares the built-in vocabulary object, so its compiled
  // matchers are reused (they are cached per vocabulary object).
  let vocabulary: Vocabulary = defaultVocabulary;
  for (const k of vocabularyKeys) {
    const extra = (file.vocabulary as Partial<Vocabulary> | undefined)?.[k];
    if (extra) {
      if (vocabulary === defaultVocabulary) vocabulary = { ...defaultVocabulary };
      vocabulary[k] = [...defaultVocabulary[k], ...extra];
    }
  }
  const slashed = (path ?? '').replace(/\\/g, '/');
  const base = slashed.slice(0, Math.max(0, slashed.lastIndexOf('/')));
  const sets: ConfiguredSets = {
    detect: file.sets !== false,
    entries: Array.isArray(file.sets) ? file.sets.map((e) => ({ files: e.files, profile: e.profile })) : [],
    base,
  };
  return { rules: settings, vocabulary, ignorePatterns: file.ignorePatterns ?? [], file: path, explicitRules: new Set(Object.keys(file.rules ?? {})), profile: file.profile ?? 'auto', sets };
}

/**
 * Parses and validates the text of a `.planlintrc.json` (JSON with comments and trailing commas).
 *
 * @param text the file's content
 * @param path the file's path, used in messages
 * @throws {ConfigError} on a syntax error or a value that does not match the schema; each issue
 *   names the key path, the 1-based line and what was expected
 */
export function parseConfig(text: string, path: string): ResolvedConfig {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  const columnOf = (offset: number) => offset - text.lastIndexOf('\n', offset - 1);
  if (errors.length > 0) {
    throw new ConfigError(
      path,
      errors.map((e) => ({ path: '', line: lineOf(e.offset), column: columnOf(e.offset), message: `JSON syntax error: ${SYNTAX_ERRORS[printParseErrorCode(e.error)] ?? printParseErrorCode(e.error)}`, range: [e.offset, e.offset + e.length] })),
    );
  }
  const result = configSchema.safeParse(value ?? {});
  if (!result.success) {
    const tree = parseTree(text, undefined, { allowTrailingComma: true });
    throw new ConfigError(
      path,
      result.error.issues.flatMap(expandUnion).flatMap((issue) => {
        const { keys, message } = wholeSetsValue(issue) ?? readableIssue(issue, knownKeys);
        const unknown = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
        return unknown.map((key): ConfigIssue => {
          const node = tree && locate(tree, key === undefined ? keys : [...keys, key]);
          const where = node && (key !== undefined ? node.parent!.children![0]! : node.parent?.type === 'property' ? node.parent : node);
          return { path: formatPath(keys), line: where ? lineOf(where.offset) : undefined, message, ...(where ? { range: [where.offset, where.offset + where.length] } : {}) };
        });
      }),
    );
  }
  return resolveConfig(result.data, path);
}

/**
 * Applies rule settings given outside a config file (the CLI's `--rule`) on top of `config`: a
 * severity alone keeps the rule's options, `[severity, options]` replaces them. They win over
 * the config file, as the file's own entries win over presets.
 *
 * @param overrides rule id → a severity or `[severity, options]`, as in the `rules` key
 * @param source what the overrides are called in messages, e.g. `--rule`
 * @throws {ConfigError} for an unknown rule id (with the nearest known one) or an invalid setting
 */
export function withRuleOverrides(config: ResolvedConfig, overrides: Record<string, unknown>, source: string): ResolvedConfig {
  if (Object.keys(overrides).length === 0) return config;
  const result = configSchema.safeParse({ rules: overrides });
  if (!result.success) {
    throw new ConfigError(
      source,
      result.error.issues.map((issue) => {
        const { keys, message } = readableIssue(issue, knownKeys);
        return { path: formatPath(keys), line: undefined, message };
      }),
    );
  }
  const settings = new Map(config.rules);
  for (const rule of rules) {
    const entry = result.data.rules?.[rule.id] as SeveritySetting | [SeveritySetting] | [SeveritySetting, unknown] | undefined;
    if (entry === undefined) continue;
    const severity = Array.isArray(entry) ? entry[0] : entry;
    const options = Array.isArray(entry) && entry.length > 1 ? rule.options.parse(entry[1] ?? {}) : settings.get(rule.id)!.options;
    settings.set(rule.id, { severity, options });
  }
  return { ...config, rules: settings, explicitRules: new Set([...config.explicitRules, ...Object.keys(overrides)]) };
}

/**
 * The issues inside a `sets` list: zod reports a union (`true | false | [...]`) as one issue;
 * when the value is a list, its entries' own issues (`sets[0].profile`) say more.
 */
function expandUnion(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (!isSetsUnion(issue)) return [issue];
  const inner = issue.errors.find((branch) => branch.some((i) => i.path.length > 0));
  return inner ? inner.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as z.core.$ZodIssue) : [issue];
}

/** The issue zod gives for a `sets` value that fits none of its shapes (true, false, a list). */
function isSetsUnion(issue: z.core.$ZodIssue): issue is z.core.$ZodIssue & { code: 'invalid_union' } {
  return issue.code === 'invalid_union' && issue.path.length === 1 && issue.path[0] === 'sets';
}

/** `sets` given as neither a boolean nor a list: every shape it may take, not the first branch's complaint. */
function wholeSetsValue(issue: z.core.$ZodIssue): { keys: Array<string | number>; message: string } | undefined {
  if (!isSetsUnion(issue)) return undefined;
  return { keys: ['sets'], message: 'invalid value; expected true, false or a list of { "files": [globs], "profile": "generic" | "spec-kit" | "kiro" | "kep" }' };
}

/** The node at `keys`, or at the nearest ancestor path that exists. */
function locate(tree: JsonNode, keys: Array<string | number>): JsonNode | undefined {
  for (let n = keys.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, keys.slice(0, n));
    if (node) return node;
  }
  return undefined;
}

/** The documented keys of the config object at `keys` (root, `rules`, `vocabulary`, a rule's options). */
function knownKeys(keys: ReadonlyArray<string | number>): readonly string[] | undefined {
  if (keys.length === 0) return Object.keys(configSchema.shape);
  if (keys.length === 1 && keys[0] === 'rules') return rules.map((r) => r.id);
  if (keys.length === 1 && keys[0] === 'vocabulary') return vocabularyKeys;
  if (keys.length === 2 && keys[0] === 'sets') return ['files', 'profile'];
  if (keys.length === 3 && keys[0] === 'rules' && keys[2] === 1) {
    const options = rules.find((r) => r.id === keys[1])?.options as { shape?: Record<string, unknown> } | undefined;
    return options?.shape ? Object.keys(options.shape) : undefined;
  }
  return undefined;
}

function formatPath(keys: Array<string | number>): string {
  return keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}


/**
 * Default `planlint.include`: none. The editor lints each Markdown document for what it is
 * (plan, template, not a plan), as the CLI does; these globs name documents to lint as plans
 * even when planlint does not recognize them, the editor's `--force`.
 */
export const DEFAULT_INCLUDE: string[] = [];

/**
 * The editor settings (`planlint.*`), validated with zod like the config file. The VS Code
 * manifest's `contributes.configuration` is generated from this schema.
 */
export const settingsSchema = z.object({
  enable: z.boolean().default(true).describe('Lint plan documents as you type.'),
  include: z
    .array(z.string().min(1, 'an empty glob matches no file; expected a non-empty glob such as "docs/**/*-plan.md"'))
    .default(DEFAULT_INCLUDE)
    .describe('Globs of Markdown files to lint as plans even when planlint does not recognize them as plans (like --force); every other Markdown file is linted for what it is: plan, template or not a plan. An empty glob is an error: the whole setting is then ignored (linted as if unset) and a warning names it.'),
  rules: z.record(z.string(), severitySchema).default({}).describe('Rule severities for this editor; a .planlintrc.json that sets a rule wins.'),
  debounceMs: z
    .number()
    .int()
    .min(0)
    .max(5000)
    .nullable()
    .default(null)
    .describe('Milliseconds of quiet after which edits are linted; edits that arrive while an earlier one waits or is being analyzed coalesce (at most four windows). null (default): the measured analysis time of that document, between 10 and 300 ms, and edits wait one such window at most. An edit is linted at once when nothing is waiting or running for the document.'),
  maxDocumentSizeMB: z.number().positive().max(1024).default(5).describe('Documents larger than this (in megabytes, UTF-8) are not analyzed; one information diagnostic says so.'),
  run: z
    .enum(['onType', 'onSave'])
    .default('onType')
    .describe('When findings are shown. onType (default): as you type, on finished words (a finding never appears and disappears while a word forms; the word counts as finished at the next space or punctuation, an edit elsewhere or a pause of 800 ms). onSave: when the document is saved (or opened); the findings of the last save stay, moved with your edits, until the next save.'),
  focus: z
    .boolean()
    .default(false)
    .describe('Focus mode: findings that are new in the paragraph you are editing wait until you leave it (move the cursor out or edit elsewhere); findings you fix there disappear at once.'),
});
export type Settings = z.infer<typeof settingsSchema>;

/** Parses editor settings; invalid values fall back to their defaults, key by key. */
export function parseSettings(value: unknown): Settings {
  return parseSettingsReport(value).settings;
}

/**
 * Parses editor settings like {@link parseSettings} and says what it rejected: one message per
 * invalid key, naming the setting (`planlint.include[0]`), what was expected, and the default
 * used instead.
 */
export function parseSettingsReport(value: unknown): { settings: Settings; problems: string[] } {
  const raw = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of Object.keys(settingsSchema.shape) as Array<keyof Settings>) {
    const field = settingsSchema.shape[key].safeParse(raw[key]);
    if (field.success) {
      out[key] = field.data;
      continue;
    }
    out[key] = settingsSchema.shape[key].parse(undefined);
    const { keys, message } = readableIssue(field.error.issues[0]!, () => undefined, [key]);
    problems.push(`Invalid setting planlint.${formatPath(keys)}: ${message}. Using the default (${JSON.stringify(out[key])}) until it is fixed.`);
  }
  return { settings: out as Settings, problems };
}

/**
 * Applies editor rule severities to a resolved config: rules the config file sets itself keep
 * the file's setting (the repository's config wins over one editor's preferences).
 */
export function withSettings(config: ResolvedConfig, settings: Settings): ResolvedConfig {
  const entries = Object.entries(settings.rules).filter(([id]) => config.rules.has(id) && !config.explicitRules.has(id));
  if (entries.length === 0) return config;
  const rulesCopy = new Map(config.rules);
  for (const [id, severity] of entries) rulesCopy.set(id, { ...rulesCopy.get(id)!, severity });
  return { ...config, rules: rulesCopy };
}

/** The severity used when a rule is on, for callers that only need on/off. */
export function isEnabled(setting: RuleSetting | undefined): setting is RuleSetting & { severity: Severity } {
  return setting !== undefined && setting.severity !== 'off';
}
