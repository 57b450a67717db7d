import * as z from 'zod';
import { defineRule } from '../rule.js';
import { risksSuggestion } from '../suggest/sections.js';

export default defineRule({
  id: 'missing-risks',
  title: 'Non-trivial plans name their risks',
  rationale: 'A plan of several stages, or one that touches production, has failure modes. Writing them down with mitigations is cheaper than discovering them.',
  defaultSeverity: 'info',
  fixable: false,
  suggests: true,
  options: z.strictObject({ minStages: z.number().int().min(1).default(3) }),
  messages: {
    missing: 'Plan has {reason} but no risks section; expected a Risks section or risk table with mitigations',
    unfilled: 'Plan has {reason} but its risks section says nothing yet; expected the risks themselves, each with a mitigation',
  },
  notes: [
    'Risks sections, by heading: Risks, Risk Register, Risks and Mitigations, Risk Mitigation, Risk Assessment, Known risks, Drawbacks, Contingency Plans (or Contingencies), and the language packs\' terms (风险, リスク, Riesgos); a risk table or risk items anywhere count too.',
    'Applies to a plan with at least `minStages` (3) stages, not counting the implicit one, or a stage that changes a running system (as missing-rollback decides).',
    'Content, not presence: a Risks heading whose section is empty, TBD or only unfilled slots is no risks section; the finding says it is unfilled.',
    'Suggestion, never applied by `--fix` or fix-all: a Risks section at the end of the plan with one risk to confirm for each stage that changes a running system (at most three), its mitigation the way back (the undo commands missing-rollback seeds). Each seeded value is a slot, `TBC: …` to confirm or `TBD` to write (a tab stop where the editor supports snippets): a slot left as it is says nothing, so the finding stays open as unfilled and the score does not rise.',
  ],
  *check({ plan, options }) {
    if (plan.riskSection || plan.risks.length > 0) return;
    const stages = plan.stages.filter((s) => s.source !== 'implicit');
    const changing = plan.stages.some((s) => s.changesRunningSystem);
    let reason: string | undefined;
    if (stages.length >= options.minStages) reason = `${stages.length} stages`;
    else if (changing) reason = 'a deploy or migration';
    if (!reason) return;
    if (plan.unfilledRiskSection) {
      yield { messageId: 'unfilled', data: { reason }, span: plan.titleSpan };
      return;
    }
    const suggestion = risksSuggestion(plan);
    yield { messageId: 'missing', data: { reason }, span: plan.titleSpan, ...(suggestion ? { suggestions: [suggestion] } : {}) };
  },
});
