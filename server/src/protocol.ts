/**
 * planlint's custom LSP requests, declared once and imported by the server and the client.
 * Positions and ranges are LSP's: 0-based lines, 0-based UTF-16 characters.
 */
import { NotificationType, RequestType, RequestType0, type Diagnostic, type Position, type Range, type TextDocumentIdentifier, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { Score } from './core/score.js';

/**
 * What a client may send as `initializationOptions` in `initialize`. Every field is optional;
 * other editors send none and get the defaults.
 */
export interface InitializationOptions {
  /** `planlint.*` settings, for clients without `workspace/configuration`. */
  settings?: unknown;
  /**
   * `false` when the client has document symbols of its own for Markdown (VS Code's built-in
   * Markdown support): the server then does not offer `textDocument/documentSymbol`, so that
   * symbols are not listed twice. Default `true`.
   */
  documentSymbols?: boolean;
  /**
   * A command of the client that opens a rule's documentation, with the rule id as its only
   * argument (the VS Code extension's `planlint.openRuleDocs`). When set, each diagnostic gets a
   * "Show documentation for <rule>" code action that runs it.
   */
  ruleDocsCommand?: string;
}

/** Parameters of every planlint request: the document it is about. */
export interface PlanDocumentParams {
  textDocument: TextDocumentIdentifier;
}

/** A finding that costs points, for the score report. */
export interface ScoreFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  range: Range;
}

/** Result of `planlint/score`: `score` is null for a document that is not a plan. */
export interface ScoreResult {
  uri: string;
  version: number;
  isPlan: boolean;
  score: Score | null;
  findings: ScoreFinding[];
}

/** Severity of a finding, as the core and Problems name it. */
export type HealthSeverity = 'error' | 'warning' | 'info';

/** A finding behind a health mark: the one Problems shows. */
export interface HealthFinding {
  ruleId: string;
  severity: HealthSeverity;
  message: string;
}

/** Health of one outline item: whether the plan has it, and where. */
export interface OutlineHealthItem {
  present: boolean;
  /** Where the plan says it (stage DoD label, Tests block, rollback...). */
  range?: Range;
  /** Short text: the owner's name, the DoD label. */
  detail?: string;
  /**
   * The finding its rule reported for this stage, when there is one: the item is marked
   * missing (or unfilled) only then, so that the outline says what Problems says.
   */
  finding?: HealthFinding;
}

export interface OutlineTask {
  title: string;
  checked: boolean | null;
  id?: string;
  range: Range;
}

export interface OutlineStage {
  title: string;
  kind: string;
  range: Range;
  selectionRange: Range;
  /** Rollback is `present: true` also when the stage needs none (`needed: false`). */
  health: {
    dod: OutlineHealthItem;
    tests: OutlineHealthItem;
    rollback: OutlineHealthItem & { needed: boolean };
    owner: OutlineHealthItem;
    /** Findings about the stage: those inside it and those of its health items. */
    findings: number;
    /** The worst severity among those findings; absent when there are none. */
    worst?: HealthSeverity;
  };
  tasks: OutlineTask[];
}

export interface OutlineRequirement {
  id: string;
  text: string;
  covered: boolean;
  /** Titles of the stages whose text references the requirement, then the names of the other files of its plan set that reference it. */
  coveredBy: string[];
  range: Range;
}

/** What a section of a plan without stages is about: tests, Definition of Done (Graduation Criteria...), rollback, risks, production readiness review. */
export type SectionRole = 'tests' | 'dod' | 'rollback' | 'risks' | 'prr';

/** A main section of a plan that has no stages (a KEP, an enhancement proposal), with its health. */
export interface OutlineSection {
  title: string;
  /** Absent for a subsection about something else. */
  role?: SectionRole;
  range: Range;
  selectionRange: Range;
  /** Findings starting inside the section. */
  findings: number;
  /** The worst severity among them; absent when there are none. */
  worst?: HealthSeverity;
  /** Its subsections one level down. */
  children: OutlineSection[];
}

/** Result of `planlint/outline`: the plan tree with health per stage; null for a non-plan. */
export interface OutlineResult {
  uri: string;
  version: number;
  title: string;
  score: number;
  stages: OutlineStage[];
  /** For a plan without named stages: its main sections (tests, Graduation Criteria, rollback, PRR); empty otherwise. */
  sections: OutlineSection[];
  requirements: OutlineRequirement[];
  /** The files of the document's plan set (itself included, in the set's order); absent for a document in no set. */
  set?: { files: Array<{ uri: string; name: string; isPlan: boolean }> };
}

/** `planlint/score`: the completeness score with components, counts and the findings behind it. */
export const ScoreRequest = new RequestType<PlanDocumentParams, ScoreResult | null, void>('planlint/score');

/** `planlint/outline`: the plan tree for the outline view. */
export const OutlineRequest = new RequestType<PlanDocumentParams, OutlineResult | null, void>('planlint/outline');

/** Parameters of `planlint/cursor`: the 0-based line of the cursor in a document. */
export interface CursorParams {
  textDocument: TextDocumentIdentifier;
  line: number;
}

/**
 * `planlint/cursor` (client → server): the cursor moved to another line. With `planlint.focus`,
 * leaving the paragraph being edited shows the findings that waited there. Optional: without
 * it, an edit elsewhere does the same.
 */
export const CursorNotification = new NotificationType<CursorParams>('planlint/cursor');

/** The code action kind of fix-all, for `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = 'source.fixAll.planlint';

/**
 * An edit of a fix or suggestion as a diagnostic carries it: `newText` is the plain text;
 * `snippet`, when set, is the same edit in LSP snippet syntax (`$1`, `${1:default}`, `$0`), its
 * tab stops the slots the author fills in. Code actions send the snippet to clients that
 * declare `workspace.workspaceEdit.snippetEditSupport` and the plain text to the others.
 */
export interface DataEdit {
  range: Range;
  newText: string;
  snippet?: string;
}

/** Data carried by each diagnostic, so that code actions need no server state. */
export interface DiagnosticData {
  ruleId: string;
  /** The document version the diagnostic (and its fixes) were computed for. */
  version: number;
  fix?: { title: string; edits: DataEdit[] };
  suggestions?: Array<{ title: string; edits: DataEdit[] }>;
}

/** Parameters of `planlint/insertSection`: the section to insert under the stage at `position`. */
export interface InsertSectionParams extends PlanDocumentParams {
  position: Position;
  section: 'dod' | 'tests' | 'rollback';
}

/** `planlint/insertSection`: the same edit as the quick fix, for the stage under the cursor; null when there is no stage. */
export const InsertSectionRequest = new RequestType<InsertSectionParams, { title: string; edit: WorkspaceEdit } | null, void>('planlint/insertSection');

/** Parameters of `planlint/lintText`: a document that is not open (for "Lint All Plans in Workspace"). */
export interface LintTextParams {
  uri: string;
  text: string;
}

/** `planlint/lintText`: diagnostics of a file's text with the config that applies to it; no state is kept. */
export const LintTextRequest = new RequestType<LintTextParams, { isPlan: boolean; diagnostics: Diagnostic[] }, void>('planlint/lintText');

/** Result of `planlint/debug/memory`: the server's `process.memoryUsage()` after a full garbage collection, in bytes. */
export interface DebugMemoryResult {
  rss: number;
  heapUsed: number;
  /** The part of `heapUsed` that is compiled code (V8's code spaces): it grows as the JIT warms up, not with the data held. */
  codeUsed: number;
  /** Open documents the server holds. */
  documents: number;
}

/**
 * `planlint/debug/memory`: collects garbage and measures the server's memory. Registered only
 * when the server runs with `PLANLINT_DEBUG_REQUESTS=1` (the stress test sets it).
 */
export const DebugMemoryRequest = new RequestType0<DebugMemoryResult, void>('planlint/debug/memory');

/**
 * `planlint/debug/document`: the server's copy of an open document (null when it is not open),
 * to check document sync. Registered only with `PLANLINT_DEBUG_REQUESTS=1`.
 */
export const DebugDocumentRequest = new RequestType<{ uri: string }, { version: number; text: string; inProcess: boolean } | null, void>('planlint/debug/document');

/** Times (the server's `performance.now()` milliseconds) of one open document's edits and publications. */
export interface DebugEditTrace {
  /** Each version as it arrived. */
  arrived: Array<{ version: number; at: number }>;
  /** Each publication: the version, when its analysis started and when it was handed to the connection. */
  published: Array<{ version: number; started: number; at: number }>;
}

/**
 * `planlint/debug/editTrace`: when an open document's edits arrived and its diagnostics were
 * analyzed and published. Registered only with `PLANLINT_DEBUG_REQUESTS=1`.
 */
export const DebugEditTraceRequest = new RequestType<{ uri: string }, DebugEditTrace, void>('planlint/debug/editTrace');

/** Diagnostic code of a document over `planlint.maxDocumentSizeMB`, which is not analyzed. */
export const SIZE_LIMIT_CODE = 'size-limit';

/**
 * The message of a {@link SIZE_LIMIT_CODE} diagnostic, the same from the server (open documents)
 * and the client (Lint All Plans, which never reads such a file).
 *
 * @param bytes the document's size in bytes (UTF-8)
 * @param limitMB the `planlint.maxDocumentSizeMB` setting, in megabytes
 */
export function sizeLimitMessage(bytes: number, limitMB: number): string {
  return `Document is ${(bytes / 1024 / 1024).toFixed(1)} MB, over planlint.maxDocumentSizeMB (${limitMB}); planlint does not analyze it. Raise the setting to lint it.`;
}
