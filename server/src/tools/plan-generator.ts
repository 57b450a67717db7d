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
