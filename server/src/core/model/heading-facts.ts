import type { Span } from '../text.js';
import { addFact, type FactMap } from './facts.js';
import type { Outline } from './headings.js';
import { unfilled } from './unfilled.js';

const NO_KINDS: ReadonlySet<string> = new Set();

/**
 * What headings say: DoD, tests (or tests left TBD), rollback and health sections, owners,
 * estimates, done marks and production, in heading order; and the first filled risks heading
 * and the first unfilled one (spec v2: an unfilled section counts as absent).
 */
export function headingFacts(outline: Outline, text: string): { facts: FactMap; riskSection: Span | undefined; unfilledRiskSection: Span | undefined } {
  const facts: FactMap = new Map();
  let riskSection: Span | undefined;
  let unfilledRiskSection: Span | undefined;
  outline.headings.forEach((h, i) => {
    const local = outline.locals[i]!;
    // The title names the document, not a section of it ("# OpenShift Tests Extensions").
    const kinds = h === outline.title ? NO_KINDS : local.kinds;
    const extra = { sectionEnd: h.sectionEnd, fromHeading: true, explicit: true };
    // Whether the section says nothing: read once, when a kind asks.
    let empty: boolean | undefined;
    const isEmpty = () => (empty ??= unfilled(text, h.span.end.offset, h.sectionEnd));
    if (kinds.has('dod')) addFact(facts, isEmpty() ? 'dodTbd' : 'dod', h.span, h.text, extra);
    if (kinds.has('tests')) addFact(facts, isEmpty() ? 'testsTbd' : 'tests', h.span, h.text, { ...extra, explicit: kinds.has('testsSection') });
    if (kinds.has('rollback')) addFact(facts, isEmpty() ? 'rollbackTbd' : 'rollback', h.span, h.text, extra);
    if (kinds.has('health')) addFact(facts, 'health', h.span, h.text, extra);
    if (local.owner) addFact(facts, 'owner', h.span, local.owner);
    if (local.estimate) addFact(facts, 'estimate', h.span, local.estimate);
    if (local.done) addFact(facts, 'status', h.span, 'done');
    if (local.production) addFact(facts, 'production', h.span, h.text);
    if (kinds.has('risks')) {
      if (!isEmpty()) riskSection ??= h.span;
      else unfilledRiskSection ??= h.span;
    }
  });
  return { facts, riskSection, unfilledRiskSection };
}
