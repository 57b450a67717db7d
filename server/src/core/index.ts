/**
 * planlint core: pure plan analysis. Text and config in, data out; no editor, filesystem or
 * process access. Shared by the CLI, the language server and the tests.
 */
export { analyze, INVALID_SUPPRESSION, isTemplatePath, type Analysis, type DocumentKind, type AnalysisProblem, type AnalyzeOptions, type AnalysisTimings } from './engine.js';
export { fixText, selectEdits, type FixResult } from './fix-apply.js';
export { applyEdits } from './fix.js';
export { detectPlanSets, type DetectOptions, type PlanSet, type PlanSetLayout, type PlanSetRole } from './sets/detect.js';
export { declaredSet, frontMatterOf, type SetDeclaration } from './sets/declare.js';
export { detectProfile, isProfileName, PROFILE_NAMES, PROFILES, type Profile, type ProfileName, type Traceability } from './profiles.js';
export { traceMatrix, type TraceLocation, type TraceMatrix, type TraceRow, type TraceTask } from './sets/trace.js';
export { analyzeSet, applySetPass, setRequirementsScore, type SetFile, type SetFileAnalysis, type SetMember, type SetPassOptions } from './sets/cross-file.js';
export { sectionFix, type SectionKind } from './suggest/sections.js';
export {
  CONFIG_FILE_NAME,
  ConfigError,
  configSchema,
  DEFAULT_INCLUDE,
  parseSettings,
  parseSettingsReport,
  settingsSchema,
  withSettings,
  withRuleOverrides,
  type Settings,
  defaultConfig,
  parseConfig,
  PRESETS,
  resolveConfig,
  type ConfigIssue,
  type ConfiguredSet,
  type ConfiguredSets,
  type ResolvedConfig,
} from './config.js';
export type * from './model/plan.js';
export { parseDocument, sectionStarts, type ParsedDocument } from './parse.js';
export type { Finding, Fix, Rule, Severity, SeveritySetting, TextEdit } from './rule.js';
export { rules, rulesById } from './rules/index.js';
export { computeScore, SCORE_COMPONENTS, SCORE_WEIGHTS, type ScoreOptions, type SetRequirements, type ApplicableComponent, type NotApplicableComponent, type Score, type ScoreComponent, type ScoreComponentName } from './score.js';
export { LineIndex, type Point, type Span } from './text.js';
export { editDistance, nearest } from './nearest.js';

/** The package version, reported in JSON and SARIF output. */
export const VERSION = '0.1.0';

/** Where rule docs live; `docsUrl(id)` gives a rule's page. */
export const DOCS_BASE = 'https://github.com/planlint/planlint/blob/main/docs/rules/';

/** URL of the docs page of rule `id`. */
export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}
