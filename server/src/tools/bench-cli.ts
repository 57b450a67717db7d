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
  'fresh process, profiled by hand on 2026-12-05; the machine was busy, so shares, not times): the',
  'parse 57% (micromark\'s tokenizer 19%, its content and text subtokenizer 15%, building mdast',
  '16%, of which 8% is mdast-util-from-markdown\'s own loop over the events and 3% the autolink',
  'literal transform), the plan model 22%, the rules and the score 3%, garbage collection 13%,',
  'loading the bundle 2%. Two of those were work done twice: micromark combined its default',
  'constructs with the syntax extensions before every parse (2.3%: a document is parsed section by',
  'section, 2,505 parses for the corpus), and a plan whose profile adds terms (7 KEPs, 22% of the',
  'plan text) had its model built twice, once with the generic vocabulary to find its headings and',
  'again with its own. After both, in one fresh-process profile: the parse 58%, the model 20.5%,',
  'garbage collection 13%, combining extensions under 0.1%. A process compiles its code as it runs:',
  'the first pass over the corpus costs about 1.7× a second pass in the same process, and every',
  'worker thread pays that warm-up again.',
  '',
  'What was done: each section (or piece of a long one) is parsed with only the GFM extensions',
  'whose syntax its text contains (a table needs a `|` or a delimiter cell, strikethrough a `~`, a',
  'footnote `[^`, an autolink literal `@`, `www`, `http` or a numeric character reference); the',
  'others would be tried at every word and fail, so the tree is the same (a test compares it with',
  'remark-gfm\'s on every section of the corpus, the fixtures, dependency Markdown and generated',
  'text). That takes a sixth (a first pass) to a quarter (a warm one) off the analysis.',
  'micromark\'s import of its extension combiner is routed, in the bundles, to one that combines the',
  'same extension objects once (`core/combined-constructs.ts`), and the profile is detected from',
  'the parsed headings\' text (which no vocabulary changes) before the model is built, so the model',
  'is built once. In one run of 6 alternating rounds on the corpus (load average 5-6 on 2 cores),',
  'planlint\'s median wall time went from 0.99× to 0.86× markdownlint-cli2\'s (CPU time 4.92 s to',
  '4.66 s, markdownlint-cli2 5.27 s); on the dependencies\' Markdown 0.33× to 0.32×; on generated',
  'plans (4 rounds, load average 7) the CPU time did not move (4.88 s, 4.86 s) and the wall ratio',
  'was within the noise of a machine that busy (0.83×, 0.97×). `lint --format json` gives the same',
  'bytes as before on all three sets. On a quiet machine (load average 0.1-1.6, 6 rounds) the',
  'corpus went from 0.99× to 0.94× (CPU time 4.26 s to 4.08 s). Three runs of the table on one',
  'morning gave 0.72×, 0.95× and 0.91× on the corpus and 0.80×, 1.07× and 0.81× on generated',
  'plans (load average 5.3-7.7, 4.3-4.6 and 1.0-2.7): on a shared machine the ratio moves more',
  'between runs than these changes moved it, and 0.8× on the corpus is not reached.',
  'Worker threads start only for 16 files or more, once 8 MiB of text is queued, and only on',
  'cores the one-minute load average leaves free (one per free core beside the main thread,',
  'which analyzes queued files itself when idle). A worker loads the bundle and compiles its code',
  'as it runs, so its first megabytes cost about twice what they cost a warm thread: with one',
  'worker forced on the corpus at load average 5-7, planlint used 7.3 s of CPU instead of 5.0 s and',
  'its wall time went from 0.90× to 1.18× markdownlint-cli2\'s, and at load average 1.5-2.3 from',
  '0.88× to 1.07× (CPU 4.3 s to 5.9 s): V8\'s own compiler and collector threads already use the',
  'second core (a run takes about 1.6 s of CPU per second of wall time), so a worker only competes',
  'with them. Files that are not plans are screened without a parse (`core/screen.ts`).',
  '',
  'Tried and left out, measured on the corpus in fresh processes: a larger young generation',
  '(`--max-semi-space-size=32` or `64`, which only a new process or a worker can get:',
  '`v8.setFlagsFromString` after start leaves the new space at 32 MiB and the scavenges at 132)',
  'cuts the scavenges from 126 to 74 or 53 but did not lower the CPU time (4.7-5.0 s by',
  'default, 5.0-5.4 s at 32 MiB, 5.0-5.9 s at 64 MiB, 3 alternating rounds), so neither a',
  're-exec nor a worker is started for it;',
  'a V8 code cache of the bundle saved nothing measurable (start-up is about 100 ms, half of it',
  'Node compiling the bundle); tiering up sooner (`--interrupt-budget`) cost more CPU than it',
  'saved; parsing each document whole instead of by section took 1.2-1.7× the CPU.',
  '',
  'What is left: the parse is micromark\'s, as markdownlint-cli2\'s is, plus building the mdast',
  'tree, which the rules read through the plan model. Going below 0.8× on a tree of this size on',
  'busy cores takes a cheaper tree and model: mdast-util-from-markdown\'s loop copies its context',
  'for every event (8% of the CPU by itself), the model is 20% spread over many passes and',
  'patterns (no pass above 3%), and garbage collection 13%. Start-up and output are not where',
  'the time goes.',
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
