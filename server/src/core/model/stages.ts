import type { Span } from '../text.js';
import type { VocabularyMatchers } from '../vocabulary.js';
import { asEstimate } from './estimates.js';
import { firstIn, type FactMap } from './facts.js';
import { cleanHeadingText, type Outline } from './headings.js';
import { DONE_WORD } from './labels.js';
import { spanOf } from './mdast.js';
import { EMPTY_CELL, PRODUCTION_PHRASE, parseDuration } from './patterns.js';
import type { Evidence, Stage, Task } from './plan.js';
import type { SectionWalk } from './section-walk.js';
import type { StageHeadings } from './stage-headings.js';
import { splitRepeatViews, type RepeatView } from './repeats.js';
import { NO_CHANGE_KINDS, servesUsers, stageKind } from './stage-kinds.js';
import { nameWords, nodeKeyOf, normalizeStageKey } from './stage-keys.js';


/**
 * A stage spanning the 0-based offsets `[start, end)`, with the first facts of each kind in it:
 * owner, estimate and status from `start`, evidence (DoD, tests, rollback, health, production)
 * from `evidenceStart`.
 */
function makeStage(facts: FactMap, source: Stage['source'], key: string | undefined, titleText: string, depth: number, headingSpan: Span, start: number, end: number, evidenceStart: number, ownEnd = end): Stage {
  const kind = source === 'implicit' ? 'build' : stageKind(titleText);
  const done = firstIn(facts, 'status', start, ownEnd);
  const stageText = titleText;
  // A stage changes a running system by its title (deploy, migrate) or by what it says it does
  // ("route 10% of production traffic to v2"); planning, docs, checks and the rollback itself do not.
  // A release that only publishes a library package changes no running system (spec v2).
  const publishesOnly = kind === 'deploy' && firstIn(facts, 'publish', evidenceStart, end) !== undefined && !servesUsers(facts, evidenceStart, end);
  const change = (kind === 'deploy' && !publishesOnly) || kind === 'migration' || (!NO_CHANGE_KINDS.has(kind) && source === 'heading' && servesUsers(facts, evidenceStart, ownEnd));
  return {
    key,
    title: titleText,
    kind,
    source,
    depth,
    headingSpan,
    start,
    end,
    parent: undefined,
    dod: evidenceOf(facts, 'dod', 'dodTbd', evidenceStart, end),
    tests: evidenceOf(facts, 'tests', 'testsTbd', evidenceStart, end),
    rollback: filledRollback(facts, evidenceStart, end),
    unfilledRollback: firstIn(facts, 'rollbackTbd', evidenceStart, end),
    healthCheck: firstIn(facts, 'health', evidenceStart, end),
    // Owner and done marker from the stage's own text, before its first nested stage.
    owner: firstIn(facts, 'owner', start, ownEnd),
    estimate: asEstimate(firstIn(facts, 'estimate', start, end)),
    done: done && (done.offset === headingSpan.start.offset || source !== 'heading' || done.offset < end) ? done : undefined,
    changesRunningSystem: change,
    // Production from what the stage says ("--env production", "production bundle"), not from a deploy word alone.
    production: PRODUCTION_PHRASE.test(stageText) || (change && firstIn(facts, 'production', evidenceStart, end) !== undefined),
    tasks: [],
  };
}

/**
 * A stage's DoD or tests in `[start, end)`. Content, not presence (spec v2): when the stage's
 * only explicit sections or labels of that kind are unfilled, the evidence is unfilled
 * (`tbd`), whatever the prose mentions in passing; else the first filled evidence.
 */
function evidenceOf(facts: FactMap, kind: 'dod' | 'tests', tbdKind: 'dodTbd' | 'testsTbd', start: number, end: number): Evidence | undefined {
  const tbd = firstIn(facts, tbdKind, start, end);
  const filled = tbd ? firstExplicitIn(facts, kind, start, end) : firstIn(facts, kind, start, end);
  if (filled) return filled;
  return tbd ? { ...tbd, tbd: true } : undefined;
}

/**
 * A stage's filled rollback in `[start, end)`: as for DoD and tests, when the stage has an
 * unfilled Rollback section or label, only an explicit filled one counts, not the section's own
 * heading words or a rollback mentioned in passing.
 */
function filledRollback(facts: FactMap, start: number, end: number): Evidence | undefined {
  return firstIn(facts, 'rollbackTbd', start, end) ? firstExplicitIn(facts, 'rollback', start, end) : firstIn(facts, 'rollback', start, end);
}

/** The first explicit (heading or label) fact of `kind` in `[start, end)`. */
function firstExplicitIn(facts: FactMap, kind: 'dod' | 'tests' | 'rollback', start: number, end: number): Evidence | undefined {
  for (let f = firstIn(facts, kind, start, end); f; f = firstIn(facts, kind, f.offset + 1, end)) if (f.explicit) return f;
  return undefined;
}

/** What a stage table row says about its stage, cell by cell. */
interface TableStage {
  key: string | undefined;
  name: string;
  span: Span;
  dod: Evidence | undefined;
  tests: Evidence | undefined;
  rollback: Evidence | undefined;
  owner: Evidence | undefined;
  estimate: Evidence | undefined;
  status: Evidence | undefined;
  /** The row's cells, for matching the row to a heading stage by title. */
  cells: string[];
}

/** True when a cell of a stage table row names the heading stage `title` (at least half of its name's words). */
function sameTitle(title: string, cells: readonly string[]): boolean {
  const words = nameWords(title);
  if (words.length === 0) return false;
  return cells.some((c) => {
    const cell = new Set(nameWords(c.replace(/[*_`]/g, '')));
    return words.filter((w) => cell.has(w)).length * 2 >= words.length;
  });
}

function readTableStage({ row, cells, header }: SectionWalk['tableStageRows'][number], vocab: VocabularyMatchers): TableStage {
  const s = spanOf(row);
  const get = (p: RegExp) => {
    const i = header.findIndex((h) => p.test(h));
    return i >= 0 && !EMPTY_CELL.test(cells[i] ?? '') ? { span: spanOf(row.children[i]!), text: cells[i]! } : undefined;
  };
  const name = cells[0] ?? '';
  const key = nodeKeyOf(name, vocab) ?? (/^\d+$/.test(name) ? normalizeStageKey(header[0]!.split(/\s+/)[0]!, name) : undefined);
  return { key, name, span: s, dod: get(/\b(?:dod|definition of done|done when|exit|criteria|evidence|acceptance)\b/), tests: get(/\btests?\b|verification/), rollback: get(/rollback|revert|backout/), owner: get(/^(?:owner|owners|assignee|dri|who|lead)$/), estimate: get(/estimate|duration|effort|days|time/), status: get(/^status$/), cells };
}

/** What {@link buildStages} reads from earlier passes. */
export interface StageInputs {
  outline: Outline;
  stageHeadings: StageHeadings;
  /** All facts, merged and sorted ({@link mergeFacts}). */
  facts: FactMap;
  tableStageRows: SectionWalk['tableStageRows'];
  tasks: Task[];
  /** Length of the document in UTF-16 code units. */
  textLength: number;
  vocab: VocabularyMatchers;
}

/**
 * The plan's stages in document order: heading stages (filled in by stage table rows of the
 * same key), else stage table rows, else one implicit stage spanning the document (changing a
 * running system when the plan says it does anywhere). Each stage gets the tasks inside it.
 */
export function buildStages(input: StageInputs): Stage[] {
  const { outline, facts, textLength, vocab } = input;
  const { kept: stageHeadings, repeats } = splitRepeatViews(outline, input.stageHeadings);
  const stages: Stage[] = [];
  const stageOf = new Map<number, number>();
  stageHeadings.indices.forEach((i, n) => {
    const h = outline.headings[i]!;
    const next = stageHeadings.indices[n + 1];
    const nextStart = next === undefined ? h.sectionEnd : outline.headings[next]!.span.start.offset;
    const stage = makeStage(facts, 'heading', stageHeadings.keys.get(i), h.text, h.depth, h.span, h.span.start.offset, h.sectionEnd, h.span.start.offset, Math.min(nextStart, h.sectionEnd));
    const parent = stageHeadings.parents.get(i);
    if (parent !== undefined) {
      const p = stages[stageOf.get(parent)!]!;
      stage.parent = stageOf.get(parent);
      stage.owner ??= p.owner;
      stage.rollback ??= p.rollback;
      stage.healthCheck ??= p.healthCheck;
    }
    stageOf.set(i, stages.length);
    stages.push(stage);
  });
  const tableStages = input.tableStageRows.map((row) => readTableStage(row, vocab));
  if (stages.length === 0 && tableStages.length >= 1) {
    for (const t of tableStages) {
      const stage = makeStage(facts, 'table-row', t.key, cleanHeadingText(t.name), 0, t.span, t.span.start.offset, t.span.end.offset, t.span.start.offset);
      stage.dod = t.dod;
      stage.tests = t.tests ?? stage.tests;
      stage.rollback = t.rollback ?? stage.rollback;
      stage.owner = t.owner;
      const d = t.estimate && parseDuration(t.estimate.text);
      stage.estimate = d ? { min: d.min, max: d.max, text: d.text, span: t.estimate!.span } : undefined;
      stage.done = t.status && DONE_WORD.test(t.status.text) ? t.status : undefined;
      stages.push(stage);
    }
  } else {
    // The same stages shown twice (a stage table and headings) are one set, matched by title,
    // never by number alone (spec v2, "Stage table").
    for (const t of tableStages) {
      const stage = stages.find((s) => s.key && s.key === t.key && sameTitle(s.title, t.cells));
      if (!stage) continue;
      stage.dod ??= t.dod;
      stage.tests ??= t.tests;
      stage.rollback ??= t.rollback;
      stage.owner ??= t.owner;
      if (t.status && DONE_WORD.test(t.status.text.replace(/[*_]/g, '').trim())) stage.done ??= t.status;
      if (!stage.estimate && t.estimate) {
        const d = parseDuration(t.estimate.text);
        if (d) stage.estimate = { min: d.min, max: d.max, text: d.text, span: t.estimate.span };
      }
    }
  }
  if (stages.length === 0) {
    const implicit = makeStage(facts, 'implicit', undefined, outline.title?.text ?? 'plan', 0, outline.titleSpan, 0, textLength, 0);
    // A plan without stages changes a running system when it says so anywhere (Plan.changeSignal).
    if (facts.get('change')?.[0]) {
      implicit.changesRunningSystem = true;
      implicit.production = (facts.get('production') ?? []).length > 0;
    }
    stages.push(implicit);
  }
  // A verification stage right after a deploy stage (its sibling) is that deploy's health check
  // (spec v2, "Decisions": a post-deployment verification stage).
  stages.forEach((stage, n) => {
    if (stage.healthCheck || !stage.changesRunningSystem) return;
    const next = stages.slice(n + 1).find((s) => s.parent === stage.parent);
    // The next stage checks this one when it is a verification stage, or when it only watches
    // ("Phase 3: Bake and observe" with "5xx < 0.5% on the dashboard").
    if (next && (next.kind === 'verification' || (!next.changesRunningSystem && next.healthCheck))) stage.healthCheck = { span: next.headingSpan, text: next.title };
  });
  // What a repeated view of a stage holds belongs to the stage it repeats.
  const repeatedView = repeatViewAt(repeats, outline);
  const repeatedStage = (offset: number): Stage | undefined => {
    const r = repeatedView(offset);
    return r && stages[stageOf.get(r.target)!];
  };
  for (const r of repeats) {
    const target = stages[stageOf.get(r.target)!];
    const h = outline.headings[r.heading]!;
    if (!target) continue;
    target.dod ??= evidenceOf(facts, 'dod', 'dodTbd', h.span.start.offset, h.sectionEnd);
    target.tests ??= evidenceOf(facts, 'tests', 'testsTbd', h.span.start.offset, h.sectionEnd);
    target.healthCheck ??= firstIn(facts, 'health', h.span.start.offset, h.sectionEnd);
  }
  // A task belongs to the innermost stage holding it and to every stage that stage is nested in.
  for (const task of input.tasks) {
    const start = repeats.length ? (repeatedStage(task.span.start.offset) ?? stageAt(stages, task.span.start.offset)) : stageAt(stages, task.span.start.offset);
    for (let stage = start; stage; stage = stage.parent === undefined ? undefined : stages[stage.parent]) stage.tasks.push(task);
  }
  return stages;
}

/** Index of the last of `items` (sorted by `start`) that starts at or before the 0-based `offset`; -1 when none does (binary search). */
function lastStartedBy(items: readonly { start: number }[], offset: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.start <= offset) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return last;
}

/**
 * A lookup of the first of `repeats` (in their order) whose heading's section holds a 0-based
 * offset, in time logarithmic in their number plus their nesting depth: heading sections are
 * nested or apart, so the views holding an offset are the last one started at or before it and
 * the views enclosing that one. (A search of every view for every task was the largest part of
 * building the stages of a plan with many repeated views.)
 *
 * @param repeats repeated views, in the order that decides between views holding the same offset
 * @param outline the headings the views' `heading` indices point into
 * @returns the lookup: a 0-based offset to the first view holding it, or `undefined`
 */
export function repeatViewAt(repeats: readonly RepeatView[], outline: Outline): (offset: number) => RepeatView | undefined {
  const views = repeats
    .map((v, order) => ({ v, order, start: outline.headings[v.heading]!.span.start.offset, end: outline.headings[v.heading]!.sectionEnd, parent: -1 }))
    .sort((a, b) => a.start - b.start || b.end - a.end || a.order - b.order);
  const open: number[] = [];
  views.forEach((view, i) => {
    while (open.length > 0 && views[open[open.length - 1]!]!.end <= view.start) open.pop();
    view.parent = open.length > 0 ? open[open.length - 1]! : -1;
    open.push(i);
  });
  return (offset) => {
    const last = lastStartedBy(views, offset);
    let best: (typeof views)[number] | undefined;
    for (let i = last; i >= 0; i = views[i]!.parent) {
      const view = views[i]!;
      if (offset < view.end && (!best || view.order < best.order)) best = view;
    }
    return best?.v;
  };
}

/**
 * The innermost stage holding the 0-based `offset`: `stages` are sorted by start and nest (a
 * binary search for the last stage started at or before `offset`, then up its parents); the
 * implicit stage, when there is one, holds every offset of the document.
 */
export function stageAt(stages: Stage[], offset: number): Stage | undefined {
  const last = lastStartedBy(stages, offset);
  for (let s = stages[last]; s; s = s.parent === undefined ? undefined : stages[s.parent]) {
    if (s.start <= offset && offset < s.end) return s;
  }
  // The implicit stage spans the document and comes last.
  const implicit = stages[stages.length - 1];
  return implicit && implicit.source === 'implicit' && offset >= implicit.start && offset < implicit.end ? implicit : undefined;
}
