import * as z from 'zod';
import { defineRule } from '../rule.js';

const KIND = { ours: '<<<<<<<', base: '|||||||', separator: '=======', theirs: '>>>>>>>' } as const;

export default defineRule({
  id: 'merge-conflict-marker',
  title: 'No unresolved merge conflicts',
  rationale: 'A plan with conflict markers says two contradictory things; whichever side the reader sees first wins by accident.',
  defaultSeverity: 'error',
  fixable: false,
  options: z.strictObject({}),
  messages: {
    marker: 'Unresolved merge conflict marker "{marker}"; expected the conflict resolved and the marker removed',
  },
  notes: [
    'Reported in every Markdown document that is linted, plan or not: a template or a document that is not a plan still gets its conflict markers. It is the only rule that looks at templates and non-plans.',
    'A line starting `<<<<<<< ` or `>>>>>>> `, and `=======` or `|||||||` alone between them. Lines inside fenced code are not read (a plan may show a conflict as an example).',
    'No automatic fix: resolving a conflict means choosing content, and a fix never deletes what a user wrote.',
  ],
  *check({ plan }) {
    for (const m of plan.conflictMarkers) yield { messageId: 'marker', data: { marker: KIND[m.kind] }, span: m.span };
  },
});
