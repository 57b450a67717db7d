import { defaultConfig, type ResolvedConfig } from './config.js';
import { buildPlan } from './model/build.js';
import { withNodeMemo } from './model/mdast.js';
import { headingTexts } from './model/headings.js';
import type { Plan } from './model/plan.js';
import { parseDocument, type ParsedDocument } from './parse.js';
import { detectProfile, PROFILES, type ProfileName } from './profiles.js';
import { declaredSet, frontMatterOf } from './sets/declare.js';
import { formatMessage, type Finding, type Report, type Rule, type Severity } from './rule.js';
import { rules } from './rules/index.js';
import { computeScore, type Score } from './score.js';
import { cannotBePlan } from './screen.js';
import { applySuppressions } from './suppressions.js';
import { compileVocabulary, mergePacks, type Vocabulary, type VocabularyMatchers } from './vocabulary.js';

/**
 * What a document is (spec: "Documents: plan, template, not a plan"). Only plans get the
 * catalogue's findings and a score; templates and other documents get conflict-marker
 * findings only (a conflict left in any file is an error).
 */
export type DocumentKind = 'plan' | 'template' | 'not-a-plan';

/** The one rule that reports in every linted document, plan or not (spec: "Decisions"). */
const EVERY_DOCUMENT_RULES: readonly string[] = ['merge-conflict-marker'];

export { INVALID_SUPPRESSION } from './suppressions.js';

/**
 * Something that kept part of the analysis from running, without stopping it: a rule or a
 * model pass that threw (`severity` absent or `error`), or part of a document read as plain
 * text because it nests deeper than the parser allows (`severity: 'info'`).
 */
export interface AnalysisProblem {
  /** The rule that threw, if a rule did. */
  ruleId: string | undefined;
  /** The model pass that threw (its findings are empty for this document), if a pass did. */
  pass?: string;
  message: string;
  /** `info` for a limit the document ran into; a failure otherwise. */
  severity?: 'error' | 'info';
  /** 1-based line the problem belongs to (a limit: the line where it applied); none for the whole document. */
  line?: number;
}

/** The result of {@link analyze}. */
export interface Analysis {
  plan: Plan | undefined;
  /** The section-wise parse, to pass as `previous` when the document changes. */
  document: ParsedDocument | undefined;
  /** True when the plan rules ran: the document is a plan, or analysis was forced. */
  isPlan: boolean;
  /** What the document is, whatever `force` says: `force` lints a template or non-plan, it does not make it a plan. */
  kind: DocumentKind;
  /** Why the document has its kind, for people: "title \"Rollout Plan\"", "file name says template". */
  kindReason: string;
  /**
   * Findings sorted by position, after inline suppression. For a template or non-plan (unless
   * forced) only conflict markers are reported.
   */
  findings: Finding[];
  /** The completeness score; `undefined` for a non-plan. */
  score: Score | undefined;
  /** Failures that were contained: the findings of every other rule are still reported. */
  problems: AnalysisProblem[];
  /** The profile the document was analyzed with (docs/profiles.md); absent when it could not be read. */
  profile?: ProfileName;
}

/** Options of {@link analyze}. */
export interface AnalyzeOptions {
  /** Lint even when the document is not recognized as a plan (CLI `--force`). */
  force?: boolean;
  /**
   * The document's path or URI path (forward slashes), when it has one: a file name or folder
   * that says `template` makes the document a template (spec: "Documents"). Only read, never opened.
   */
  path?: string;
  /** Run only these rules (the fixture harness runs one rule per folder). */
  only?: readonly string[];
  /** The rule set to run; defaults to the catalogue. A rule not in the config runs at its default severity. */
  rules?: readonly Rule[];
  /**
   * The document's profile, when its plan set or the caller chose it; otherwise front matter
   * `planlint.profile`, the config's `profile` (unless `auto`), or {@link detectProfile}.
   */
  profile?: ProfileName;
  /**
   * The parse of the previous version of this document (`Analysis.document`): unchanged
   * sections are reused. It must not be used afterwards. Gives the same result as without it.
   */
  previous?: ParsedDocument;
  /**
   * Skip the parse of a document a quick look at its lines proves is not a plan
   * ({@link cannotBePlan}): its analysis has the same kind, findings (none) and score (none),
   * a general `kindReason`,
   * but no `plan` or `document`. For callers that need only the findings (the CLI on a tree).
   */
  screen?: boolean;
  /**
   * Filled with the milliseconds each step of this analysis took (`performance.now()`), for
   * benchmarks; the result does not depend on it.
   */
  timings?: AnalysisTimings;
}

/** Milliseconds of each step of one {@link analyze} call (see `AnalyzeOptions.timings`). */
export interface AnalysisTimings {
  /** The section-wise parse (incremental when given `previous`). */
  parse: number;
  /** The plan model's passes (both builds when a detected profile rebuilds it). */
  model: number;
  /** The rules and inline suppression. */
  rules: number;
  /** The completeness score. */
  score: number;
}

/**
 * Compiled matchers per vocabulary object. Compiling is deterministic, so sharing the result
 * between concurrent analyses is safe; a weak map lets unused vocabularies go.
 */
const compiledVocabularies = new WeakMap<ResolvedConfig['vocabulary'], VocabularyMatchers>();

function matchersFor(vocabulary: Vocabulary): VocabularyMatchers {
  let m = compiledVocabularies.get(vocabulary);
  if (!m) {
    m = compileVocabulary(vocabulary);
    compiledVocabularies.set(vocabulary, m);
  }
  return m;
}

/** Vocabularies extended by a profile, per base vocabulary: the same object for the same pair, so its matchers are compiled once. */
const profileVocabularies = new WeakMap<Vocabulary, Map<ProfileName, Vocabulary>>();

/** `base` with `profile`'s vocabulary added; `base` itself when the profile adds no new term. */
function vocabularyFor(base: Vocabulary, profile: ProfileName): Vocabulary {
  let byProfile = profileVocabularies.get(base);
  if (!byProfile) profileVocabularies.set(base, (byProfile = new Map()));
  let v = byProfile.get(profile);
  if (!v) {
    v = base;
    for (const [key, terms] of Object.entries(PROFILES[profile].vocabulary) as Array<[keyof Vocabulary, string[]]>) {
      const added = terms.filter((t) => !base[key].includes(t));
      if (added.length === 0) continue;
      if (v === base) v = { ...base };
      v[key] = [...v[key], ...added];
    }
    byProfile.set(profile, v);
  }
  return v;
}

/** The vocabularies the quick screen reads, per base vocabulary. */
const screenVocabularies = new WeakMap<Vocabulary, Vocabulary>();

/** `base` with every profile's terms: the screen must not skip a document any profile would read as a plan. */
function screenVocabulary(base: Vocabulary): Vocabulary {
  let v = screenVocabularies.get(base);
  if (!v) screenVocabularies.set(base, (v = mergePacks([base, ...Object.values(PROFILES).map((p) => p.vocabulary)])));
  return v;
}

/** The profile named before the document's headings are read: the caller's, front matter's, the config's. */
function namedProfile(frontmatter: Record<string, unknown> | undefined, config: ResolvedConfig, options: AnalyzeOptions): ProfileName | undefined {
  if (options.profile) return options.profile;
  const declared = frontmatter ? declaredSet(frontmatter)?.profile : undefined;
  if (declared) return declared;
  return config.profile && config.profile !== 'auto' ? config.profile : undefined;
}

let sharedDefault: ResolvedConfig | undefined;
/** The default config for callers that pass none, built once (analyses never modify a config). */
export function implicitDefault(): ResolvedConfig {
  sharedDefault ??= defaultConfig();
  return sharedDefault;
}

/** The headings' text for profile detection; none when reading them fails (as when the model's outline pass fails). */
function headingTextsOrNone(document: ParsedDocument): Array<{ text: string }> {
  try {
    return headingTexts(document);
  } catch {
    return [];
  }
}

/**
 * Analyzes one document: parse → plan model → rules → suppression → score. Pure: text and
 * config in, data out; no I/O. Never throws for any input text: a rule or model pass that
 * throws becomes an {@link AnalysisProblem} and everything else still reports.
 *
 * @param text the document (any line endings)
 * @param config resolved configuration; defaults to `planlint:recommended`
 */
export function analyze(text: string, config: ResolvedConfig = implicitDefault(), options: AnalyzeOptions = {}): Analysis {
  if (options.screen && !options.force && cannotBePlan(text, matchersFor(screenVocabulary(config.vocabulary)))) {
    const template = options.path !== undefined && isTemplatePath(options.path);
    return {
      plan: undefined,
      document: undefined,
      isPlan: false,
      kind: template ? 'template' : 'not-a-plan',
      kindReason: template ? TEMPLATE_PATH : 'no plan title, stages or tasks',
      findings: [],
      score: undefined,
      problems: [],
    };
  }
  const problems: AnalysisProblem[] = [];
  let plan: Plan;
  let document: ParsedDocument;
  let profile: ProfileName;
  const timings = options.timings;
  let mark = timings ? performance.now() : 0;
  /** Adds the time since the last mark to `step`. */
  const lap = (step: keyof AnalysisTimings) => {
    if (!timings) return;
    const now = performance.now();
    timings[step] += now - mark;
    mark = now;
  };
  try {
    document = parseDocument(text, options.previous);
    lap('parse');
    for (const section of document.sections) {
      if (section.limited) problems.push({ ruleId: undefined, severity: 'info', line: section.limitedLine ?? section.line, message: `Part of the document was not analyzed: ${section.limited}` });
    }
    const onError = (pass: string, error: unknown) => {
      problems.push({ ruleId: undefined, pass, message: `Model pass "${pass}" failed and was skipped: ${describe(error)}` });
    };
    // The profile (named up front, or detected from the path and the headings' text, which no
    // vocabulary changes) is known before the model is built, so the model is built once, with
    // its vocabulary.
    // One node memo for both: the headings' text read for the profile is read again by the model.
    const doc = document;
    [profile, plan] = withNodeMemo(() => {
      const named = namedProfile(frontMatterOf(text), config, options) ?? detectProfile(options.path, headingTextsOrNone(doc));
      return [named, buildPlan(doc, matchersFor(vocabularyFor(config.vocabulary, named)), onError)] as const;
    });
    lap('model');
  } catch (error) {
    return {
      plan: undefined,
      document: undefined,
      isPlan: false,
      kind: 'not-a-plan',
      kindReason: 'the document could not be read',
      findings: [],
      score: undefined,
      problems: [{ ruleId: undefined, message: `Could not read the document as a plan: ${describe(error)}` }],
    };
  }
  for (const message of declaredSet(plan.frontmatter)?.problems ?? []) problems.push({ ruleId: undefined, severity: 'info', line: 1, message: `${message}; the rest of the declaration is used` });
  const { kind, reason: kindReason } = documentKind(plan, options.path);
  const isPlan = kind === 'plan' || options.force === true;

  const findings: Finding[] = [];
  for (const rule of options.rules ?? rules) {
    if (options.only && !options.only.includes(rule.id)) continue;
    if (!isPlan && !EVERY_DOCUMENT_RULES.includes(rule.id)) continue;
    const setting = config.rules.get(rule.id) ?? { severity: rule.defaultSeverity, options: rule.options.parse({}) };
    if (setting.severity === 'off') continue;
    try {
      for (const report of rule.check({ plan, options: setting.options, profile: PROFILES[profile] })) {
        findings.push(toFinding(rule, setting.severity, report));
      }
    } catch (error) {
      problems.push({ ruleId: rule.id, message: `Rule ${rule.id} failed and was skipped: ${describe(error)}` });
    }
  }
  const suppressed = applySuppressions(plan, findings);
  suppressed.sort((a, b) => a.span.start.offset - b.span.start.offset || a.ruleId.localeCompare(b.ruleId));
  lap('rules');
  const score = isPlan ? computeScore(plan) : undefined;
  lap('score');
  return { plan, document, isPlan, kind, kindReason, findings: suppressed, score, problems, profile };
}

/**
 * The finding of `rule`'s `report` at `severity`, its message resolved from the rule's catalogue.
 *
 * @throws Error when the rule has no message `report.messageId`
 */
export function toFinding(rule: Rule, severity: Severity, report: Report): Finding {
  const template = rule.messages[report.messageId];
  if (template === undefined) throw new Error(`unknown messageId "${report.messageId}"`);
  return {
    ruleId: rule.id,
    messageId: report.messageId,
    severity,
    message: formatMessage(template, report.data),
    span: report.span,
    ...(report.fix ? { fix: report.fix } : {}),
    ...(report.suggestions?.length ? { suggestions: report.suggestions } : {}),
    ...(report.related?.length ? { related: report.related } : {}),
  };
}

const TEMPLATE_PATH = 'file name or folder says template';

/**
 * The document's kind: `planlint: true` in front matter makes a plan; a template path or
 * `template: true` a template; otherwise the model's plan detection decides.
 */
function documentKind(plan: Plan, path: string | undefined): { kind: DocumentKind; reason: string } {
  if (plan.frontmatter.planlint === true) return { kind: 'plan', reason: 'front matter planlint: true' };
  if (plan.frontmatter.template === true) return { kind: 'template', reason: 'front matter template: true' };
  if (path !== undefined && isTemplatePath(path)) return { kind: 'template', reason: TEMPLATE_PATH };
  return plan.isPlan ? { kind: 'plan', reason: plan.planSignals.join(', ') } : { kind: 'not-a-plan', reason: plan.planSignals.join(', ') || 'no plan signal' };
}

/**
 * True when a file name or folder of `path` says `template`: `plan-template.md`,
 * `templates/tasks.md`, `NNNN-kep-template/README.md`, `enhancement_template.md`.
 *
 * @param path a file path or URI path; `/` and `\\` both separate folders
 */
export function isTemplatePath(path: string): boolean {
  return path.split(/[\\/]/).some((part) => /(?:^|[^a-z])templates?(?:[^a-z]|$)/i.test(part));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
