import * as z from 'zod';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'duplicate-id',
  title: 'IDs are defined once',
  rationale: 'Two requirements or tasks with one ID make every reference to it ambiguous; coverage and status silently attach to the wrong one.',
  defaultSeverity: 'error',
  fixable: false,
  options: z.strictObject({}),
  messages: {
    duplicate: '{kind} ID {id} is defined again (first defined on line {line}); expected a unique ID',
  },
  notes: [
    'Definitions: a requirement ID that starts a list item, heading, paragraph or the first cell of a requirements table; a task ID (`T001`, `TASK-1`) that starts a checklist item; a risk ID (`RISK-1`) that starts a risk row or item.',
    'A table whose columns map IDs to tasks, stages or tests is a traceability table: its rows reference IDs, they do not define them.',
    'A plain list item that relates task IDs ("T005 depends on T003", "T010 → T012", in an execution-order section) restates them; it does not define them.',
    'A requirement ID is defined where the requirement is stated; restating it with a verdict elsewhere ("FR-001: verified by T001", in Acceptance or Clarifications sections) is a reference.',
  ],
  *check({ plan }) {
    const first = new Map<string, (typeof plan.idDefinitions)[number]>();
    for (const def of plan.idDefinitions) {
      const key = `${def.kind}:${def.id}`;
      const prior = first.get(key);
      if (!prior) {
        first.set(key, def);
        continue;
      }
      yield {
        messageId: 'duplicate',
        data: { kind: def.kind[0]!.toUpperCase() + def.kind.slice(1), id: def.id, line: prior.span.start.line },
        span: def.span,
        related: [{ span: prior.span, message: `First definition of ${def.id}` }],
      };
    }
  },
});
