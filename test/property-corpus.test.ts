import fc from 'fast-check';
import { describe, it } from 'vitest';
import { corpusFiles } from './helpers/corpus.js';
import { mutate, mutation, type Mutation } from './helpers/plan-arbitrary.js';
import { checkDocument, fuzzing, FUZZ_RUNS, runs, SEED, timeout, unit } from './helpers/properties.js';

const corpus = corpusFiles().map(([, text]) => text);

if (fuzzing) console.log(`corpus mutations: ${runs(0, 0.5)} of ${FUZZ_RUNS} cases, seed ${SEED + 1} (replay: PLANLINT_FUZZ_SEED=${SEED} npm run fuzz)`);

describe('analysis properties (see test/helpers/properties.ts)', () => {
  it.skipIf(corpus.length === 0)('hold for mutations of corpus plans', { timeout }, () => {
    const pick = fc.nat(Math.max(0, corpus.length - 1));
    // A corpus plan when short, else up to 2,000 characters from one of its lines, so that cases
    // stay fast (whole plans are analysed by the corpus tests).
    const window = fc.tuple(pick, unit, fc.boolean()).map(([i, at, whole]) => {
      const text = corpus[i]!;
      if (whole && text.length < 3_000) return text;
      const from = Math.max(0, text.lastIndexOf('\n', Math.floor(at * text.length)) + 1);
      return text.slice(from, from + 2_000);
    });
    fc.assert(
      fc.property(window, pick, fc.array(mutation({ large: true, huge: fuzzing }), { minLength: 1, maxLength: 4 }), (start, j, ms: Mutation[]) => {
        let text = start;
        let base = text;
        for (const m of ms) {
          base = text;
          text = mutate(text, m, corpus[j]!);
        }
        checkDocument(text, base);
      }),
      { seed: SEED + 1, numRuns: runs(600, 0.5) },
    );
  });
});
