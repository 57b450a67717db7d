/**
 * LSP features over one analysis of one document. Functions of (analysis, request): the
 * server owns the state, these only read it (and build its {@link PlanIndex} once, on first
 * use). Each request is linear in the plan.
 */
import {
  CompletionItemKind,
  MarkupKind,
  SymbolKind,
  type CodeLens,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type Location,
  type Position,
  type Range,
} from 'vscode-languageserver';
import type { Analysis, Plan, Requirement, Span, Stage } from '../core/index.js';
import { stageAt } from '../core/model/stages.js';
import { STAGE_REF } from '../core/model/patterns.js';
import { stageDod, stageHasRollback } from '../core/score.js';
import type { HealthFinding, OutlineResult, ScoreResult } from '../protocol.js';
import { offsetsToRange, spanContains, toDiagnostic, toOffset, toRange } from './convert.js';
import { healthIndex, mainSections, stageHealthLine, stageWorst, type HealthIndex } from './health.js';
import { indexPlan, type Coverage, type PlanIndex } from './plan-index.js';
import { coverageSentence, fileName, findTask, membersOf, requirementAt, requirementLabel, setCoverage, singleFileCoverage } from './set-navigation.js';

/** One analyzed document, as the features see it. */
export interface AnalyzedDocument {
  uri: string;
  version: number;
  analysis: Analysis;
  /** Lookups over `analysis`, built on first use by {@link indexOf}. */
  index?: PlanIndex;
  /** The findings by stage and range, built on first use by {@link healthOf}. */
  health?: HealthIndex;
  /** The other files of the document's plan set, analyzed; absent for a document in no set. */
  set?: readonly AnalyzedDocument[];
}

/** The health index of `doc`'s analysis ({@link healthIndex}), built once per analyzed document. */
export function healthOf(doc: AnalyzedDocument, plan: Plan): HealthIndex {
  doc.health ??= healthIndex(plan, doc.analysis.findings);
  return doc.health;
}

/** True when the plan features answer for `doc`: it is a plan, or a member of a plan set that holds one. */
export function isPlanLike(doc: AnalyzedDocument): boolean {
  return doc.analysis.isPlan || (doc.set?.some((d) => d.analysis.isPlan) ?? false);
}

/** The index of `doc`'s analysis, built once per analyzed document. */
export function indexOf(doc: AnalyzedDocument, plan: Plan): PlanIndex {
  doc.index ??= indexPlan(plan);
  return doc.index;
}

const TASK_ID = /\b(?:T\d{2,}|TASK-\d+)\b/g;

/** What an identifier under the cursor refers to. */
type Target =
  | { kind: 'requirement'; requirement: Requirement; span: Span }
  | { kind: 'requirement-unknown'; id: string; family: string; span: Span }
  | { kind: 'task'; id: string; span: Span }
  | { kind: 'stage'; stage: Stage; span: Span };

/** The requirement, task or stage named at `position`, if any. */
export function targetAt(plan: Plan, index: PlanIndex, position: Position): Target | undefined {
  for (const r of plan.requirements) if (spanContains(r.idSpan, position)) return { kind: 'requirement', requirement: r, span: r.idSpan };
  for (const ref of plan.references) {
    if (!spanContains(ref.span, position)) continue;
    const requirement = index.requirementOf(ref);
    return requirement ? { kind: 'requirement', requirement, span: ref.span } : { kind: 'requirement-unknown', id: ref.id, family: ref.family, span: ref.span };
  }
  const line = position.line + 1;
  const text = plan.lines.lineText(line);
  const base = plan.lines.lineStart(line);
  for (const m of text.matchAll(TASK_ID)) {
    const span = plan.lines.span(base + m.index!, base + m.index! + m[0].length);
    if (spanContains(span, position)) return { kind: 'task', id: m[0], span };
  }
  for (const m of text.matchAll(STAGE_REF)) {
    const span = plan.lines.span(base + m.index!, base + m.index! + m[0].length);
    if (!spanContains(span, position)) continue;
    const key = `${m[1]!.toLowerCase()} ${m[2]!.toLowerCase()}`;
    const stage = plan.stages.find((s) => s.key === key);
    if (stage) return { kind: 'stage', stage, span };
  }
  return undefined;
}

/** Where a requirement is referenced, and by which stages and tasks. */
export function coverageOf(doc: AnalyzedDocument, plan: Plan, r: Requirement): Coverage {
  return indexOf(doc, plan).coverage(r);
}

/** Every occurrence of task `id` outside code, definition first. */
function taskOccurrences(plan: Plan, index: PlanIndex, id: string): Span[] {
  const out: Span[] = [];
  for (const m of plan.text.matchAll(new RegExp(`\\b${id}\\b`, 'g'))) {
    if (index.inCode(m.index!)) continue;
    out.push(plan.lines.span(m.index!, m.index! + id.length));
  }
  return out;
}

/** `textDocument/hover`: the definition's text and where it is covered. */
export function hover(doc: AnalyzedDocument, position: Position): Hover | null {
  const plan = doc.analysis.plan;
  if (!plan) return null;
  const index = indexOf(doc, plan);
  const target = targetAt(plan, index, position);
  if (!target) return null;
  let value: string;
  const found = target.kind === 'requirement' || target.kind === 'requirement-unknown' ? requirementAt(doc, position) : undefined;
  if (found) {
    const r = found.requirement;
    const here = found.doc === doc;
    const where = here && !doc.set ? singleFileCoverage(index.coverage(r)) : coverageSentence(setCoverage(found), doc.uri);
    value = `**${requirementLabel(r)}** (${here ? '' : `${fileName(found.doc.uri)} `}line ${r.span.start.line}): ${r.text}\n\n${where}`;
  } else if (target.kind === 'requirement' || target.kind === 'requirement-unknown') {
    value = `**${target.kind === 'requirement' ? target.requirement.id : target.id}** is not defined in this plan${doc.set ? ' or its plan set' : ''}`;
  } else if (target.kind === 'task') {
    const found = findTask(doc, target.id);
    const where = found && found.doc !== doc ? `${fileName(found.doc.uri)} ` : '';
    value = found?.task ? `**${target.id}** (${where}line ${found.def.span.start.line}): ${found.task.text}${found.task.checked ? ' ✔' : ''}` : `**${target.id}** is not defined in this plan`;
  } else {
    const s = target.stage;
    value = `**${s.title}** (line ${s.headingSpan.start.line})\n\n${stageHealthLine(plan, healthOf(doc, plan), s)}`;
  }
  return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(target.span) };
}

/** `textDocument/definition`. */
export function definition(doc: AnalyzedDocument, position: Position): Location | null {
  const plan = doc.analysis.plan;
  const index = plan && indexOf(doc, plan);
  const target = plan && index && targetAt(plan, index, position);
  if (!plan || !index || !target) return null;
  if (target.kind === 'requirement' || target.kind === 'requirement-unknown') {
    const found = requirementAt(doc, position);
    return found ? { uri: found.doc.uri, range: toRange(found.requirement.idSpan) } : null;
  }
  if (target.kind === 'stage') return { uri: doc.uri, range: toRange(target.stage.headingSpan) };
  if (target.kind === 'task') {
    const found = findTask(doc, target.id);
    return found ? { uri: found.doc.uri, range: toRange(found.def.span) } : null;
  }
  return null;
}

/** `textDocument/references`. */
export function references(doc: AnalyzedDocument, position: Position, includeDeclaration: boolean): Location[] {
  const plan = doc.analysis.plan;
  const index = plan && indexOf(doc, plan);
  const target = plan && index && targetAt(plan, index, position);
  if (!plan || !index || !target) return [];
  let spans: Span[] = [];
  if (target.kind === 'requirement' || target.kind === 'requirement-unknown') {
    const found = requirementAt(doc, position);
    if (!found) return [];
    return [...(includeDeclaration ? [{ uri: found.doc.uri, range: toRange(found.requirement.idSpan) }] : []), ...setCoverage(found).refs];
  } else if (target.kind === 'task') {
    // In every file of the set, the defining file first.
    const found = findTask(doc, target.id);
    const members = membersOf(doc).sort((a, b) => Number(b.doc === found?.doc) - Number(a.doc === found?.doc));
    return members.flatMap((m) =>
      taskOccurrences(m.plan, indexOf(m.doc, m.plan), target.id)
        .filter((s) => includeDeclaration || m.doc !== found?.doc || s.start.line !== found.def.span.start.line)
        .map((s) => ({ uri: m.doc.uri, range: toRange(s) })),
    );
  } else if (target.kind === 'stage') {
    spans = [...(includeDeclaration ? [target.stage.headingSpan] : []), ...plan.stageReferences.filter((r) => r.key === target.stage.key).map((r) => r.span)];
  }
  return spans.map((s) => ({ uri: doc.uri, range: toRange(s) }));
}

/** `textDocument/completion`: known requirement and task IDs for the ID being typed. */
export function completion(doc: AnalyzedDocument, position: Position): CompletionItem[] {
  const plan = doc.analysis.plan;
  if (!plan) return [];
  const offset = toOffset(plan.lines, position);
  const before = plan.text.slice(plan.lines.lineStart(position.line + 1), offset);
  const prefix = /[A-Z][A-Z0-9-]*$/.exec(before)?.[0] ?? '';
  if (!prefix) return [];
  const range: Range = offsetsToRange(plan.lines, offset - prefix.length, offset);
  const items: CompletionItem[] = [];
  const offered = new Set<string>();
  for (const m of membersOf(doc)) {
    for (const r of m.plan.requirements) {
      if (r.family === 'kiro' || !r.id.startsWith(prefix) || offered.has(r.id)) continue;
      offered.add(r.id);
      items.push({ label: r.id, kind: CompletionItemKind.Reference, detail: m.doc === doc ? r.text : `${r.text} (${fileName(m.doc.uri)})`, textEdit: { range, newText: r.id } });
    }
  }
  const index = indexOf(doc, plan);
  for (const d of plan.idDefinitions) {
    if (d.kind !== 'task' || !d.id.startsWith(prefix)) continue;
    const task = index.taskStartingAt(d.span.start.offset);
    items.push({ label: d.id, kind: CompletionItemKind.Event, detail: task?.text, textEdit: { range, newText: d.id } });
  }
  return items;
}

/** `textDocument/codeLens`: coverage on each requirement. */
export function codeLenses(doc: AnalyzedDocument): CodeLens[] {
  const plan = doc.analysis.plan;
  if (!plan || !isPlanLike(doc)) return [];
  const index = indexOf(doc, plan);
  return plan.requirements.map((r) => {
    const { refs, stages, tasks } = index.coverage(r);
    const stageNames = stages.map((s) => s.title.split(':')[0]!.trim());
    const elsewhere = doc.set ? setCoverage({ doc, plan, requirement: r }).files.filter((f) => f.uri !== doc.uri) : [];
    const names = [...stageNames, ...elsewhere.map((f) => f.name)].join(', ');
    const count = tasks + elsewhere.reduce((n, f) => n + f.tasks, 0);
    const title = stageNames.length + elsewhere.length === 0 ? (refs.length ? 'referenced outside any stage' : 'not covered') : count ? `covered by ${count} task${count === 1 ? '' : 's'} in ${names}` : `covered in ${names}`;
    return { range: toRange(r.idSpan), command: { title, command: '' } };
  });
}

/** `textDocument/documentSymbol`: stages with their tasks, then requirements, risks and gates. */
export function documentSymbols(doc: AnalyzedDocument): DocumentSymbol[] {
  const plan = doc.analysis.plan;
  if (!plan) return [];
  const out: DocumentSymbol[] = [];
  const group = (name: string, kind: SymbolKind, children: DocumentSymbol[]) => {
    if (children.length === 0) return;
    const start = children[0]!.range.start;
    const end = children[children.length - 1]!.range.end;
    out.push({ name, kind, range: { start, end }, selectionRange: { start, end: start }, children });
  };
  // Nested stages are children of the stage they are nested in; a task is listed under its innermost stage.
  const symbols = new Map<number, DocumentSymbol>();
  plan.stages.forEach((stage, i) => {
    if (stage.source === 'implicit') return;
    const children: DocumentSymbol[] = stage.tasks
      .filter((t) => stageAt(plan.stages, t.span.start.offset) === stage)
      .map((t) => ({
        name: t.text || '(empty task)',
        detail: t.checked === true ? 'done' : t.checked === false ? 'open' : undefined,
        kind: SymbolKind.Event,
        range: toRange(t.span),
        selectionRange: toRange(t.span),
      }));
    const symbol: DocumentSymbol = {
      name: stage.title || '(untitled stage)',
      detail: stage.kind,
      kind: SymbolKind.Module,
      range: offsetsToRange(plan.lines, stage.start, stage.end),
      selectionRange: toRange(stage.headingSpan),
      children,
    };
    symbols.set(i, symbol);
    const parent = stage.parent === undefined ? undefined : symbols.get(stage.parent);
    if (parent) parent.children!.push(symbol);
    else out.push(symbol);
  });
  group(
    'Requirements',
    SymbolKind.Namespace,
    plan.requirements.map((r) => ({ name: r.family === 'kiro' ? `Requirement ${r.id}` : r.id, detail: r.text, kind: SymbolKind.Key, range: offsetsToRange(plan.lines, r.start, Math.max(r.start, Math.min(r.end, plan.lines.lineEnd(r.span.start.line)))), selectionRange: toRange(r.idSpan) })),
  );
  group('Risks', SymbolKind.Namespace, plan.risks.map((r) => ({ name: r.text || '(risk)', detail: r.hasMitigation ? 'mitigated' : 'no mitigation', kind: SymbolKind.Event, range: toRange(r.span), selectionRange: toRange(r.span) })));
  group('CI gates', SymbolKind.Namespace, plan.gates.map((g) => ({ name: g.text || '(gate)', kind: SymbolKind.Boolean, range: toRange(g.span), selectionRange: toRange(g.span) })));
  return out;
}

/** Diagnostics of the analysis. */
export function diagnostics(doc: AnalyzedDocument): Diagnostic[] {
  const plan = doc.analysis.plan;
  if (!plan) return [];
  return doc.analysis.findings.map((f) => toDiagnostic(f, plan.lines, doc.uri, doc.version));
}

/** `planlint/score`. */
export function scoreResult(doc: AnalyzedDocument): ScoreResult {
  const { analysis } = doc;
  return {
    uri: doc.uri,
    version: doc.version,
    isPlan: analysis.isPlan,
    score: analysis.score ?? null,
    findings: analysis.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, range: toRange(f.span) })),
  };
}

/** `planlint/outline`: stages with health, tasks and requirements with coverage. */
export function outlineResult(doc: AnalyzedDocument): OutlineResult | null {
  const { analysis } = doc;
  const plan = analysis.plan;
  if (!plan || !isPlanLike(doc)) return null;
  const present = (e: { span: Span; text: string } | undefined) => (e ? { present: true, range: toRange(e.span), detail: e.text } : { present: false });
  const index = indexOf(doc, plan);
  const health = healthOf(doc, plan);
  const named = plan.stages.some((s) => s.source !== 'implicit');
  return {
    uri: doc.uri,
    version: doc.version,
    title: plan.title?.text ?? 'Plan',
    score: analysis.score?.total ?? 0,
    stages: plan.stages.map((s) => {
      const flagged = health.itemFindings(s);
      const findings = s.source === 'implicit' ? analysis.findings.length : health.stageCount(s);
      const worst = stageWorst(health, analysis.findings, s);
      const tests = s.tests && !s.tests.tbd ? s.tests : plan.planTests;
      const withFinding = <T extends object>(item: T, f: HealthFinding | undefined): T => (f ? { ...item, finding: f } : item);
      return {
        title: s.title,
        kind: s.kind,
        range: offsetsToRange(plan.lines, s.start, s.end),
        selectionRange: toRange(s.headingSpan),
        health: {
          dod: withFinding(present(stageDod(plan, s)), flagged.dod),
          tests: withFinding(present(tests), flagged.tests),
          rollback: withFinding({ ...present(s.rollback ?? (s.changesRunningSystem && stageHasRollback(plan, s) ? plan.planRollback : undefined)), present: !s.changesRunningSystem || stageHasRollback(plan, s), needed: s.changesRunningSystem }, flagged.rollback),
          owner: withFinding(s.owner ? present(s.owner) : plan.owner ? { present: true, detail: plan.owner } : { present: false }, flagged.owner),
          findings,
          ...(worst ? { worst } : {}),
        },
        tasks: s.tasks.map((t) => ({ title: t.text, checked: t.checked, ...(t.id ? { id: t.id } : {}), range: toRange(t.span) })),
      };
    }),
    sections: named ? [] : mainSections(plan, health),
    requirements: plan.requirements.map((r) => {
      const { refs, stages } = index.coverage(r);
      // Across a plan set, the other files that reference it are named after the stages.
      const elsewhere = doc.set ? setCoverage({ doc, plan, requirement: r }).files.filter((f) => f.uri !== doc.uri) : [];
      return { id: requirementLabel(r), text: r.text, covered: refs.length + elsewhere.length > 0, coveredBy: [...stages.map((s) => s.title), ...elsewhere.map((f) => f.name)], range: toRange(r.idSpan) };
    }),
    ...(doc.set ? { set: { files: [doc, ...doc.set].map((d) => ({ uri: d.uri, name: fileName(d.uri), isPlan: d.analysis.isPlan })) } } : {}),
  };
}
