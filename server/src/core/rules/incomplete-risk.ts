import * as z from 'zod';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'incomplete-risk',
  title: 'Every risk has a mitigation and its register fields filled',
  rationale: 'A risk without a mitigation is a worry, not a plan; an empty owner or likelihood means nobody assessed it.',
  defaultSeverity: 'warning',
  fixable: false,
  options: z.strictObject({}),
  messages: {
    noMitigation: 'Risk "{risk}" has no mitigation; expected what will be done to prevent or absorb it',
    emptyFields: 'Risk "{risk}" leaves {fields} empty; expected every column of the risk register filled',
  },
  notes: [
    'In a table, a Mitigation column decides; blank, "-", "—", "TBD", "TBC" and "?" count as empty. Owner, Likelihood/Probability, Impact/Severity columns are checked when present.',
    'A list item counts as mitigated when it has nested items or more blocks, a mitigation word (mitigate, fallback, monitor, rollback, feature flag, "to prevent", "avoided by"...), an inline mitigation label ("Mitigation:", "Plan:", "Response:", "Solution:"), words after an arrow ("→", "->", "=>"), or text after the risk\'s name that says how it is handled. The name ends at a separator (colon, dash) or, without one, at the end of the first sentence; every sentence or clause after it is read, and one that starts with an action ("detect the charset and convert"), states a control in the passive or as a property ("misses are coalesced by a lock", "invalidated on every write", "capped at 10k", "covered by tests", "evicted LRU", "falls back to Postgres") or does not describe the risk counts as the mitigation. A description is a modal or a harm form only (might, may, could, can, must, would, "will be", becomes, causes, "leads to", "results in", "risk of"): "**Performance**: queries might be slower" alone is not a mitigation, and a passive under an uncertain modal or of a harm ("could be blocked by", "caused by") is not a control. A plain "is/are" says nothing either way.',
    '"Prevent" and "avoid" count only as an intent ("to prevent", "will avoid", "prevented by"): "a sidecar can prevent termination" states the risk.',
    'Risks written as sub-headings: each direct child heading of a risks heading is one risk when its own content is prose, reported on the heading (its range runs to the end of its first paragraph). It is mitigated when its section says so (a mitigation word or label) or accepts the risk ("the risk is minimal", "not likely"). A child holding a list or table is a group (its items and rows are the risks); children titled Mitigations, Contingency, Summary or Likelihood are not risks, and a Mitigations child covers its sibling risks. Prose before the first child is not a risk.',
    'Risk ratings ("Risk: Low", "Risk Level: HIGH") are not risks. Items and sub-headings under a Drawbacks heading are accepted costs, not risks, and need no mitigation.',
  ],
  *check({ plan }) {
    for (const risk of plan.risks) {
      const name = risk.text.length > 50 ? `${risk.text.slice(0, 47)}...` : risk.text;
      if (!risk.hasMitigation && !risk.drawback) {
        yield { messageId: 'noMitigation', data: { risk: name }, span: risk.span };
        continue;
      }
      const fields = risk.emptyFields.filter((f) => !/^mitigations?$/i.test(f));
      if (fields.length > 0) yield { messageId: 'emptyFields', data: { risk: name, fields: fields.join(', ') }, span: risk.span };
    }
  },
});
