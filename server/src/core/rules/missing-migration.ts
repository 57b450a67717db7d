import * as z from 'zod';
import type { Plan } from '../model/plan.js';
import { defineRule } from '../rule.js';

/** A column of a screen or report, not of a database table. */
const UI_COLUMN = /\b(?:ui|page|view|grid|dashboard|screen|component|spreadsheet|csv|report|export|datatable|admin\s+panel|chart|graph|widget|modal|sidebar|layout|html|markdown)\b/i;
/** Headings that show a schema as it is or as an example, not a change to make. */
const EXAMPLE_HEADING = /\b(?:current|existing|reference|example|sample|appendix|before)\b/i;

/** Whether the nearest heading above `offset` shows an existing or example schema. */
function underExample(plan: Plan, offset: number): boolean {
  let heading: Plan['headings'][number] | undefined;
  for (const h of plan.headings) {
    if (h.span.start.offset > offset) break;
    heading = h;
  }
  return heading !== undefined && EXAMPLE_HEADING.test(heading.text);
}

export default defineRule({
  id: 'missing-migration',
  title: 'Schema changes come with a migration step',
  rationale: 'A schema change without a migration works on the developer\'s database and fails on every other one.',
  defaultSeverity: 'warning',
  fixable: false,
  options: z.strictObject({}),
  messages: {
    missing: 'Plan changes the database schema ("{change}") but has no migration step; expected a migration (e.g. db:migrate, Flyway, Alembic, Prisma migrate)',
  },
  notes: [
    'Schema changes: DDL in code (CREATE/ALTER/DROP TABLE) or prose ("add a column to", "new table", "drop the column"). Migration evidence: migration/migrate, db:migrate, Flyway, Liquibase, Alembic, Prisma migrate, knex, goose... anywhere, code included.',
    'Not schema changes: a column of a user interface or report ("add a Status column to the users table in the admin UI"), and DDL under a heading that shows the current, existing, reference or example schema.',
  ],
  *check({ plan }) {
    const first = plan.schemaChanges.find((c) => !UI_COLUMN.test(plan.lines.lineText(c.span.start.line)) && !underExample(plan, c.span.start.offset));
    if (!first || plan.migration) return;
    yield { messageId: 'missing', data: { change: first.text }, span: plan.lines.lineSpan(first.span.start.line) };
  },
});
