import type { LineIndex, Span } from '../text.js';

/**
 * The typed plan model: what the rules read instead of mdast. Every element carries the
 * {@link Span} it was read from (1-based lines, 1-based UTF-16 columns, 0-based offsets).
 * Built by `buildPlan` (model/build.ts), the only mdast walker.
 */
export interface Plan {
  text: string;
  lines: LineIndex;
  lineEnding: '\n' | '\r\n' | '\r';
  /** 0-based offset of the line opening a top-level code fence or HTML block the document never closes (text inserted after it lands inside), if any. */
  unclosedBlock: number | undefined;
  /** The first H1, if any. */
  title: Heading | undefined;
  /** Where plan-level findings go: the first H1, else line 1. */
  titleSpan: Span;
  /** Parsed YAML front matter (an empty object when there is none or it is not a mapping). */
  frontmatter: Record<string, unknown>;
  /** Whether the document is a plan (spec: "What counts as a plan"), and why. */
  isPlan: boolean;
  planSignals: string[];
  headings: Heading[];
  /** Stages in document order; one implicit stage (source `implicit`) when the plan names none. */
  stages: Stage[];
  /** Plan-level owner from front matter (`owner:`). */
  owner: string | undefined;
  requirements: Requirement[];
  /** Occurrences of requirement IDs outside their definitions. */
  references: IdReference[];
  /** References to stages by keyword and number ("see Stage 6", "depends on Phase 2"). */
  stageReferences: StageReference[];
  tasks: Task[];
  risks: Risk[];
  /** The risks section heading or table, when the plan has one. */
  riskSection: Span | undefined;
  gates: Gate[];
  /** DoD / acceptance / success criteria items, each one line of a checklist or table cell. */
  criteria: Criterion[];
  placeholders: Placeholder[];
  conflictMarkers: ConflictMarker[];
  dependencies: Dependency[];
  totals: EstimateTotal[];
  schemaChanges: Evidence[];
  /** A migration step anywhere (migration, db:migrate, Flyway, Alembic...). */
  migration: Evidence | undefined;
  /**
   * A filled plan-level DoD (a DoD heading or label outside every stage; spec v2). It covers
   * the stages it names (`stageKeys`, ranges expanded), and every stage when `coversAll` (at
   * most half of the stages have a DoD of their own).
   */
  planDod: (Evidence & { stageKeys: string[]; coversAll: boolean }) | undefined;
  /** Plan-level sections (outside every stage). */
  planTests: Evidence | undefined;
  planRollback: (Evidence & { stageKeys: string[] }) | undefined;
  planHealthCheck: Evidence | undefined;
  /** Rollback said anywhere (section, label, command or phrase). */
  anyRollback: Evidence | undefined;
  /** The first Rollback section or label that says nothing yet (empty, TBD, N/A), when there is one. */
  unfilledRollback: Evidence | undefined;
  /** First place the plan says it changes a running system (deploy, migration, production...). */
  changeSignal: Evidence | undefined;
  /** IDs defined for tasks (`T001`) and risks (`RISK-1`), with every definition in order. */
  idDefinitions: IdDefinition[];
  emptySections: Heading[];
  directives: Directive[];
  /** Offsets `[start, end)` of fenced and indented code blocks: never read as plan prose. */
  codeRanges: Array<[number, number]>;
  /** Estimated tokens: characters / 4 (spec: plan-too-long). */
  tokenEstimate: number;
}

/** A heading. `text` has status decorations and emoji removed; `raw` is the full text. */
export interface Heading {
  depth: number;
  text: string;
  raw: string;
  span: Span;
  /** Offset where the heading's section ends: the next heading of the same or higher level, or the end. */
  sectionEnd: number;
  /** Offset of the next heading of any level (or the end): the heading's own content ends here. */
  contentEnd: number;
}

/** Where the plan says something: a span and the text that said it. */
export interface Evidence {
  span: Span;
  text: string;
  /** True when the evidence is only a placeholder (TBD, TODO...). */
  tbd?: boolean;
}

/**
 * What a stage does, from its title: some rules exempt setup, docs, research and polish
 * stages, and review (a review, gate, sign-off or demo), verification (checks a deploy) and
 * rollback stages (the rollback procedure itself).
 */
export type StageKind = 'build' | 'setup' | 'docs' | 'research' | 'polish' | 'test' | 'review' | 'verification' | 'deploy' | 'migration' | 'rollback';

/** Every {@link StageKind}, for option schemas. */
export const STAGE_KINDS = ['build', 'setup', 'docs', 'research', 'polish', 'test', 'review', 'verification', 'deploy', 'migration', 'rollback'] as const;

/** A unit of sequenced work. */
export interface Stage {
  /** Normalized keyword and number (`phase 2`), when the title has them. */
  key: string | undefined;
  title: string;
  kind: StageKind;
  source: 'heading' | 'table-row' | 'implicit';
  /** Heading depth (1-6); 0 for table rows and the implicit stage. */
  depth: number;
  /** The heading, the table row, or (implicit stage) the title. */
  headingSpan: Span;
  /** Offsets `[start, end)` of everything the stage holds, nested stages included. */
  start: number;
  end: number;
  /**
   * Index in `Plan.stages` of the stage this one is nested in (`### Week 2` under `## Phase 1`),
   * or undefined for an outermost stage. A nested stage inherits its parent's owner, rollback
   * and health check, not its DoD or tests (spec v2, "Decisions").
   */
  parent: number | undefined;
  dod: Evidence | undefined;
  tests: Evidence | undefined;
  rollback: Evidence | undefined;
  /**
   * Set when the stage's only rollback words stand in unfilled Rollback sections (a skeleton
   * such as "Steps: TODO (the commands that undo the change)"): the score counts no rollback.
   */
  rollbackUnfilled?: true;
  healthCheck: Evidence | undefined;
  owner: Evidence | undefined;
  estimate: Estimate | undefined;
  /** A done marker on the stage (✅, "Complete", "Status: Done"). */
  done: Evidence | undefined;
  /** Deploys, releases, cuts over or migrates a running system. */
  changesRunningSystem: boolean;
  /** Touches production (prod, live, canary, cutover, customers). */
  production: boolean;
  tasks: Task[];
}

/** A checklist item (`- [ ]` / `- [x]`) or a task with an ID. */
export interface Task {
  text: string;
  span: Span;
  /** `true` checked, `false` unchecked, `null` a plain list item with a task ID. */
  checked: boolean | null;
  id: string | undefined;
  /** Unchecked checklist items nested below this one. */
  uncheckedChildren: number;
}

export interface Requirement {
  id: string;
  /** ID family: the prefix (`FR`) or `kiro` for numbered Kiro requirements. */
  family: string;
  text: string;
  /** The definition's first line. */
  span: Span;
  /** The ID token itself in the definition (the heading for Kiro requirements). */
  idSpan: Span;
  /** Offsets of the whole definition; references inside it do not count as coverage. */
  start: number;
  end: number;
  /** Kiro requirement: IDs of its numbered acceptance criteria (`3.1`, `3.2`). */
  criteria: string[];
}

export interface IdReference {
  id: string;
  family: string;
  span: Span;
  /** Named only as the inside of a range ("FR-002" in "FR-001 to FR-004"); the span is the range's. */
  inRange?: boolean;
}

export interface StageReference {
  /** Normalized key (`stage 6`). */
  key: string;
  span: Span;
}

export interface IdDefinition {
  id: string;
  kind: 'requirement' | 'task' | 'risk';
  span: Span;
}

export interface Risk {
  text: string;
  span: Span;
  id: string | undefined;
  hasMitigation: boolean;
  /** Columns (Owner, Likelihood, Impact, Mitigation) the row leaves empty. */
  emptyFields: string[];
  /** Risks listed under Drawbacks are accepted costs and need no mitigation. */
  drawback: boolean;
}

export interface Gate {
  text: string;
  span: Span;
  hasCommand: boolean;
  hasThreshold: boolean;
}

export interface Criterion {
  text: string;
  span: Span;
}

export interface Placeholder {
  text: string;
  span: Span;
}

export interface ConflictMarker {
  kind: 'ours' | 'base' | 'separator' | 'theirs';
  span: Span;
}

/** A declared dependency: `from` depends on each of `to`. Nodes are stage keys or task IDs. */
export interface Dependency {
  from: string;
  to: string[];
  span: Span;
}

/** A duration in hours; a range keeps both ends (1 week = 5 days, 1 day = 8 hours). */
export interface Estimate {
  min: number;
  max: number;
  text: string;
  span: Span;
}

export interface EstimateTotal extends Estimate {
  /** Stated by a duration label ("Project Duration: 26 weeks"), a total only outside every stage. */
  label?: boolean;
}

/** An inline `planlint-*` comment. */
export interface Directive {
  kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-line' | 'disable-file';
  /** Rule ids named; empty means all rules. */
  rules: string[];
  reason: string | undefined;
  span: Span;
}
