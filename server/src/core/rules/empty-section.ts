import * as z from 'zod';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'empty-section',
  title: 'Headings have content',
  rationale: 'An empty section is a promise the plan does not keep; readers cannot tell "nothing to say" from "not written yet".',
  defaultSeverity: 'info',
  fixable: false,
  options: z.strictObject({}),
  messages: {
    empty: 'Section "{heading}" is empty; expected content or the heading removed',
  },
  notes: [
    'Subheadings count as content; HTML comments (template instructions) do not.',
    'Reported in plans only: templates, whose sections are meant to be empty, and documents that are not plans get no findings unless `--force` or `planlint: true` asks for them.',
  ],
  *check({ plan }) {
    for (const h of plan.emptySections) yield { messageId: 'empty', data: { heading: h.text || h.raw }, span: h.span };
  },
});
