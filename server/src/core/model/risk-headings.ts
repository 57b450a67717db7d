import type { ParsedDocument } from '../parse.js';
import type { Outline } from './headings.js';
import { firstLineSpan, plain, spanOf } from './mdast.js';
import type { Risk } from './plan.js';
import { MITIGATION, MITIGATION_LABEL, textMitigates } from './risks-gates.js';
import { unfilled } from './unfilled.js';

/** A risks heading that lists risks: it names risks (not only drawbacks or contingency plans). */
const RISK_WORD = /risk|riesgo|风险|風險|リスク/i;
/** Sub-headings of a risks section that are not risks themselves. */
const NOT_A_RISK = /^(?:mitigations?\b|contingenc|responses?\b|summary\b|overview\b|notes?\b|likelihood\b|impact\b|assessment\b|monitoring\b|risk\s+(?:matrix|summary|overview|levels?|scoring|register)\b|缓解|対策|mitigaci)/i;
/** The section accepts the risk instead of mitigating it. */
const ACCEPTANCE = /\baccept(?:ed|able)?\s+(?:the\s+|this\s+)?risk|\brisk\s+is\s+(?:minimal|low|acceptable)|\bnot\s+(?:much|a)\s+(?:risk|concern|problem)|\bnot\s+likely\b/i;

/**
 * Risks written as sub-headings: each direct child heading of a risks heading (one that names
 * risks and is not a Drawbacks heading) is one risk, when its own content is prose. A child
 * whose content holds a list or table is a group of risks (its items and rows are read by the
 * section walk); a child titled Mitigations, Contingency, Summary... is not a risk, and when a
 * risks heading has a Mitigations child, its risks are mitigated there. Prose before the first
 * child is not a risk.
 *
 * A risk's span runs from its heading to the end of its first paragraph; it is mitigated when
 * its section (deeper headings included, HTML comments not) has a mitigation word or label, or
 * accepts the risk ("the risk is minimal", "not likely").
 *
 * @returns the heading risks in document order
 */
export function findHeadingRisks(doc: ParsedDocument, outline: Outline): Risk[] {
  const { headings, nodes, locals, inheritedKinds } = outline;
  const { root, text } = doc;
  const risks: Risk[] = [];
  headings.forEach((parent, i) => {
    const local = locals[i]!;
    if (!local.kinds.has('risks') || inheritedKinds[i]!.has('drawbacks') || !RISK_WORD.test(local.text)) return;
    const children: number[] = [];
    for (let j = i + 1; j < headings.length && headings[j]!.span.start.offset < parent.sectionEnd; j++) {
      if (headings[j]!.sectionEnd <= parent.sectionEnd && !children.some((c) => headings[j]!.span.start.offset < headings[c]!.sectionEnd)) children.push(j);
    }
    const title = (j: number) => locals[j]!.text.replace(/^\d+(?:\.\d+)*[.)]?\s+/, '');
    if (children.some((j) => /^(?:mitigations?|contingenc|缓解|対策|mitigaci)/i.test(title(j)))) return;
    for (const j of children) {
      if (locals[j]!.kinds.size > 0 || NOT_A_RISK.test(title(j))) continue;
      const heading = headings[j]!;
      const from = nodes[j]!.index + 1;
      const to = j + 1 < nodes.length ? nodes[j + 1]!.index : root.children.length;
      const content = root.children.slice(from, to);
      const paragraph = content.find((n) => n.type === 'paragraph');
      if (!paragraph || content.some((n) => n.type === 'list' || n.type === 'table')) continue;
      const section = text.slice(heading.span.start.offset, heading.sectionEnd).replace(/<!--[\s\S]*?(?:-->|$)/g, ' ');
      risks.push({
        text: heading.text,
        span: { start: heading.span.start, end: spanOf(paragraph).end },
        id: undefined,
        hasMitigation: MITIGATION.test(section) || MITIGATION_LABEL.test(section) || ACCEPTANCE.test(section),
        emptyFields: [],
        drawback: false,
      });
    }
  });
  return risks;
}

/** A lead-in paragraph ("The main risks are:"), not a risk. */
const LEAD_IN = /[:：]\s*$/;

/**
 * Risks written as prose (spec v2, Risks: "prose under a Risks heading counts as risks, one per
 * paragraph"): each paragraph of a risks or drawbacks heading whose section holds no list, no
 * table and no sub-heading (those are read as items, rows and heading risks). A lead-in ending
 * in a colon, and an unfilled paragraph (TBD/N/A, template slots, questions or guidance for the
 * author), is not a risk. Under
 * Drawbacks the paragraphs are accepted costs (`drawback`). Mitigated as a list item is
 * ({@link textMitigates}), or when it accepts the risk.
 *
 * @returns the prose risks in document order
 */
export function findProseRisks(doc: ParsedDocument, outline: Outline): Risk[] {
  const { headings, nodes, locals, inheritedKinds } = outline;
  const { root, lines } = doc;
  const risks: Risk[] = [];
  headings.forEach((h, i) => {
    const kinds = locals[i]!.kinds;
    if (!kinds.has('risks') && !kinds.has('drawbacks')) return;
    if (h.contentEnd !== h.sectionEnd) return; // sub-headings: heading risks or groups
    const from = nodes[i]!.index + 1;
    const to = i + 1 < nodes.length ? nodes[i + 1]!.index : root.children.length;
    const content = root.children.slice(from, to);
    if (content.some((n) => n.type === 'list' || n.type === 'table')) return;
    const drawback = kinds.has('drawbacks') || inheritedKinds[i]!.has('drawbacks');
    for (const node of content) {
      if (node.type !== 'paragraph') continue;
      const own = plain(node).replace(/\s+/g, ' ').trim();
      const span = spanOf(node);
      // Not a risk: a lead-in, or a paragraph that is unfilled (TBD, slots, questions and guidance for the author).
      if (own === '' || LEAD_IN.test(own) || unfilled(doc.text, span.start.offset, span.end.offset)) continue;
      risks.push({
        text: own.length > 80 ? `${own.slice(0, 77)}...` : own,
        span: firstLineSpan(lines, span),
        id: undefined,
        hasMitigation: textMitigates(own) || ACCEPTANCE.test(own),
        emptyFields: [],
        drawback,
      });
    }
  });
  return risks;
}

/** `risks` (list items and table rows), the heading risks and the prose risks of `doc`, in document order. */
export function withHeadingRisks(risks: Risk[], doc: ParsedDocument, outline: Outline): Risk[] {
  const fromHeadings = [...findHeadingRisks(doc, outline), ...findProseRisks(doc, outline)];
  return fromHeadings.length === 0 ? risks : [...risks, ...fromHeadings].sort((a, b) => a.span.start.offset - b.span.start.offset);
}
