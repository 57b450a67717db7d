/**
 * The CLI against markdownlint-cli2 on the same files in the same run: the corpus plans, the
 * Markdown files of the installed dependencies, and generated plans. Each run of either tool is
 * a fresh process (spawn, load, lint, exit) on an explicit list of the same files; the runs
 * alternate between the two tools after a warm-up round, so that a busy machine slows both
 * alike. Wall times in milliseconds.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, stats, type Stats } from './bench-stats.js';
import { generatePlan, random } from './plan-generator.js';

/** The heading of the section this module writes in docs/performance.md. */
export const CLI_HEADING = '## CLI on many plans';

/** One file set measured with both tools. */
export interface CliRow {
  /** What the files are, for the table. */
  label: string;
  files: number;
  bytes: number;
  planlint: Stats;
  markdownlint: Stats;
  /** planlint's median over markdownlint-cli2's. */
  ratio: number;
  /** The one-minute load average when the row's measurement started (planlint starts workers only on free cores). */
  load: number;
}

/** Markdown files under `dir` (recursively, following no symbolic link), at most `limit`, sorted. */
function markdownUnder(dir: string, limit: number): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (out.length >= limit) return;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.md')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * Copies `files` (paths relative to `from`) into a fresh temporary directory with the same
 * relative paths, so that neither tool finds a config file of its own beside them and plan-set
 * folders keep their shape. Returns the directory and the relative paths (forward slashes).
 */
function stage(from: string, files: string[]): { dir: string; rel: string[]; bytes: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'planlint-bench-cli-'));
  let bytes = 0;
  const rel: string[] = [];
  for (const f of files) {
    const r = path.relative(from, f);
    const to = path.join(dir, r);
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(f, to);
    bytes += statSync(to).size;
    rel.push(r.split(path.sep).join('/'));
  }
  return { dir, rel, bytes };
}

/** `count` generated plans of 50-500 lines in a fresh temporary directory. */
function generated(count: number): { dir: string; rel: string[]; bytes: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'planlint-bench-cli-'));
  const rnd = random(11);
  let bytes = 0;
  const rel: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = generatePlan(50 + Math.floor(rnd() * 450), i + 1);
    bytes += Buffer.byteLength(text);
    writeFileSync(path.join(dir, `plan-${i}.md`), text);
    rel.push(`plan-${i}.md`);
  }
  return { dir, rel, bytes };
}

/** Wall time of one fresh `node` process running `args` in `cwd` (exit codes ignored: linters exit 1 on findings). */
function once(args: string[], cwd: string): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', cwd });
  const ms = performance.now() - t;
  if (r.error) throw r.error;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.slice(0, 2).join(' ')} exited with ${r.status ?? r.signal}`);
  return ms;
}

/**
 * Measures `planlint lint --format json` and `markdownlint-cli2` (default rules) on the files
 * `rel` of `dir`, named one by one on the command line of both: one warm-up round, then
 * `rounds` rounds of one run each, the tool that goes first alternating from round to round.
 */
function compare(root: string, label: string, set: { dir: string; rel: string[]; bytes: number }, rounds: number): CliRow {
  const planlint = [path.join(root, 'bin', 'planlint.js'), 'lint', '--format', 'json', ...set.rel];
  // A leading ':' makes markdownlint-cli2 read the argument as a literal path, not a glob.
  const markdownlint = [path.join(root, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs'), ...set.rel.map((r) => `:${r}`)];
  const load = os.loadavg()[0] ?? 0;
  const p: number[] = [];
  const m: number[] = [];
  once(planlint, set.dir);
  once(markdownlint, set.dir);
  for (let i = 0; i < rounds; i++) {
    if (i % 2) {
      m.push(once(markdownlint, set.dir));
      p.push(once(planlint, set.dir));
    } else {
      p.push(once(planlint, set.dir));
      m.push(once(markdownlint, set.dir));
    }
  }
  const ps = stats(p);
  const ms = stats(m);
  return { label, files: set.rel.length, bytes: set.bytes, planlint: ps, markdownlint: ms, ratio: ps.median / ms.median, load };
}

/** The shared corpus beside the checkout (`../shared/corpus`), when it is there. */
function corpusFiles(root: string): { from: string; files: string[] } | undefined {
  const from = path.resolve(root, '..', 'shared', 'corpus');
  if (!existsSync(from)) return undefined;
  return { from, files: ['public', 'seeds', 'sets'].flatMap((d) => markdownUnder(path.join(from, d), Infinity)) };
}

/** One table row. */
export function cliRowText(r: CliRow): string {
  return `| ${r.label} | ${r.files} | ${Math.round(r.bytes / 1024)} | ${fmt(r.planlint.median)} / ${fmt(r.planlint.p95)} | ${fmt(r.markdownlint.median)} / ${fmt(r.markdownlint.p95)} | ${r.ratio.toFixed(2)} |`;
}

/**
 * Runs the comparison on the corpus (when `../shared/corpus` exists), on up to 2,000 `.md`
 * files of `node_modules`, and on generated plans; `onRow` gets each table row as it is measured.
 *
 * @param root the checkout (built: `dist/cli.js` must exist)
 * @param quick fewer rounds and files
 */
export function measureCli(root: string, quick: boolean, onRow: (row: string) => void = () => {}): CliRow[] {
  const rounds = quick ? 3 : 10;
  const rows: CliRow[] = [];
  const sets: Array<[string, () => { dir: string; rel: string[]; bytes: number } | undefined]> = [
    [
      'corpus plans (`../shared/corpus`: public, seeds, sets)',
      () => {
        const c = corpusFiles(root);
        return c ? stage(c.from, c.files) : undefined;
      },
    ],
    [
      'Markdown files of the dependencies (`node_modules/**/*.md`)',
      () => {
        const from = path.join(root, 'node_modules');
        return stage(from, markdownUnder(from, quick ? 300 : 2000));
      },
    ],
    [`generated plans of 50-500 lines`, () => generated(quick ? 40 : 200)],
  ];
  for (const [label, make] of sets) {
    const set = make();
    if (!set) continue;
    try {
      const row = compare(root, label, set, rounds);
      rows.push(row);
      onRow(cliRowText(row));
    } finally {
      rmSync(set.dir, { recursive: true, force: true });
    }
  }
  return rows;
}

/** What the table does not say: where the CLI's time goes (profiled by hand with `node --cpu-prof`). */
const NOTES: string[] = [
  'Where the time goes (CPU profile of `planlint lint --format json` on the 96 corpus files, one',
  'fresh process, main thread, profiled by hand on 2026-12-05; shares, not times): the parse 53%',
  '(micromark\'s tokenizers and its subtokenizer about 40%, building mdast about 7%), the plan',
  'model 22%, the rules and the score 3%, garbage collection 11%, start-up and reading the files',
  'the rest. The parse is micromark\'s, as markdownlint-cli2\'s is; planlint parses with fewer',
  'extensions and builds a tree and a model from it.',
  '',
  'What was done, each change measured on its own and the JSON output compared byte for byte on',
  'the corpus, 300 dependency Markdown files and generated plans:',
  '- Each section (or piece of a long one) is parsed with only the GFM extensions whose syntax its',
  '  text contains (a table needs a `|` or a delimiter cell, strikethrough a `~`, a footnote `[^`,',
  '  an autolink literal `@`, `www`, `http` or a numeric character reference), and without the',
  '  e-mail autolink construct when it has no `@`: that construct is tried at the start of every',
  '  word. The autolink literal transform runs only on the paragraphs, headings and table cells',
  '  with text it could change, not in four passes over every node of a section with a URL',
  '  anywhere in it. The tree is the same (test/parse-processor.test.ts compares it with',
  '  remark-gfm\'s on every section of the corpus, the fixtures, dependency Markdown, generated plans',
  '  and random GFM-like text). micromark combines its constructs with a set of extensions once',
  '  (`core/combined-constructs.ts`), not before each of the corpus\'s 2,505 section parses.',
  '- A plan whose profile adds terms (the KEPs) has its model built once: the profile is detected',
  '  from the parsed headings\' text first. The model\'s passes read each node\'s text once per build',
  '  and skip the scans its text cannot match (no digit, no requirement ID; no colon, no label);',
  '  YAML front matter is parsed once per file, not up to four times.',
  '- Files are read with synchronous calls: an asynchronous read of a small file cost about 0.45 ms',
  '  of the main thread in promise and thread-pool hand-offs (a CPU profile of 96 small files:',
  '  43 ms of reading, now 5 ms).',
  '- A process compiles each function the first time it runs it. The build runs the CLI once on',
  '  the example plans and the rule fixtures and keeps the code V8 compiled (`dist/cli.js.cache`,',
  '  headed by the bundle\'s SHA-256 and the Node version: V8 checks only the source\'s length). With',
  '  it, `lint` on one small file takes 0.13 s instead of 0.17 s (markdownlint-cli2: about 0.23 s),',
  '  and in 10 alternating rounds on the corpus (load average 1.1-2.0) the CLI\'s median went from',
  '  0.77x to 0.71x markdownlint-cli2\'s together with the synchronous reads.',
  '',
  'Worker threads start only for 16 files or more, once 8 MiB of text is queued, and only on',
  'cores the one-minute load average leaves free (one per free core beside the main thread,',
  'which analyzes queued files itself when idle). A worker loads the bundle and compiles its code',
  'as it runs, so its first megabytes cost about twice what they cost a warm thread: with one',
  'worker forced on the corpus, planlint used 5.9 s of CPU instead of 4.3 s and its wall time went',
  'from 0.88x to 1.07x markdownlint-cli2\'s (load average 1.5-2.3): V8\'s own compiler and',
  'collector threads already use the second core (a run takes about 1.6 s of CPU per second of',
  'wall time). Files that are not plans are screened without a parse (`core/screen.ts`).',
  '',
  'Tried and left out, measured on the corpus in fresh processes: a larger young generation',
  '(`--max-semi-space-size=32` or `64`: fewer scavenges, no less CPU); tiering up sooner',
  '(`--interrupt-budget`), `--maglev`, `--always-sparkplug` and eager feedback vectors (no gain or',
  'more CPU); parsing each document whole instead of by section (1.2-1.7x the CPU) or in smaller',
  'pieces (no change); keeping every paragraph\'s plain text for the whole build (less model time,',
  'as much more garbage collection).',
  '',
  'On a shared machine the ratio moves between runs by more than most single changes: three runs',
  'of the table on one morning before this work gave 0.72x, 0.95x and 0.91x on the corpus. The',
  'load average when each row started is given above.',
];

/** The "CLI on many plans" section of docs/performance.md, from its heading to the blank line before the next section. */
export function cliSection(rows: CliRow[], quick: boolean): string[] {
  return [
    CLI_HEADING,
    '',
    'Wall time of a fresh process per run, from spawn to exit, on the same files named one by one',
    'on the command line of both tools (copied to a temporary directory with their relative paths,',
    `so that neither finds a config file of its own). Median / p95 ms of ${quick ? 3 : 10} rounds after a warm-up`,
    'round; each round runs both tools, alternating which goes first. The ratio is planlint\'s median',
    'over markdownlint-cli2\'s (its default rules).',
    `Run on ${new Date().toISOString().slice(0, 10)} on ${os.availableParallelism()} cores; the one-minute load average when each row started: ${rows.map((r) => r.load.toFixed(1)).join(', ')}.`,
    '',
    '| files | count | KiB | `planlint lint --format json` | `markdownlint-cli2` | ratio |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(cliRowText),
    '',
    ...NOTES,
    '',
  ];
}

/**
 * `npm run bench -- --cli`: only this comparison; its section of docs/performance.md is replaced
 * (unless `quick`).
 */
export function cliOnly(root: string, quick: boolean): void {
  const section = cliSection(measureCli(root, quick, (row) => process.stdout.write(`${row}\n`)), quick);
  if (quick) return;
  const file = path.join(root, 'docs', 'performance.md');
  const old = readFileSync(file, 'utf8');
  const start = old.indexOf(`${CLI_HEADING}\n`);
  if (start === -1) throw new Error(`${file}: no "${CLI_HEADING}" section to replace`);
  // The section ends at the next heading, or at the VSIX size line the full run writes after it.
  const ends = ['\nVSIX size:', '\n## '].map((s) => old.indexOf(s, start + CLI_HEADING.length)).filter((i) => i !== -1);
  const end = ends.length ? Math.min(...ends) + 1 : old.length;
  writeFileSync(file, `${old.slice(0, start)}${section.join('\n')}\n${old.slice(end)}`);
}
