import type { FileReport } from './report.js';

/**
 * The compact format: one line per finding, `file:line:col: severity message [rule]` (1-based
 * line and UTF-16 column, as editors' problem matchers read it), and one line per failure,
 * `file: error reason`. Nothing else: no summary, no color.
 */
export function toCompact(files: FileReport[]): string {
  const out: string[] = [];
  for (const f of files) {
    for (const x of f.findings) out.push(`${f.path}:${x.span.start.line}:${x.span.start.column}: ${x.severity} ${oneLine(x.message)} [${x.ruleId}]`);
    for (const e of f.errors) out.push(`${f.path}: error ${oneLine(e)}`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ');
}
