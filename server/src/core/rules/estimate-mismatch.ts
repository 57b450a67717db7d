import * as z from 'zod';
import { stageAt } from '../model/stages.js';
import { defineRule } from '../rule.js';

const PARALLEL = /\b(?:in\s+parallel|run\s+concurrently|parallel\s+(?:tracks?|streams?|work(?:streams?)?|groups?))\b/i;

export default defineRule({
  id: 'estimate-mismatch',
  title: 'Stated totals match the stage estimates',
  rationale: 'A total that disagrees with its parts means one of them is stale, and the schedule built on it is wrong.',
  defaultSeverity: 'warning',
  fixable: false,
  options: z.strictObject({}),
  messages: {
    mismatch: 'Total "{total}" ({totalHours} h) differs from the sum of stage estimates ({sumHours} h); expected the total to equal the sum',
  },
  notes: [
    'Units: 1 week = 5 days, 1 day = 8 hours. Ranges ("2-3 days") are compared as ranges: a total is accepted when it overlaps the summed range.',
    'Compared only when every stage has an estimate (from the heading, "(2 days)", an Estimate/Duration/Effort label or column) and there are at least two: a partial sum proves nothing.',
    'Stages that run in parallel ("Tracks A and B run in parallel") do not add up: the rule stays silent. A total inside a stage that agrees with the stage\'s own estimate (a task table ending in Total) is that stage\'s subtotal and is not compared with the plan.',
    'Totals are "Total: N unit" lines and table rows whose first cell is Total.',
    'A plan-level duration label ("**Project Duration**: 2 months (9 weeks)", "Estimated effort:", "Overall timeline:") is a total only outside every heading stage; its first duration in hours, days or weeks is compared (months are not read). Inside a stage the same label is that stage\'s estimate.',
    'A stage table and the stage headings are one set of stages: a row\'s estimate fills the heading stage of the same number that has none, when the row names that stage\'s title.',
  ],
  *check({ plan }) {
    // Nested stages are parts of their parent's estimate: sum the outermost stages only.
    const stages = plan.stages.filter((s) => s.source !== 'implicit' && s.parent === undefined);
    if (stages.length < 2 || plan.totals.length === 0 || stages.some((s) => !s.estimate)) return;
    const min = stages.reduce((a, s) => a + s.estimate!.min, 0);
    const max = stages.reduce((a, s) => a + s.estimate!.max, 0);
    // Stages that run in parallel do not add up; a total inside a stage is that stage's subtotal.
    if (PARALLEL.test(plan.text)) return;
    for (const total of plan.totals) {
      if (total.max >= min && total.min <= max) continue;
      const inStage = stageAt(plan.stages, total.span.start.offset);
      if (inStage?.source === 'heading' && (!inStage.estimate || (total.max >= inStage.estimate.min && total.min <= inStage.estimate.max))) continue;
      const fmt = (a: number, b: number) => (a === b ? `${a}` : `${a}-${b}`);
      yield { messageId: 'mismatch', data: { total: total.text, totalHours: fmt(total.min, total.max), sumHours: fmt(min, max) }, span: total.span };
    }
  },
});
