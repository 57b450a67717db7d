import * as z from 'zod';
import type { IdReference, Plan } from '../model/plan.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'unknown-reference',
  title: 'References point at things the plan defines',
  rationale: 'A reference to FR-009 when the plan stops at FR-006, or to a Stage 6 that does not exist, is a renumbering or copy-paste error that misleads every reader.',
  defaultSeverity: 'warning',
  fixable: false,
  options: z.strictObject({}),
  messages: {
    id: 'Reference to {id}, which this plan does not define; expected one of the defined {family} IDs',
    stage: 'Reference to {stage}, which this plan does not have; expected an existing stage',
    idInSet: 'Reference to {id}, which no file of its plan set ({files}) defines; expected one of the defined {family} IDs',
  },
  notes: [
    'An ID is checked only when the plan defines IDs of the same family (prefix): a tasks file that references FR-003 from a separate spec gets no finding.',
    'A reference to Phase 1 is known when the plan has Phase 1A or Phase 1.2 (a part of it), and the reverse.',
    'An ID on a line that names another document (a spec or feature number, a Markdown file or path, a link, "the parent spec") belongs to that document and is not checked.',
    'In a plan set (see docs/plan-sets.md: a spec-kit or Kiro feature folder linted together), IDs resolve across its files: a task citing `FR-012` or `_Requirements: 4.3_` is reported when no file of the set defines it and some file defines IDs of that family.',
    'Stage references are checked in explicit phrasing only ("see Stage 6", "depends on Phase 2", "after Step 3", dependency labels and columns), and only when the plan has numbered stages of that keyword: "Phase 4 (future work)" in passing prose is not a reference.',
  ],
  *check({ plan }) {
    const defined = new Set(plan.requirements.map((r) => `${r.family}:${r.id}`));
    for (const r of plan.requirements) for (const c of r.criteria) defined.add(`kiro:${c}`);
    const families = new Set(plan.requirements.map((r) => r.family));
    for (const ref of unknownIdReferences(plan, defined, families)) yield { messageId: 'id', data: idMessageData(ref), span: ref.span };
    const seen = new Set<string>();
    const keys = new Set(plan.stages.map((s) => s.key).filter((k): k is string => k !== undefined));
    const keywords = new Set([...keys].map((k) => k.split(' ')[0]));
    for (const ref of plan.stageReferences) {
      const keyword = ref.key.split(' ')[0];
      if (!keywords.has(keyword) || keys.has(ref.key) || [...keys].some((k) => isPartOf(k, ref.key) || isPartOf(ref.key, k) || rangeHas(k, ref.key))) continue;
      const key = `${ref.key}@${ref.span.start.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      yield { messageId: 'stage', data: { stage: ref.key.replace(/^\w/, (c) => c.toUpperCase()) }, span: ref.span };
    }
  },
});

/**
 * The references of `plan` to requirement IDs that `defined` (`family:id` keys) lacks, for the
 * families in `families`, once per ID and line: ranges (`FR-001 to FR-005`) and IDs on a line
 * that names another document ("spec 004 (its FR-007)", "see specs/003/spec.md FR-2") aside.
 * Used for the plan alone and, with the definitions of every file, for a plan set.
 */
export function unknownIdReferences(plan: Plan, defined: ReadonlySet<string>, families: ReadonlySet<string>): IdReference[] {
  const seen = new Set<string>();
  return plan.references.filter((ref) => {
    if (ref.inRange || !families.has(ref.family) || defined.has(`${ref.family}:${ref.id}`)) return false;
    if (namesOtherDocument(plan.lines.lineText(ref.span.start.line))) return false;
    const key = `${ref.id}@${ref.span.start.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The `{id}` and `{family}` of an unknown ID's message: a Kiro ID reads "requirement 3.1". */
export function idMessageData(ref: IdReference): { id: string; family: string } {
  return ref.family === 'kiro' ? { id: `requirement ${ref.id}`, family: 'requirement' } : { id: ref.id, family: ref.family };
}

/** A line that names another document: a spec or feature number, a Markdown file, a path, a link. */
export function namesOtherDocument(line: string): boolean {
  return OTHER_DOCUMENT.test(line);
}

const OTHER_DOCUMENT = /\b(?:spec|feature|epic|rfc|kep|adr)\s*(?:#\s*)?\d{2,}\b|(?<![\w./-])[./-]*\b[\w./-]+\.md\b|\]\(|\b(?:other|another|previous|parent|upstream)\s+(?:spec|plan|feature|document)\b/i;

/** `phase 1a` and `phase 1.2` are parts of `phase 1`. */
function isPartOf(part: string, whole: string): boolean {
  return part.startsWith(whole) && /^(?:\.\d|[a-z])/.test(part.slice(whole.length));
}

/** `day 1-10` contains `day 4`. */
function rangeHas(rangeKey: string, key: string): boolean {
  const r = /^(\w+) (\d+)-(\d+)$/.exec(rangeKey);
  const k = /^(\w+) (\d+)$/.exec(key);
  return !!r && !!k && r[1] === k[1] && Number(k[2]) >= Number(r[2]) && Number(k[2]) <= Number(r[3]);
}
