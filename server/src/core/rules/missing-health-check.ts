import * as z from 'zod';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'missing-health-check',
  title: 'Production changes say how health is checked',
  rationale: 'A production deploy with no health check, smoke test or watched threshold is only known to have failed when users say so.',
  defaultSeverity: 'warning',
  fixable: false,
  options: z.strictObject({}),
  messages: {
    missing: 'Stage "{stage}" changes production but names no health check; expected a health check, smoke test or monitored threshold (error rate, latency, SLO)',
  },
  notes: [
    'A stage changes production when it deploys, releases, cuts over or migrates and its title or text mentions production, prod, live traffic, canary, cutover or customers.',
    'A plan-level Monitoring / Observability / Health Checks / Smoke Tests section, or a dedicated stage of that name ("Step 11: Health Checks"), satisfies every stage.',
  ],
  *check({ plan }) {
    if (plan.planHealthCheck) return;
    for (const stage of plan.stages) {
      if (!stage.changesRunningSystem || !stage.production || stage.healthCheck) continue;
      yield { messageId: 'missing', data: { stage: stage.title }, span: stage.headingSpan };
    }
  },
});
