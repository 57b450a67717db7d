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
    'A stage is checked when it changes a running system (as missing-rollback decides) and its own words say production: its title, or production, prod, live traffic, go-live, canary, cutover or customers in its prose, or a deploy command aimed at production in its code (`--env production`, `--prod`). A deploy word alone is not production.',
    'The stage right after a deploy stage checks it when it is a verification stage ("Step 12: Post-Deployment Verification") or only watches ("Phase 3: Bake and observe" with thresholds, dashboards or monitoring tools such as Grafana, Datadog or Sentry); a nested stage inherits its parent\'s health check.',
    'A health check inside the stage: health checks, smoke tests, `healthz`/`readyz`, error rate, latency, SLO, p95, monitoring, dashboards or alerts; a Monitoring, Observability or Verification heading.',
    'A filled Verification list after a deploy counts: a `**Verification**:` (or Post-deployment verification, Verification checklist) label followed by a list or a value.',
    'A plan-level Monitoring / Observability / Health Checks / Smoke Tests / Alerting / Verification section outside every stage, or a stage titled Health Checks, Smoke Tests, Monitoring or Observability ("Step 11: Health Checks"), satisfies every stage.',
  ],
  *check({ plan }) {
    if (plan.planHealthCheck) return;
    for (const stage of plan.stages) {
      if (!stage.changesRunningSystem || !stage.production || stage.healthCheck) continue;
      yield { messageId: 'missing', data: { stage: stage.title }, span: stage.headingSpan };
    }
  },
});
