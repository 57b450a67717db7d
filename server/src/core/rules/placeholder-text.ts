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
    'Markers: TBD and TKTK (also as the unknown half of a count, "0/TBD"); TODO, FIXME and XXX where they stand in for content (before a colon or bracket, or ending the text), not as a topic ("the TODO Report") nor inside an identifier ("REQ-TODO-01", "TODO/FIXME"); all upper case only; ???, [NEEDS CLARIFICATION...], {{var}}, and <placeholder> tags that are not HTML elements.',
    'Bracketed template slots: single slot words such as [DATE]; any slot with "e.g." or "for example" inside; imperative or question slots of two or more words ([Explain ...], [Describe ...], [How to verify ...], [What ...]); and any slot of two or more words that is the whole value of its line, list item or table cell, alone or after a label ("- **DBA:** [24/7 contact]", "| On-call | [Support tier and contact] |").',
    'Title Case text is a slot only when it reads like one: its last word names a value to fill in (Name, Title, Description, Date, Email, URL, Link, Version, Number, ID, Value, Type, Summary, Details: [Sprint Theme Name], [Release Date]), or names a kind of thing (Owner, Feature, Entity, Component, Service, Project, Team, Goal, Metric...) with only generic words before it ([Project Owner], [Your Team]), or it is such a noun and a number ([Entity 1]). Tags, labels and names are not slots, also as the whole value of a line or cell: [Backend Only], [Security Review Required], [Open Question], [Bob Smith], [Blocked On Infra], [Search Team].',
    'Lower-case noun slots in running text ("Run [command] to [action]") count only in a document that shows a stronger slot (a marker such as TBD or TODO, [NEEDS CLARIFICATION], an e.g. or imperative slot, a Title Case slot, <slot>, {{var}}, a whole-value slot); alone, [parallel] or [shared-db] is a tag or a term.',
    'Not slots: task-list checkboxes, links, reference links and their definitions, footnotes, wiki links, GitHub alerts ([!NOTE]), spec-kit markers such as [P], [US1] and [Story], IDs and citations such as [FR-001] and [1], lists of words ([api, web]), a single path, file or version ([docs/plan.md], [v1.2], [v2]), status and stability tags ([optional], [DONE], [sic], [skip ci]), an index after a word (rows[i], keys[name]), lower-case tags at the start of an item ("- [api] Add endpoint") or in a comma-separated run ("[master-blocking], [master-informing]"), and a single word that is a whole table cell ([Thaw]: more often a reference link than a slot). Italic or underscored text is never a slot.',
    'Front matter string values are read too, each finding on its YAML source line ("authors: - TBD", "owner: <your name>"); keys and inline lists as a whole ("keywords: [a, b]") are not.',
    'Nothing inside inline code, fenced code or HTML comments (one line or many) is read, nor slots inside a quoted string ("provider:Y [session-id]" describes a format). One finding per occurrence.',
  ],
  *check({ plan, options }) {
    for (const p of plan.placeholders) {
      if (options.allow.includes(p.text)) continue;
      yield { messageId: 'placeholder', data: { text: p.text.length > 60 ? `${p.text.slice(0, 57)}...` : p.text }, span: p.span };
    }
  },
});
