import fc from 'fast-check';
import { describe, it } from 'vitest';
import { planDocument } from './helpers/plan-arbitrary.js';
import { checkDocument, earlier, fuzzing, FUZZ_RUNS, runs, SEED, timeout, unit } from './helpers/properties.js';

if (fuzzing) console.log(`generated documents: ${runs(0, 0.5)} of ${FUZZ_RUNS} cases, seed ${SEED} (replay: PLANLINT_FUZZ_SEED=${SEED} npm run fuzz)`);

describe('analysis properties (see test/helpers/properties.ts)', () => {
  it('hold for generated plan-grammar documents', { timeout }, () => {
    fc.assert(
      fc.property(planDocument, unit, fc.integer({ min: 1, max: 60 }), (text, at, length) => checkDocument(text, earlier(text, at, length))),
      { seed: SEED, numRuns: runs(1_500, 0.5) },
    );
  });
});
