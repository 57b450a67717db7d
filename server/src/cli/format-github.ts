import type { Severity } from '../core/index.js';
import type { FileReport } from './report.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes a workflow command's message (`%`, CR, LF), as `@actions/core` does. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value: the message escapes plus `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * The `github` format: one GitHub Actions workflow command per finding
 * (`::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`; info is `notice`),
 * which the runner turns into annotations on the pull request, and one `::error file=…` per
 * failure. Paths are as printed (relative to the working directory, the checkout in a workflow).
 */
export function toGithub(files: FileReport[]): string {
  const out: string[] = [];
  for (const f of files) {
    for (const x of f.findings) {
      const props = [
        `file=${escapeProperty(f.path)}`,
        `line=${x.span.start.line}`,
        `col=${x.span.start.column}`,
        `endLine=${x.span.end.line}`,
        `endColumn=${x.span.end.column}`,
        `title=${escapeProperty(`planlint (${x.ruleId})`)}`,
      ];
      out.push(`::${COMMAND[x.severity]} ${props.join(',')}::${escapeData(x.message)}`);
    }
    for (const e of f.errors) out.push(`::error file=${escapeProperty(f.path)},title=${escapeProperty('planlint')}::${escapeData(e)}`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
