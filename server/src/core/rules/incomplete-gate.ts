import * as z from 'zod';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'incomplete-gate',
  title: 'Every CI gate has a command and a pass criterion',
  rationale: 'A gate that names no command cannot be run, and one with no threshold cannot fail. Either way it gates nothing.',
  defaultSeverity: 'warning',
  fixable: false,
  options: z.strictObject({}),
  messages: {
    incomplete: 'Gate "{gate}" has no {missing}; expected a command to run and a threshold or pass criterion',
  },
  notes: [
    'Gates are rows of a gate table (a Gate/Check column with Command/Threshold/Blocking columns) and items under a CI Gates / Quality Gates / Go/No-Go heading.',
    'A command is a Command-column value, inline code, or a known tool name (npm, pytest, eslint, trivy...). A pass criterion is a Threshold/Criteria value, a number, a comparison, or words such as "passes", "green", "zero errors".',
  ],
  *check({ plan }) {
    for (const gate of plan.gates) {
      const missing = [!gate.hasCommand && 'command', !gate.hasThreshold && 'threshold or pass criterion'].filter(Boolean);
      if (missing.length === 0) continue;
      const name = gate.text.length > 50 ? `${gate.text.slice(0, 47)}...` : gate.text;
      yield { messageId: 'incomplete', data: { gate: name, missing: missing.join(' and no ') }, span: gate.span };
    }
  },
});
