import * as z from 'zod';
import { defineRule } from '../rule.js';

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
  notes: ['Schema changes: DDL in code (CREATE/ALTER/DROP TABLE) or prose ("add a column to", "new table", "drop the column"). Migration evidence: migration/migrate, db:migrate, Flyway, Liquibase, Alembic, Prisma migrate, knex, goose... anywhere, code included.'],
  *check({ plan }) {
    const first = plan.schemaChanges[0];
    if (!first || plan.migration) return;
    yield { messageId: 'missing', data: { change: first.text }, span: plan.lines.lineSpan(first.span.start.line) };
  },
});
