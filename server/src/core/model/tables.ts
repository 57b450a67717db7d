import type { Table, TableRow } from 'mdast';
import { dependencyColumn } from './dependencies.js';
import { addFact } from './facts.js';
import { sectionKindsAt } from './headings.js';
import { plain, spanOf } from './mdast.js';
import { requirementRows } from './requirements.js';
import { gateTable, riskTable } from './risks-gates.js';
import type { WalkContext } from './section-walk.js';

export const STAGE_TABLE_HEADER = /^(?:stage|phase|milestone|step|sprint|wave|iteration|week|day)s?\b/i;
/**
 * Per-stage content columns (spec v2, "Stage table"). A table whose other columns are only
 * counts, dates, durations, status or progress is a status table, not stages.
 */
export const STAGE_TABLE_COLUMNS = /\b(?:owners?|assignee|dri|dod|definition of done|done when|evidence|exit|tests?|rollback|deliverables?|criteria|acceptance)\b/i;

/**
 * What a table says. Its header names DoD, tests or rollback columns; it may be a stage table
 * (rows read into stages later), a risk register (nothing else is read from it), a gate table;
 * its DoD column gives criteria, a dependency column dependencies, and ID rows requirements.
 */
export function handleTable(ctx: WalkContext, table: Table): void {
  const { out, vocab } = ctx;
  const [headerRow, ...rows] = table.children;
  if (!headerRow) return;
  const header = headerRow.children.map((c) => plain(c).trim());
  const lower = header.map((h) => h.toLowerCase().replace(/[*_`]/g, ''));
  const span = spanOf(table);
  const { kinds } = sectionKindsAt(ctx.outline, span.start.offset);
  for (const [i, h] of lower.entries()) {
    // A column is said on purpose, like a label: explicit evidence.
    if (vocab.dod.test(h)) addFact(out.facts, 'dod', span, header[i]!, { explicit: true });
    if (vocab.tests.test(h)) addFact(out.facts, 'tests', span, header[i]!, { explicit: true });
    if (vocab.rollback.test(h)) addFact(out.facts, 'rollback', span, header[i]!, { explicit: true });
  }
  const cellsOf = (row: TableRow) => row.children.map((c) => plain(c).trim());
  // Stage table
  if (STAGE_TABLE_HEADER.test(lower[0] ?? '') && lower.slice(1).some((h) => STAGE_TABLE_COLUMNS.test(h))) {
    for (const row of rows) {
      const cells = cellsOf(row);
      if (!/^\**total\b/i.test(cells[0] ?? '') && cells[0]) out.tableStageRows.push({ row, cells, header: lower });
    }
  }
  if (riskTable(ctx, span, { header, lower }, rows, kinds, cellsOf)) return;
  gateTable(ctx, { header, lower }, rows, kinds, cellsOf);
  // DoD columns give criteria
  const dodCol = lower.findIndex((h) => vocab.dod.test(h));
  if (dodCol >= 0) {
    for (const row of rows) {
      const cell = row.children[dodCol];
      if (cell && plain(cell).trim()) out.criteria.push({ text: plain(cell).trim(), span: spanOf(cell) });
    }
  }
  dependencyColumn(ctx, lower, rows, cellsOf);
  // Requirement definitions in the first column; traceability tables only reference.
  requirementRows(ctx, lower, rows, cellsOf);
}
