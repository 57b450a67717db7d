import { SCORE_COMPONENTS, type Score } from '../core/index.js';
import type { FileReport } from './report.js';

/** Colors used by the stylish formatter; identity functions when color is off. */
export interface Palette {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  underline(s: string): string;
}

/** Counts behind the summary line. */
export interface Totals {
  errors: number;
  warnings: number;
  infos: number;
  fixable: number;
  files: number;
  /** Files read and analyzed that are neither plans nor templates (and not forced). */
  nonPlans: number;
  /** Templates (and not forced). */
  templates: number;
  /** Files that were not read (a FIFO, too large, no permission…). */
  unread: number;
  /** Files read whose analysis or write failed (`errors` says why). */
  failed: number;
}

/** Counts findings by severity and files by what they are over `files`. */
export function totals(files: FileReport[]): Totals {
  const t: Totals = { errors: 0, warnings: 0, infos: 0, fixable: 0, files: files.length, nonPlans: 0, templates: 0, unread: 0, failed: 0 };
  for (const f of files) {
    if (f.unread) t.unread++;
    else {
      if (f.errors.length) t.failed++;
      if (!f.isPlan && f.kind === 'template') t.templates++;
      else if (!f.isPlan) t.nonPlans++;
    }
    for (const x of f.findings) {
      if (x.severity === 'error') t.errors++;
      else if (x.severity === 'warning') t.warnings++;
      else t.infos++;
      if (x.fix) t.fixable++;
    }
  }
  return t;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Options of {@link toStylish}. */
export interface StylishOptions {
  /** List each non-plan and template file on its own line (else one summary line counts them). */
  verbose?: boolean;
  /** Arguments that matched no file (said on stderr): the summary counts them as failures. */
  unmatched?: number;
}

/**
 * ESLint-style text report: findings grouped by file, each failure with its file and reason,
 * one line counting the files that are not plans or are templates (each listed with
 * `verbose`), and the summary line; `c` colors it.
 */
export function toStylish(files: FileReport[], c: Palette, options: StylishOptions = {}): string {
  const out: string[] = [];
  for (const f of files) {
    if (f.unread) {
      out.push(`${c.underline(f.path)}  ${c.dim('not read')}`);
      for (const e of f.errors) out.push(`  ${c.red('error')}  ${e}`);
      out.push('');
      continue;
    }
    const kindName = f.kind === 'template' ? 'template' : 'not a plan';
    if (!f.isPlan && f.findings.length === 0 && f.errors.length === 0) {
      if (options.verbose) out.push(`${c.underline(f.path)}  ${c.dim(`${kindName} (use --force to lint it anyway)`)}`);
      continue;
    }
    if (f.findings.length === 0 && f.errors.length === 0 && !f.notices?.length) continue;
    const kindNote = f.isPlan ? '' : f.findings.length ? `  ${kindName}: conflict markers only` : `  ${kindName}`;
    out.push(`${c.underline(f.path)}${f.score ? c.dim(`  score ${f.score.total}/100`) : ''}${c.dim(kindNote)}`);
    const rows = f.findings.map((x) => [
      `${x.span.start.line}:${x.span.start.column}`,
      x.severity === 'error' ? c.red('error') : x.severity === 'warning' ? c.yellow('warning') : c.blue('info'),
      x.message,
      c.dim(x.ruleId),
    ]);
    const w0 = Math.max(0, ...rows.map((r) => r[0]!.length));
    const w1 = Math.max(0, ...f.findings.map((x) => x.severity.length));
    for (const [i, r] of rows.entries()) {
      const sev = f.findings[i]!.severity;
      out.push(`  ${r[0]!.padEnd(w0)}  ${r[1]}${' '.repeat(w1 - sev.length)}  ${r[2]}  ${r[3]}`);
    }
    for (const e of f.errors) out.push(`  ${c.red('error')}  ${e}`);
    for (const n of f.notices ?? []) out.push(`  ${c.blue('info')}  ${n}`);
    out.push('');
  }
  const kinds = kindsLine(files, options.verbose === true);
  if (kinds) out.push(c.dim(kinds));
  out.push(summaryLine(files, c, options.unmatched));
  return out.join('\n');
}

/** "4 files are not plans, 2 are templates; --verbose lists them" (empty when there are none). */
export function kindsLine(files: FileReport[], verbose: boolean): string {
  const quiet = files.filter((f) => !f.unread && !f.isPlan && f.findings.length === 0 && f.errors.length === 0);
  const nonPlans = quiet.filter((f) => f.kind !== 'template').length;
  const templates = quiet.length - nonPlans;
  if (quiet.length === 0) return '';
  const parts: string[] = [];
  if (nonPlans) parts.push(`${plural(nonPlans, 'file')} ${nonPlans === 1 ? 'is not a plan' : 'are not plans'}`);
  if (templates) parts.push(`${parts.length ? String(templates) : plural(templates, 'file')} ${templates === 1 ? 'is a template' : 'are templates'}`);
  const them = quiet.length === 1 ? 'it' : 'them';
  return `${parts.join(', ')}; ${verbose ? `use --force to lint ${them} as a plan${quiet.length === 1 ? '' : 's'}` : `--verbose lists ${them}`}`;
}

/**
 * "✖ 5 problems (1 error, 3 warnings, 1 info) in 4 files, 2 fixable with --fix"; a run with a
 * file not read, an analysis that failed or an argument that matched nothing starts with those
 * failures and never says "no problems".
 *
 * @param unmatched arguments that matched no file
 */
export function summaryLine(files: FileReport[], c: Palette, unmatched = 0): string {
  const t = totals(files);
  const problems = t.errors + t.warnings + t.infos;
  const plans = `${plural(t.files, 'file')}${t.nonPlans ? `, ${t.nonPlans} not ${t.nonPlans === 1 ? 'a plan' : 'plans'}` : ''}${t.templates ? `, ${plural(t.templates, 'template')}` : ''}`;
  const failures = [
    t.unread ? `${plural(t.unread, 'file')} not read` : '',
    t.failed ? `${plural(t.failed, 'file')} failed` : '',
    unmatched ? `${plural(unmatched, 'path')} matched nothing` : '',
  ].filter(Boolean);
  const counts = t.files === 0 ? 'no files linted' : problems === 0 ? `0 problems in ${plans}` : `${plural(problems, 'problem')} (${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')}, ${plural(t.infos, 'info')}) in ${plans}${t.fixable ? `; ${t.fixable} fixable with --fix` : ''}`;
  if (failures.length) return c.bold(c.red(`✖ ${failures.join(', ')}; ${counts}`));
  if (t.files === 0) return c.bold(c.yellow('no files linted'));
  if (problems === 0) return c.green(`✔ no problems in ${plans}`);
  return t.errors ? c.bold(c.red(`✖ ${counts}`)) : c.bold(c.yellow(`✖ ${counts}`));
}

/**
 * The `planlint score` report: the total, then each component with its value, weight and
 * counts, or "n/a" with the reason it does not apply (left out of the total).
 */
export function scoreText(path: string, score: Score, c: Palette): string {
  const out = [`${c.bold(path)}: ${c.bold(`${score.total}/100`)}${c.dim(`  (renormalised over the ${score.applicableWeight} weight points that apply)`)}`];
  for (const name of SCORE_COMPONENTS) {
    const comp = score.components[name];
    const weight = c.dim(`weight ${String(comp.weight).padStart(2)}`);
    if (!comp.applicable) out.push(`  ${name.padEnd(12)} ${c.dim(' n/a')}  ${weight}  ${c.dim(`not applicable: ${comp.reason}`)}`);
    else out.push(`  ${name.padEnd(12)} ${`${Math.round(comp.value * 100)}%`.padStart(4)}  ${weight}  ${comp.detail}`);
  }
  return out.join('\n');
}
