/**
 * Requirement and task IDs across the files of a plan set, for the LSP features: where an ID is
 * defined (in this file or another member), where it is referenced in every member, its
 * coverage for CodeLens and hover, and the rename of an ID in every member. A document in no
 * set is a set of one, so each function also answers for a single file.
 */
import { ErrorCodes, ResponseError, type Location, type Position, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { IdDefinition, Plan, Requirement, Span, Task } from '../core/index.js';
import { requirementIds } from '../core/score.js';
import { toRange } from './convert.js';
import { indexOf, targetAt, type AnalyzedDocument } from './features.js';
import type { Coverage } from './plan-index.js';

/** A requirement with the member of the set that defines it. */
export interface SetRequirement {
  doc: AnalyzedDocument;
  plan: Plan;
  requirement: Requirement;
}

/** `doc` and the other members of its plan set, each with a plan. */
export function membersOf(doc: AnalyzedDocument): Array<{ doc: AnalyzedDocument; plan: Plan }> {
  return [doc, ...(doc.set ?? [])].flatMap((d) => (d.analysis.plan ? [{ doc: d, plan: d.analysis.plan }] : []));
}

/** The file name of a document URI, as messages name the files of a set. */
export function fileName(uri: string): string {
  const q = uri.search(/[?#]/);
  const p = q === -1 ? uri : uri.slice(0, q);
  return decodeURIComponent(p.slice(p.lastIndexOf('/') + 1));
}

/** The first member (this document first) that defines `id` of `family`. */
export function findRequirement(doc: AnalyzedDocument, family: string, id: string): SetRequirement | undefined {
  for (const m of membersOf(doc)) {
    const requirement = indexOf(m.doc, m.plan).requirementOf({ id, family });
    if (requirement) return { ...m, requirement };
  }
  return undefined;
}

/** The first member (this document first) that defines task `id`, with the task it starts. */
export function findTask(doc: AnalyzedDocument, id: string): { doc: AnalyzedDocument; plan: Plan; def: IdDefinition; task: Task | undefined } | undefined {
  for (const m of membersOf(doc)) {
    const index = indexOf(m.doc, m.plan);
    const def = index.taskDefinition(id);
    if (def) return { ...m, def, task: index.taskStartingAt(def.span.start.offset) };
  }
  return undefined;
}

/** The requirement named at `position` of `doc`, defined in `doc` or another member of its set. */
export function requirementAt(doc: AnalyzedDocument, position: Position): (SetRequirement & { span: Span }) | undefined {
  const plan = doc.analysis.plan;
  if (!plan) return undefined;
  const target = targetAt(plan, indexOf(doc, plan), position);
  if (target?.kind === 'requirement') return { doc, plan, requirement: target.requirement, span: target.span };
  if (target?.kind === 'requirement-unknown') {
    const found = findRequirement(doc, target.family, target.id);
    return found && { ...found, span: target.span };
  }
  return undefined;
}

/** Coverage of a requirement across its set: references per member, stages and tasks holding them. */
export interface SetCoverage {
  /** Every reference outside the definition, the defining file's first. */
  refs: Location[];
  /** Per member with references: its file name, the named stages holding them, and how many tasks. */
  files: Array<{ uri: string; name: string; stages: string[]; tasks: number }>;
  /** Distinct tasks holding a reference, over every member. */
  tasks: number;
}

/** The coverage of `found` in every member of its set. */
export function setCoverage(found: SetRequirement): SetCoverage {
  const { requirement: r } = found;
  const ids = requirementIds(r);
  const out: SetCoverage = { refs: [], files: [], tasks: 0 };
  for (const m of membersOf(found.doc)) {
    const index = indexOf(m.doc, m.plan);
    const c = m.doc === found.doc ? index.coverage(r) : index.coverageOf(r.family, ids);
    if (c.refs.length === 0) continue;
    out.refs.push(...c.refs.map((s) => ({ uri: m.doc.uri, range: toRange(s) })));
    out.files.push({ uri: m.doc.uri, name: fileName(m.doc.uri), stages: c.stages.map((s) => s.title), tasks: c.tasks });
    out.tasks += c.tasks;
  }
  return out;
}

/** Where a requirement is covered in a plan alone: its stages, with their lines. */
export function singleFileCoverage({ stages, tasks }: Coverage): string {
  return stages.length ? `Covered by ${tasks} task${tasks === 1 ? '' : 's'} in ${stages.map((s) => `${s.title} (line ${s.headingSpan.start.line})`).join(', ')}` : 'Not covered by any stage or task';
}

/** Where a requirement is covered across a plan set, as hover says it: "Covered by 3 tasks in tasks.md". */
export function coverageSentence(c: SetCoverage, uri: string): string {
  if (c.files.length === 0) return 'Not covered by any file of the plan set';
  const places = c.files.map((f) => (f.uri === uri && f.stages.length ? f.stages.join(', ') : f.name)).join(', ');
  return c.tasks ? `Covered by ${c.tasks} task${c.tasks === 1 ? '' : 's'} in ${places}` : `Referenced in ${places}`;
}

/** How a requirement is named to people: `FR-001`, `Requirement 3`. */
export function requirementLabel(r: Requirement): string {
  return r.family === 'kiro' ? `Requirement ${r.id}` : r.id;
}

/**
 * The ID under the cursor that rename can change, with its range: a requirement ID (not a Kiro
 * requirement, whose number is its position) or a task ID defined in the set. Undefined for
 * anything else, and for an ID only implied inside a range ("FR-002" of "FR-001 to FR-004").
 *
 * @throws ResponseError (InvalidRequest) for a Kiro requirement
 */
function renameTarget(doc: AnalyzedDocument, position: Position): { id: string; span: Span } | undefined {
  const plan = doc.analysis.plan;
  if (!plan) return undefined;
  const target = targetAt(plan, indexOf(doc, plan), position);
  if (target?.kind === 'task') return findTask(doc, target.id) ? { id: target.id, span: target.span } : undefined;
  const found = requirementAt(doc, position);
  if (!found) return undefined;
  if (found.requirement.family === 'kiro') throw new ResponseError(ErrorCodes.InvalidRequest, 'Kiro requirements are numbered by their position; renumber them in requirements.md');
  const text = plan.text.slice(found.span.start.offset, found.span.end.offset);
  return text === found.requirement.id ? { id: found.requirement.id, span: found.span } : undefined;
}

/**
 * `textDocument/prepareRename`: the range and text of the requirement or task ID under the
 * cursor, or null when there is none that can be renamed.
 *
 * @throws ResponseError (InvalidRequest) for a Kiro requirement
 */
export function prepareRename(doc: AnalyzedDocument, position: Position): { range: ReturnType<typeof toRange>; placeholder: string } | null {
  const target = renameTarget(doc, position);
  return target ? { range: toRange(target.span), placeholder: target.id } : null;
}

/** A new ID: one token of letters, digits, `-`, `_` and `.`, starting with a letter. */
const ID_TOKEN = /^[A-Za-z][\w.-]*$/;

/**
 * `textDocument/rename` of a requirement or task ID: every occurrence of the ID as a word,
 * outside code blocks, in every member of the set (its definition, references, the ends of
 * ranges).
 *
 * @throws ResponseError (InvalidParams) when `newName` is not an ID or already names an ID of the set
 */
export function rename(doc: AnalyzedDocument, position: Position, newName: string): WorkspaceEdit | null {
  const target = renameTarget(doc, position);
  if (!target) return null;
  if (!ID_TOKEN.test(newName)) throw new ResponseError(ErrorCodes.InvalidParams, `"${newName}" is not an ID; expected one word such as FR-010`);
  const oldId = target.id;
  if (newName === oldId) return { changes: {} };
  const changes: Record<string, TextEdit[]> = {};
  const word = (id: string) => new RegExp(`(?<![\\w-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-]|\\.\\d)`, 'g');
  for (const m of membersOf(doc)) {
    const index = indexOf(m.doc, m.plan);
    const taken = word(newName).exec(m.plan.text);
    if (taken && !index.inCode(taken.index)) {
      const at = m.plan.lines.span(taken.index, taken.index + newName.length).start;
      throw new ResponseError(ErrorCodes.InvalidParams, `${newName} is already used in ${fileName(m.doc.uri)} line ${at.line}; expected an ID the plan set does not use`);
    }
    const edits: TextEdit[] = [];
    for (const match of m.plan.text.matchAll(word(oldId))) {
      if (index.inCode(match.index)) continue;
      edits.push({ range: toRange(m.plan.lines.span(match.index, match.index + oldId.length)), newText: newName });
    }
    if (edits.length) changes[m.doc.uri] = edits;
  }
  return { changes };
}
