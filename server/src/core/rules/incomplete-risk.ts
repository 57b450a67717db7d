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
    'A list item counts as mitigated when it has nested items, a mitigation word (mitigate, fallback, monitor, rollback, feature flag...) or a clause after a separator (":", "—", "→").',
    'Items under a Drawbacks heading are accepted costs, not risks, and need no mitigation.',
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
