import * as path from 'node:path';
import { traceMatrix, VERSION, type TraceLocation, type TraceRow, type TraceTask } from '../core/index.js';
import { EXIT, relative, type Io } from './io.js';
import { collect } from './lint.js';

/** Options of `planlint trace`, as commander parses them. */
export interface TraceOptions {
  format: 'markdown' | 'json';
  config?: string;
  maxFileSizeMb?: number;
}

/** A set's matrix as printed: paths relative to the working directory. */
interface PrintedSet {
  folder: string;
  layout: string;
  profile: string;
  files: string[];
  requirements: TraceRow[];
  summary: { requirements: number; withTask: number; withTest: number };
}

/**
 * `planlint trace DIR...`: the requirement → task → test matrix of each plan set found under
 * the paths, as Markdown tables (default) or JSON. Exit 2 when no plan set is found.
 *
 * @param worker the script the analysis worker threads run (the CLI bundle)
 */
export async function trace(paths: string[], options: TraceOptions, io: Io, worker: string): Promise<number> {
  const collected = await collect(paths, { config: options.config, maxFileSizeMb: options.maxFileSizeMb }, io, worker);
  if (collected === 'failure') return EXIT.failure;
  const shown = (p: string) => relative(io, path.resolve(io.cwd, p));
  const printed: PrintedSet[] = collected.passes.map(({ set, members }) => {
    const readable = members.flatMap((m) => (m.analysis.plan && m.analysis.kind !== 'template' ? [{ path: m.path, plan: m.analysis.plan }] : []));
    const at = <T extends TraceLocation>(l: T): T => ({ ...l, path: shown(l.path) });
    const rows = traceMatrix(readable).rows.map((r) => ({ ...r, definedIn: at(r.definedIn), tasks: r.tasks.map(at), tests: r.tests.map(at), citations: r.citations.map(at) }));
    return {
      folder: shown(set.folder || '.') || '.',
      layout: set.layout,
      profile: set.profile,
      files: set.files.map((f) => shown(f.path)),
      requirements: rows,
      summary: { requirements: rows.length, withTask: rows.filter((r) => r.tasks.length + r.tests.length > 0).length, withTest: rows.filter((r) => r.tests.length > 0).length },
    };
  });
  if (printed.length === 0) {
    io.stderr(`planlint: no plan set under ${paths.join(', ')}; expected a spec-kit or Kiro feature folder, files declaring planlint: { set: … }, or a sets entry in .planlintrc.json (see docs/plan-sets.md)\n`);
    return EXIT.failure;
  }
  if (options.format === 'json') io.stdout(`${JSON.stringify({ version: VERSION, sets: printed }, null, 2)}\n`);
  else io.stdout(`${printed.map(markdown).join('\n')}`);
  return collected.failed ? EXIT.failure : EXIT.ok;
}

/** A table cell: pipes escaped, line breaks removed. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `T012 (tasks.md:40)`: the task's ID, else its text, with its file name and line. */
function taskCell(tasks: readonly TraceTask[]): string {
  if (tasks.length === 0) return '—';
  return tasks.map((t) => `${cell(t.id ?? clip(t.text, 40))} (${path.posix.basename(t.path)}:${t.line})`).join(', ');
}

function markdown(set: PrintedSet): string {
  const out = [`## ${set.folder}`, '', `${set.layout === set.profile ? set.profile : `${set.layout}, ${set.profile} profile`}: ${set.files.map((f) => path.posix.basename(f)).join(', ')}`, ''];
  if (set.requirements.length === 0) return [...out, 'No requirement IDs are defined in this set.', ''].join('\n');
  out.push('| Requirement | Defined in | Tasks | Tests | Also cited in |', '|---|---|---|---|---|');
  for (const r of set.requirements) {
    const cited = r.citations.length ? r.citations.map((c) => `${path.posix.basename(c.path)}:${c.line}`).join(', ') : '—';
    out.push(`| ${cell([r.label, clip(r.text)].filter(Boolean).join(' '))} | ${path.posix.basename(r.definedIn.path)}:${r.definedIn.line} | ${taskCell(r.tasks)} | ${taskCell(r.tests)} | ${cited} |`);
  }
  const s = set.summary;
  out.push('', `${s.withTask} of ${s.requirements} requirements cited by a task; ${s.withTest} by a test task.`, '');
  return out.join('\n');
}
