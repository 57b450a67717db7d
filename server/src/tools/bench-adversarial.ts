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

/** One document's result: its measure, or why there is none. */
export interface AdversarialResult {
  name: string;
  what: string;
  measure?: Measure;
  failure?: string;
}

/**
 * Measures every document at `bytes` in child processes of `self` (the bench bundle), printing
 * each row of {@link adversarialSection}'s table with `log` as it is measured.
 *
 * @param timeoutMs the time limit of one child; a document over it is reported as such
 */
export function measureAdversarial(self: string, bytes: number, runs: number, timeoutMs: number, log: (row: string) => void): AdversarialResult[] {
  const results: AdversarialResult[] = [];
  for (const [name, { what }] of Object.entries(DOCUMENTS)) {
    const r = spawnSync(process.execPath, ['--max-old-space-size=8192', self, '--adversarial-child', name, String(bytes), String(runs)], {
      encoding: 'utf8',
      timeout: timeoutMs,
      maxBuffer: 1 << 24,
    });
    const measure = r.status === 0 && r.stdout ? (JSON.parse(r.stdout) as Measure) : undefined;
    const result: AdversarialResult = measure ? { name, what, measure } : { name, what, failure: r.error ? `over the ${timeoutMs / 1000} s limit` : `failed (exit ${r.status})` };
    results.push(result);
    log(row(result, results[0]?.measure));
  }
  return results;
}

/** The table row of `r`, with ratios to `base` (the plan's measure). */
function row(r: AdversarialResult, base: Measure | undefined): string {
  const m = r.measure;
  if (!m || !base) return `| \`${r.name}\`: ${r.what} | | ${r.failure ?? 'no plan to compare with'} | | | | | | |`;
  return `| \`${r.name}\`: ${r.what} | ${Math.round(m.bytes / 1024)} | ${m.analysis.toFixed(0)} | ${(m.analysis / base.analysis).toFixed(2)} | ${m.parse.toFixed(0)} | ${m.rest.toFixed(0)} | ${(m.rest / base.rest).toFixed(2)} | ${m.findings} | ${m.maxRssMiB.toFixed(0)} |`;
}

/** The heading of the adversarial section of docs/performance.md. */
export const ADVERSARIAL_HEADING = '## Adversarial input (1 MiB each)';

/** The adversarial section of docs/performance.md: what was measured, the table, and the documents over the 2× target. */
export function adversarialSection(results: AdversarialResult[], runs: number): string[] {
  const base = results.find((r) => r.name === 'plan')?.measure;
  const over = results
    .filter((r) => r.measure && base && r.measure.analysis > 2 * base.analysis)
    .map((r) => {
      const m = r.measure!;
      return `\`${r.name}\` at ${(m.analysis / base!.analysis).toFixed(1)}× (its parse alone ${(m.parse / 1000).toFixed(1)} s, ${(m.parse / base!.parse).toFixed(1)}× the plan's; model and rules ${(m.rest / base!.rest).toFixed(1)}× for ${m.findings} findings against ${base!.findings})`;
    });
  return [
    ADVERSARIAL_HEADING,
    '',
    'Each document repeats one construct that could make a regular expression or a lookup scan the',
    'same text again and again (`server/src/tools/plan-generator.ts`, `ADVERSARIAL_DOCUMENTS`), and',
    `is analysed with every rule on (\`force\`) in its own process, median of ${runs} run${runs > 1 ? 's' : ''} after a warm-up.`,
    '"× plan" compares with 1 MiB of generated plan; the target is 2×. The section-wise parse',
    '(micromark through remark) is measured on its own; "model and rules" is an analysis that',
    "reuses that parse for every section (the editor's path after an edit). A section longer than",
    '32 KiB is parsed in pieces, cut between the items of a tight bullet list, between table rows',
    'and before one-line HTML comments, and joined into the tree one parse gives (a test compares',
    'the two on the corpus, on generated plans and in every fuzz case): so a long list or table',
    "costs time and memory in proportion to its length. What a piece costs is micromark's own",
    'cost for that construct, which no pattern of planlint changes.',
    '',
    '| document | KiB | analysis ms | × plan | section-wise parse ms | model and rules ms | × plan (model and rules) | findings | peak RSS MiB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => row(r, base)),
    '',
    `Over the 2× target: ${over.length ? `${over.join('; ')}.` : 'none.'}`,
    '',
  ];
}
