import type { Span } from '../text.js';
import { addFact, type FactMap } from './facts.js';
import type { Outline } from './headings.js';
import { isTbd } from './labels.js';

/**
 * What headings say: DoD, tests (or tests left TBD), rollback and health sections, owners,
 * estimates, done marks and production, in heading order; and the first risks heading.
 */
export function headingFacts(outline: Outline, text: string): { facts: FactMap; riskSection: Span | undefined } {
  const facts: FactMap = new Map();
  let riskSection: Span | undefined;
  outline.headings.forEach((h, i) => {
    const local = outline.locals[i]!;
    const kinds = local.kinds;
    const extra = { sectionEnd: h.sectionEnd, fromHeading: true };
    if (kinds.has('dod')) addFact(facts, 'dod', h.span, h.text, extra);
    if (kinds.has('tests')) {
      const body = text.slice(h.span.end.offset, h.contentEnd).trim();
      const onlyTbd = body.length > 0 && body.split('\n').every((l) => isTbd(l.replace(/^[-*+]\s+/, '')) || l.trim() === '');
      addFact(facts, onlyTbd ? 'testsTbd' : 'tests', h.span, h.text, extra);
    }
    if (kinds.has('rollback')) addFact(facts, 'rollback', h.span, h.text, extra);
    if (kinds.has('health')) addFact(facts, 'health', h.span, h.text, extra);
    if (local.owner) addFact(facts, 'owner', h.span, local.owner);
    if (local.estimate) addFact(facts, 'estimate', h.span, local.estimate);
    if (local.done) addFact(facts, 'status', h.span, 'done');
    if (local.production) addFact(facts, 'production', h.span, h.text);
    if (kinds.has('risks') && !riskSection) riskSection = h.span;
  });
  return { facts, riskSection };
}
