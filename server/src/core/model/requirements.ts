import type { RootContent, TableRow } from 'mdast';
import type { ParsedDocument } from '../parse.js';
import type { LineIndex, Span } from '../text.js';
import type { VocabularyMatchers } from '../vocabulary.js';
import type { Outline } from './headings.js';
import { firstLineSpan, plain, spanOf } from './mdast.js';
import { DIGIT, STAGE_REF } from './patterns.js';
import type { Requirement } from './plan.js';
import type { BlockContext, WalkContext } from './section-walk.js';

const KIRO_REQUIREMENT = /^(?:requirement|requisito|requerimiento)\s+(\d+)\b/i;
/** Table headers of traceability tables, which reference requirements instead of defining them. */
const TRACE_HEADER = /\b(?:task|tasks|stage|phase|covered|coverage|implement\w*|trace\w*|mapped|story|stories|tests?|verified\s+by)\b/i;

/** What reading a requirement definition needs: the document text, its lines and the vocabulary. */
export interface RequirementSource {
  text: string;
  lines: LineIndex;
  vocab: VocabularyMatchers;
}

/**
 * Per requirement ID pattern, compiled once: an ID opening a definition (group 1 the ID, group 2
 * the rest of the block) and a table cell that is only an ID.
 */
const idPatterns = new WeakMap<RegExp, { definition: RegExp; cell: RegExp }>();

function patternsOf(requirementId: RegExp): { definition: RegExp; cell: RegExp } {
  let p = idPatterns.get(requirementId);
  if (!p) {
    p = {
      definition: new RegExp(`^(${requirementId.source})(?:\\]|\\*\\*|__|\`)?\\s*(?:[:：.)]|(?<=\\s)[—–-]\\s|\\|)\\s*(\\S.*)?`, 's'),
      cell: new RegExp(`^(${requirementId.source})$`),
    };
    idPatterns.set(requirementId, p);
  }
  return p;
}

/** The family of a requirement ID: its letters ("FR" of "FR-001"). */
export function familyOf(id: string): string {
  return /^[A-Z]+/.exec(id)?.[0] ?? id;
}

/** Offset of `id` in the source slice of its definition (0 when absent). */
function textValueOffset(source: string, id: string): number {
  return Math.max(0, source.indexOf(id));
}

/**
 * Pushes onto `into` the requirement that `textValue` (a block's plain text) defines when it
 * starts with an ID followed by a separator and at least two words ("FR-1: Users can …"). The
 * definition covers the 0-based offsets `[start, end)`; `span` is the block's.
 */
/** A restatement of a requirement defined elsewhere: a verdict, a change or a pointer. */
const VERDICT = /^(?:verified|covered|implemented|done|tested|passed|passes|met|satisfied|changed|updated|clarified|resolved|renamed|removed|deferred|moved|see|cf\.|→|->)\b/i;

export function defineRequirementAt(src: RequirementSource, into: Requirement[], textValue: string, start: number, end: number, span: Span): void {
  const { text, lines, vocab } = src;
  // Every requirement ID has a digit: most blocks have none and define nothing.
  if (!DIGIT.test(textValue)) return;
  const cleaned = textValue.replace(/^[\s*_`[]+/, '');
  const m = patternsOf(vocab.requirementId).definition.exec(cleaned);
  if (!m) return;
  const rest = (m[2] ?? '').split('\n')[0]!.trim();
  // "FR-001: verified by T001", "FR-002: changed to 30 days" restate a requirement with a verdict or a change.
  if (VERDICT.test(rest.replace(/^[*_`]+/, ''))) return;
  // "FR-001: T001, T002" maps an ID to its tasks: a reference, not a definition.
  const stripped = rest.replace(vocab.requirementId, ' ').replace(/\b(?:T\d{2,}|TASK-\d+)\b/g, ' ').replace(STAGE_REF, ' ');
  const words = stripped.match(/\p{L}{2,}/gu) ?? [];
  // Scripts written without spaces (Chinese, Japanese, Korean) count as text too.
  if (words.length < 2 && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]{2,}/u.test(stripped)) return;
  const at = start + textValueOffset(text.slice(start, end), m[1]!);
  into.push({ id: m[1]!, family: familyOf(m[1]!), text: rest, span: firstLineSpan(lines, span), idSpan: lines.span(at, at + m[1]!.length), start, end, criteria: [] });
}

/**
 * Requirements defined by headings, in heading order: "FR-1: …" headings and Kiro
 * "Requirement 3" headings (whose criteria are the items of the ordered lists in their
 * section, numbered "3.1", "3.2", …). Each definition spans the heading's section.
 */
export function headingRequirements(doc: ParsedDocument, outline: Outline, vocab: VocabularyMatchers): Requirement[] {
  const { root } = doc;
  const requirements: Requirement[] = [];
  const src: RequirementSource = { text: doc.text, lines: doc.lines, vocab };
  outline.nodes.forEach(({ node, index }, hi) => {
    const h = outline.headings[hi]!;
    defineRequirementAt(src, requirements, plain(node), h.span.start.offset, h.sectionEnd, h.span);
    const kiro = KIRO_REQUIREMENT.exec(h.text);
    if (kiro) {
      const crit: string[] = [];
      let n = 0;
      for (let j = index + 1; j < root.children.length; j++) {
        const c = root.children[j]!;
        if ((c.position?.start.offset ?? 0) >= h.sectionEnd) break;
        if (c.type === 'list' && c.ordered) for (const _ of c.children) crit.push(`${kiro[1]}.${++n}`);
      }
      requirements.push({ id: kiro[1]!, family: 'kiro', text: h.text, span: h.span, idSpan: h.span, start: h.span.start.offset, end: h.sectionEnd, criteria: crit });
    }
  });
  return requirements;
}

/**
 * Requirements defined by a top-level block: a paragraph, or the items of a list (not
 * checkboxes), and the items of lists nested in them in risk and requirement sections.
 */
export function blockRequirements(ctx: WalkContext, node: RootContent, block: BlockContext, kinds: ReadonlySet<string>): void {
  const into = ctx.out.requirements;
  // IDs in a risk section name risks ("R1: egress costs spike"); IDs in an acceptance or DoD
  // section that is not also a requirements section check requirements defined elsewhere.
  if (block.risk || (kinds.has('dod') && !kinds.has('requirements'))) return;
  if (node.type === 'list') {
    for (const item of node.children) {
      const s = spanOf(item);
      const first = item.children[0];
      if (first?.type === 'paragraph' && typeof item.checked !== 'boolean') defineRequirementAt(ctx, into, plain(first), s.start.offset, s.end.offset, s);
      // Nested definition lists (e.g. "- Functional:\n  - FR-1: ...")
      for (const c of item.children) {
        if (c.type !== 'list') continue;
        for (const sub of c.children) {
          const sf = sub.children[0];
          const ss = spanOf(sub);
          if (sf?.type === 'paragraph' && typeof sub.checked !== 'boolean' && (block.risk || kinds.has('requirements'))) defineRequirementAt(ctx, into, plain(sf), ss.start.offset, ss.end.offset, ss);
        }
      }
    }
  }
  if (node.type === 'paragraph') {
    const s = spanOf(node);
    defineRequirementAt(ctx, into, plain(node), s.start.offset, s.end.offset, s);
  }
}

/**
 * Requirements defined by table rows whose first cell is an ID, unless the table traces
 * requirements to tasks or stages (`lower`: the header cells, lower-cased, without emphasis).
 */
export function requirementRows(ctx: WalkContext, lower: string[], rows: TableRow[], cellsOf: (row: TableRow) => string[]): void {
  const { out, text, lines, vocab } = ctx;
  const defines = !lower.some((h) => TRACE_HEADER.test(h)) || /^(?:id|req(?:uirement)?s?(?:\s+id)?|#)$/.test(lower[0] ?? '') && !lower.slice(1).some((h) => /\b(?:tasks?|stages?|phases?|covered|implemented)\b/.test(h));
  for (const row of rows) {
    const first = row.children[0];
    if (!first) continue;
    const cellText = plain(first).trim().replace(/[*_`]/g, '');
    const m = patternsOf(vocab.requirementId).cell.exec(cellText);
    if (m && defines) {
      const s = spanOf(row);
      const cell = spanOf(first);
      const at = cell.start.offset + textValueOffset(text.slice(cell.start.offset, cell.end.offset), m[1]!);
      out.requirements.push({ id: m[1]!, family: familyOf(m[1]!), text: cellsOf(row).slice(1).join(' ').trim(), span: s, idSpan: lines.span(at, at + m[1]!.length), start: s.start.offset, end: s.end.offset, criteria: [] });
    }
  }
}

/** Requirement IDs in `raw`, source text starting at the 0-based offset `base`: candidate references. */
export function collectIds(ctx: WalkContext, raw: string, base: number): void {
  const { out, lines, vocab } = ctx;
  if (!DIGIT.test(raw)) return; // every ID has a digit
  vocab.requirementId.lastIndex = 0;
  const ids = [...raw.matchAll(vocab.requirementId)];
  for (const m of ids) {
    const offset = base + (m.index ?? 0);
    out.refCandidates.push({ id: m[0], family: familyOf(m[0]), offset, span: lines.span(offset, offset + m[0].length) });
  }
  // A range references every ID in it (spec v2, "Decisions"): "FR-001 to FR-005", "SC-001..SC-004".
  for (let i = 0; i + 1 < ids.length; i++) {
    const a = ids[i]!;
    const b = ids[i + 1]!;
    const between = raw.slice((a.index ?? 0) + a[0].length, b.index ?? 0);
    if (!RANGE_JOIN.test(between)) continue;
    const from = trailingNumber(a[0]);
    const to = trailingNumber(b[0]);
    if (!from || !to || from[1] !== to[1]) continue;
    const [lo, hi] = [Number(from[2]), Number(to[2])];
    if (hi <= lo + 1 || hi - lo > 200) continue;
    const offset = base + (a.index ?? 0);
    const span = lines.span(offset, base + (b.index ?? 0) + b[0].length);
    for (let n = lo + 1; n < hi; n++) {
      const id = `${from[1]}${String(n).padStart(from[2]!.length, '0')}`;
      out.refCandidates.push({ id, family: familyOf(id), offset, span, inRange: true });
    }
  }
}

/** What joins the two ends of an ID range: a dash, "..", "to", "through". */
const RANGE_JOIN = /^\s*(?:-|–|—|\.\.\.?|to|through|thru)\s*$/i;

/** `id` split before its trailing digits ("FR-012" → "FR-", "012"), read from the end: undefined without them. */
function trailingNumber(id: string): [whole: string, head: string, digits: string] | undefined {
  let i = id.length;
  while (i > 0 && id.charCodeAt(i - 1) >= 48 && id.charCodeAt(i - 1) <= 57) i--;
  return i < id.length ? [id, id.slice(0, i), id.slice(i)] : undefined;
}
