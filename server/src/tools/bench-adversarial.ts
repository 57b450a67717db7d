/**
 * The adversarial part of `npm run bench` (`--adversarial` runs it alone): 1 MiB of a generated
 * plan against 1 MiB of each document in {@link ADVERSARIAL_DOCUMENTS} and of the plan with CR
 * and CRLF line endings. Each document is analysed in its own child process (fresh heap, honest
 * peak RSS, a time limit). Times are milliseconds; the ratio is to the plan of the same size.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { analyze, parseDocument } from '../core/index.js';
import { ADVERSARIAL_DOCUMENTS, planOfSize, withLineEndings } from './plan-generator.js';

/** The documents measured, in the order of the table: the plan first, the yardstick. */
const DOCUMENTS: Record<string, { what: string; build: (bytes: number) => string }> = {
  plan: { what: 'generated plan (the yardstick)', build: planOfSize },
  'plan-cr': { what: 'the same plan with CR-only line endings', build: (n) => withLineEndings(planOfSize(n), '\r') },
  'plan-crlf': { what: 'the same plan with CRLF line endings', build: (n) => withLineEndings(planOfSize(n), '\r\n') },
  ...ADVERSARIAL_DOCUMENTS,
};

interface Measure {
  /** Full analysis (parse, model, rules), median of the runs. */
  analysis: number;
  /** The section-wise parse alone, median of the runs. */
  parse: number;
  /** The analysis with every section's parse reused: the model and the rules, median of the runs. */
  rest: number;
  findings: number;
  maxRssMiB: number;
  bytes: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** Child mode: `bench.js --adversarial-child <document> <bytes> <runs>` prints a {@link Measure}. */
export function adversarialChild(name: string, bytes: number, runs: number): void {
  const build = DOCUMENTS[name]!.build;
  // Warm-up on a small document of the same kind: the runs measure the analysis, not the JIT.
  analyze(build(16 * 1024), undefined, { force: true });
  const text = build(bytes);
  const analysis: number[] = [];
  const parse: number[] = [];
  let findings = 0;
  const rest: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    findings = analyze(text, undefined, { force: true }).findings.length;
    analysis.push(performance.now() - t);
    t = performance.now();
    const previous = parseDocument(text);
    parse.push(performance.now() - t);
    // Every section reused from `previous`: what is left is the model and the rules.
    t = performance.now();
    analyze(text, undefined, { force: true, previous });
    rest.push(performance.now() - t);
  }
  const out: Measure = { analysis: median(analysis), parse: median(parse), rest: median(rest), findings, maxRssMiB: process.resourceUsage().maxRSS / 1024, bytes: text.length };
  process.stdout.write(JSON.stringify(out));
}

/**
 * Measures every document at `bytes` in child processes of `self` (the bench bundle) and
 * returns the Markdown of the table, one row per document, plus a summary line.
 *
 * @param timeoutMs the time limit of one child; a document over it is reported as such
 */
export function adversarialRows(self: string, bytes: number, runs: number, timeoutMs: number, log: (row: string) => void): string[] {
  const rows = [
    '| document | KiB | analysis ms | × plan | section-wise parse ms | model and rules ms | × plan (model and rules) | findings | peak RSS MiB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  let base: Measure | undefined;
  let worst = { name: '', ratio: 0 };
  const over: string[] = [];
  for (const [name, { what }] of Object.entries(DOCUMENTS)) {
    const r = spawnSync(process.execPath, ['--max-old-space-size=8192', self, '--adversarial-child', name, String(bytes), String(runs)], {
      encoding: 'utf8',
      timeout: timeoutMs,
      maxBuffer: 1 << 24,
    });
    const m = r.status === 0 && r.stdout ? (JSON.parse(r.stdout) as Measure) : undefined;
    if (name === 'plan') base = m;
    const ratio = m && base ? m.analysis / base.analysis : undefined;
    const own = m && base ? m.rest / base.rest : undefined;
    if (ratio !== undefined && ratio > worst.ratio && name !== 'plan') worst = { name, ratio };
    if (m && ratio !== undefined && ratio > 2) over.push(`\`${name}\` (${ratio.toFixed(1)}×; the parse is ${Math.round((100 * m.parse) / m.analysis)}% of it, model and rules ${own!.toFixed(1)}× the plan's)`);
    const row = m
      ? `| \`${name}\`: ${what} | ${Math.round(m.bytes / 1024)} | ${m.analysis.toFixed(0)} | ${ratio!.toFixed(2)} | ${m.parse.toFixed(0)} | ${m.rest.toFixed(0)} | ${own!.toFixed(2)} | ${m.findings} | ${m.maxRssMiB.toFixed(0)} |`
      : `| \`${name}\`: ${what} | | ${r.error ? `over the ${timeoutMs / 1000} s limit` : `failed (exit ${r.status})`} | | | | | | |`;
    rows.push(row);
    log(row);
  }
  rows.push('', `Slowest against the plan: \`${worst.name}\` at ${worst.ratio.toFixed(2)}×. Over the 2× target: ${over.length ? over.join('; ') : 'none'}.`);
  return rows;
}

/** The heading of the adversarial section of docs/performance.md. */
export const ADVERSARIAL_HEADING = '## Adversarial input (1 MiB each)';

/** The adversarial section of docs/performance.md around the measured `rows`. */
export function adversarialSection(rows: string[], runs: number): string[] {
  return [
    ADVERSARIAL_HEADING,
    '',
    'Each document repeats one construct that could make a regular expression or a lookup scan the',
    'same text again and again (`server/src/tools/plan-generator.ts`, `ADVERSARIAL_DOCUMENTS`), and',
    `is analysed with every rule on (\`force\`) in its own process, median of ${runs} run${runs > 1 ? 's' : ''} after a warm-up.`,
    '"× plan" compares with 1 MiB of generated plan; the target is 2×. The section-wise parse',
    '(micromark through remark) is measured on its own; "model and rules" is an analysis that',
    'reuses that parse for every section (the editor\'s path after an edit). A document without headings is one section, parsed whole: its parse costs what',
    'micromark costs for that construct, which no pattern of planlint changes.',
    '',
    ...rows,
    '',
  ];
}
