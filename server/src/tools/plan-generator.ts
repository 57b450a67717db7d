/**
 * Deterministic generator of realistic plans for benchmarks and stress tests: phases with task
 * checklists, DoD and tests labels, requirement IDs and references, risk and gate tables, code
 * fences, nested lists and prose.
 */

/** A small deterministic PRNG (mulberry32), so that every run lints the same text. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VERBS = ['Implement', 'Add', 'Wire', 'Refactor', 'Document', 'Migrate', 'Benchmark', 'Validate', 'Deploy', 'Review'];
const NOUNS = ['session store', 'billing API', 'invoice renderer', 'audit log', 'search index', 'rate limiter', 'feature flag', 'export job', 'webhook relay', 'settings page'];

/**
 * A plan of about `lines` lines (within one phase's size).
 *
 * @param lines target line count
 * @param seed PRNG seed; the same seed gives the same text
 */
export function generatePlan(lines: number, seed = 1): string {
  const rnd = random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const reqCount = Math.max(3, Math.floor(lines / 60));
  const out: string[] = ['# Implementation Plan: platform rewrite', '', 'This plan moves the platform to the new architecture in phases.', '', '## Requirements', ''];
  for (let i = 1; i <= reqCount; i++) out.push(`- **FR-${String(i).padStart(3, '0')}**: The system ${pick(['MUST', 'SHOULD'])} support the ${pick(NOUNS)} for every tenant.`);
  out.push('');
  let phase = 0;
  let task = 0;
  while (out.length < lines - 20) {
    phase++;
    out.push(`## Phase ${phase}: ${pick(VERBS)} the ${pick(NOUNS)} (${1 + Math.floor(rnd() * 5)} days)`, '');
    out.push(`Owner: team-${1 + Math.floor(rnd() * 4)}`, '', `Depends on: Phase ${Math.max(1, phase - 1)}`, '');
    const tasks = 4 + Math.floor(rnd() * 8);
    for (let t = 0; t < tasks; t++) {
      task++;
      const req = `FR-${String(1 + Math.floor(rnd() * reqCount)).padStart(3, '0')}`;
      out.push(`- [${rnd() < 0.3 ? 'x' : ' '}] T${String(task).padStart(3, '0')} ${pick(VERBS)} the ${pick(NOUNS)} (${req})`);
      if (rnd() < 0.3) out.push(`  - [ ] Cover the edge case for ${pick(NOUNS)}`);
    }
    out.push('');
    if (rnd() < 0.5) {
      out.push('```ts', `export function step${phase}(input: string): string {`, '  // TODO inside code is not read', `  return input.trim();`, '}', '```', '');
    }
    if (rnd() < 0.3) {
      out.push('| Gate | Command | Threshold |', '| --- | --- | --- |', '| Unit tests | `npm test` | 100% pass |', `| Coverage | \`npm run coverage\` | ≥ ${70 + Math.floor(rnd() * 25)}% |`, '');
    }
    out.push(`**Tests:** unit and integration tests for phase ${phase}, run by \`npm test\`.`, '');
    out.push(`**Definition of Done:** p95 latency under ${100 + Math.floor(rnd() * 200)} ms and \`npm test\` passes.`, '');
    if (rnd() < 0.2) out.push('> Note: coordinate with the platform team before starting this phase.', '');
  }
  out.push('## Risks', '', '| Risk | Likelihood | Impact | Mitigation |', '| --- | --- | --- | --- |', '| Data loss during migration | Low | High | Dual writes and a verified backup |', '');
  out.push('## Rollback', '', '- Disable the feature flag; traffic returns to the old path within 5 minutes.', '');
  return `${out.join('\n')}\n`;
}

/** The heading every adversarial document starts with, so that it reads as a plan with one stage. */
const ADVERSARIAL_HEAD = '# Implementation Plan\n\n## Phase 1: Build\n\n';

/** `unit` repeated on lines of their own until the text holds at least `bytes` UTF-16 units. */
function lines(unit: string, bytes: number): string {
  return `${ADVERSARIAL_HEAD}${unit}\n`.padEnd(bytes, `${unit}\n`);
}

/**
 * Documents built to find superlinear work: each repeats one construct that a regular
 * expression or a lookup could scan again and again (long runs of one character, ID-like
 * tokens, a line kind repeated without a blank line, a line-ending style). Keys are the names
 * the benchmark prints; each value builds a document of about `bytes` UTF-16 units.
 */
export const ADVERSARIAL_DOCUMENTS: Record<string, { what: string; build: (bytes: number) => string }> = {
  spaces: { what: 'lines of 1,000 spaces between two words', build: (n) => lines(`a${' '.repeat(1000)}b`, n) },
  tabs: { what: 'lines of 1,000 tabs between two words', build: (n) => lines(`a${'\t'.repeat(1000)}b`, n) },
  brackets: { what: 'lines of 1,000 `[`', build: (n) => lines('['.repeat(1000), n) },
  stars: { what: 'lines of 1,000 `*`', build: (n) => lines(`a${'*'.repeat(1000)}`, n) },
  pipes: { what: 'lines of 1,000 `|`', build: (n) => lines('|'.repeat(1000), n) },
  dashes: { what: 'lines of 1,000 `-` after a word', build: (n) => lines(`a${'-'.repeat(1000)}`, n) },
  hashes: { what: 'lines of 1,000 `#`', build: (n) => lines('#'.repeat(1000), n) },
  'less-than': { what: 'lines of 1,000 `<`', build: (n) => lines('<'.repeat(1000), n) },
  digits: { what: 'lines of 1,000 digits', build: (n) => lines('7'.repeat(1000), n) },
  'id-like': { what: 'lines of `FR-1FR-1…` (1,000 characters)', build: (n) => lines('FR-1'.repeat(250), n) },
  'total-spaces': { what: '"Total", 160 spaces and a word, one paragraph per line', build: (n) => lines(`Total${' '.repeat(160)}x\n`, n) },
  'stage-spaces': { what: '"Phase", 1,000 spaces and tabs, then a word', build: (n) => lines(`Phase${' \t'.repeat(500)}x\n`, n) },
  words: { what: 'lines of one word repeated 250 times', build: (n) => lines('the '.repeat(250), n) },
  'tbd-items': { what: 'one-line list items `- TBD`', build: (n) => lines('- TBD', n) },
  'template-slots': { what: 'list items of template slots `<name> [Feature Name] {{x}}`', build: (n) => lines('- Owner: <name> [Feature Name] {{x}}', n) },
  'comment-placeholders': { what: 'placeholders inside HTML comments, one comment per line', build: (n) => lines('<!-- TODO: <name> TBD [Feature Name] -->', n) },
  'long-table': { what: 'one table of three columns', build: (n) => `${ADVERSARIAL_HEAD}| Task | Owner | Estimate |\n| --- | --- | --- |\n`.padEnd(n, '| Build | TBD | 2 days |\n') },
  'wide-table': { what: 'one table of 200 columns', build: (n) => `${ADVERSARIAL_HEAD}|${' a |'.repeat(200)}\n|${' --- |'.repeat(200)}\n`.padEnd(n, `|${' TBD |'.repeat(200)}\n`) },
  'suppressed-items': { what: 'list items `- TBD`, each after a `planlint-disable-next-line` comment', build: (n) => lines('<!-- planlint-disable-next-line placeholder-text -- draft -->\n- TBD', n) },
  'open-bracket': { what: 'one paragraph of words after an image label `![` that never closes', build: (n) => `${ADVERSARIAL_HEAD}![Kuber`.padEnd(n - 1, 'lorem ipsum ') + '\n' },
  'nested-quotes': { what: 'lines of 50 nested block quotes', build: (n) => lines(`${'> '.repeat(50)}TBD`, n) },
};

/** A generated plan of about `bytes` UTF-16 units (see {@link generatePlan}): the yardstick of the adversarial documents. */
export function planOfSize(bytes: number): string {
  let lineCount = Math.max(100, Math.round(bytes / 31.5));
  let text = generatePlan(lineCount);
  // The generator stops at whole phases: correct the line count once by the measured ratio.
  lineCount = Math.round((lineCount * bytes) / text.length);
  text = generatePlan(lineCount);
  return text;
}

/** The line endings of `text` replaced by `eol`. */
export function withLineEndings(text: string, eol: '\r' | '\r\n'): string {
  return text.replace(/\r?\n/g, eol);
}
