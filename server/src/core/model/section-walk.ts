import type { TableRow } from 'mdast';
import type { LineIndex, Span } from '../text.js';
import type { VocabularyMatchers } from '../vocabulary.js';
import type { FactMap } from './facts.js';
import type { Outline } from './headings.js';
import type { Criterion, Dependency, Directive, EstimateTotal, Evidence, Gate, IdDefinition, Placeholder, Requirement, Risk, StageReference, Task } from './plan.js';
import type { StageHeadings } from './stage-headings.js';

/**
 * What walking one section's nodes yields; merged over sections into the plan. Everything in it
 * lies in its section, so that the walk can be moved with the section ({@link shiftWalk}).
 */
export interface SectionWalk {
  facts: FactMap;
  tasks: Task[];
  criteria: Criterion[];
  risks: Risk[];
  gates: Gate[];
  placeholders: Placeholder[];
  directives: Directive[];
  dependencies: Dependency[];
  stageReferences: StageReference[];
  totals: EstimateTotal[];
  schemaChanges: Evidence[];
  /** Requirements defined by list items, paragraphs and table rows (headings define theirs outside walks). */
  requirements: Requirement[];
  idDefinitions: IdDefinition[];
  /** Requirement IDs anywhere in text; those outside their own definitions become references. */
  refCandidates: Array<{ id: string; family: string; span: Span; offset: number; inRange?: boolean }>;
  /** Kiro requirement numbers ("1.2") on `_Requirements:_` lines. */
  kiroRefs: Array<{ id: string; offset: number; span: Span }>;
  /** Rows of stage tables, read into stages once all facts are known. */
  tableStageRows: Array<{ row: TableRow; cells: string[]; header: string[] }>;
  /** 0-based offsets `[start, end)` of code blocks. */
  codeRanges: Array<[number, number]>;
  /** The section's first risk table. */
  riskTable: Span | undefined;
  /** The section's first migration step. */
  migration: Evidence | undefined;
}

/**
 * What the handlers of one section's walk read and write: the {@link SectionWalk} being filled
 * and the read-only document context. One per section walk; never shared between walks.
 */
export interface WalkContext {
  /** The walk being filled. */
  readonly out: SectionWalk;
  readonly text: string;
  readonly lines: LineIndex;
  readonly vocab: VocabularyMatchers;
  readonly outline: Outline;
  readonly stageHeadings: StageHeadings;
  /** Set while walking a gate list whose introduction states the pass criterion for all of it. */
  inheritedThreshold: boolean;
}

/** The kinds of section a block stands in, as the list handlers read them. */
export interface BlockContext {
  risk: boolean;
  gate: boolean;
  dod: boolean;
  drawback: boolean;
}

/** A walk with nothing found yet. */
export function emptyWalk(): SectionWalk {
  return {
    facts: new Map(),
    tasks: [],
    criteria: [],
    risks: [],
    gates: [],
    placeholders: [],
    directives: [],
    dependencies: [],
    stageReferences: [],
    totals: [],
    schemaChanges: [],
    requirements: [],
    idDefinitions: [],
    refCandidates: [],
    kiroRefs: [],
    tableStageRows: [],
    codeRanges: [],
    riskTable: undefined,
    migration: undefined,
  };
}

/** Concatenates section walks in document order (the first risk table and migration win) into fresh lists. */
export function mergeWalks(walks: SectionWalk[]): SectionWalk {
  const out = emptyWalk();
  for (const w of walks) {
    for (const [kind, list] of w.facts) {
      const into = out.facts.get(kind);
      if (into) for (const f of list) into.push(f);
      else out.facts.set(kind, [...list]);
    }
    append(out.tasks, w.tasks);
    append(out.criteria, w.criteria);
    append(out.risks, w.risks);
    append(out.gates, w.gates);
    append(out.placeholders, w.placeholders);
    append(out.directives, w.directives);
    append(out.dependencies, w.dependencies);
    append(out.stageReferences, w.stageReferences);
    append(out.totals, w.totals);
    append(out.schemaChanges, w.schemaChanges);
    append(out.requirements, w.requirements);
    append(out.idDefinitions, w.idDefinitions);
    append(out.refCandidates, w.refCandidates);
    append(out.kiroRefs, w.kiroRefs);
    append(out.tableStageRows, w.tableStageRows);
    append(out.codeRanges, w.codeRanges);
    out.riskTable ??= w.riskTable;
    out.migration ??= w.migration;
  }
  return out;
}

/** Appends `items` to `into` one by one: a spread argument list overflows the stack past about 100,000 items. */
function append<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

/**
 * Moves a cached walk by `offsetDelta` characters and `lineDelta` lines, in place: its section
 * moved without changing. Columns do not change (sections start at line starts). Points shared
 * between spans are moved once. The mdast nodes it refers to were moved by the parser.
 */
export function shiftWalk(w: SectionWalk, offsetDelta: number, lineDelta: number): void {
  if (offsetDelta === 0 && lineDelta === 0) return;
  const moved = new Set<object>();
  const point = (p: { line: number; offset: number }) => {
    if (moved.has(p)) return;
    moved.add(p);
    p.offset += offsetDelta;
    p.line += lineDelta;
  };
  const span = (s: Span | undefined) => {
    if (!s) return;
    point(s.start);
    point(s.end);
  };
  const withSpan = (items: Array<{ span: Span }>) => {
    for (const item of items) span(item.span);
  };
  for (const list of w.facts.values()) {
    for (const f of list) {
      span(f.span);
      f.offset += offsetDelta;
    }
  }
  withSpan(w.tasks);
  withSpan(w.criteria);
  withSpan(w.risks);
  withSpan(w.gates);
  withSpan(w.placeholders);
  withSpan(w.directives);
  withSpan(w.dependencies);
  withSpan(w.stageReferences);
  withSpan(w.totals);
  withSpan(w.schemaChanges);
  withSpan(w.idDefinitions);
  for (const r of w.requirements) {
    span(r.span);
    span(r.idSpan);
    r.start += offsetDelta;
    r.end += offsetDelta;
  }
  for (const c of w.refCandidates) {
    span(c.span);
    c.offset += offsetDelta;
  }
  for (const k of w.kiroRefs) {
    span(k.span);
    k.offset += offsetDelta;
  }
  for (const range of w.codeRanges) {
    range[0] += offsetDelta;
    range[1] += offsetDelta;
  }
  span(w.riskTable);
  if (w.migration) span(w.migration.span);
}
