import * as z from 'zod';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'placeholder-text',
  title: 'No unfilled template text',
  rationale: 'A TODO or "[Feature Name]" in a plan under review means a decision nobody made yet. Each one is a question the reviewer has to ask.',
  defaultSeverity: 'warning',
  fixable: false,
  options: z.strictObject({
    /** Exact placeholder texts to accept (e.g. "[P]"). */
    allow: z.array(z.string()).default([]),
  }),
  messages: {
    placeholder: 'Unfilled placeholder "{text}"; expected the actual content',
  },
  notes: [
    'Markers: TBD and TKTK; TODO, FIXME and XXX where they stand in for content (before a colon or bracket, or ending the text), not as a topic ("the TODO Report") nor inside an identifier ("REQ-TODO-01", "TODO/FIXME"); all upper case only; ???, [NEEDS CLARIFICATION...], {{var}}, <placeholder> tags that are not HTML elements, and bracketed template slots: [e.g. ...], [list ...], [describe ...], Title Case slots such as [Feature Name], and single slot words such as [DATE].',
    'Not slots: task-list checkboxes, links, footnotes, spec-kit markers such as [P] and [US1], citations such as [1].',
    'Nothing inside inline code, fenced code or HTML comments is read, nor slots inside a quoted string ("provider:Y [session-id]" describes a format).',
  ],
  *check({ plan, options }) {
    for (const p of plan.placeholders) {
      if (options.allow.includes(p.text)) continue;
      yield { messageId: 'placeholder', data: { text: p.text.length > 60 ? `${p.text.slice(0, 57)}...` : p.text }, span: p.span };
    }
  },
});
