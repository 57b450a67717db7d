import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Outline } from '../server/src/core/model/headings.js';
import type { RepeatView } from '../server/src/core/model/repeats.js';
import { repeatViewAt } from '../server/src/core/model/stages.js';

/** Headings of the given depths, 10 characters apart, each section ending where a heading as deep or shallower starts. */
function outlineOf(depths: number[]): Outline {
  const length = depths.length * 10;
  const headings = depths.map((depth, i) => {
    const next = depths.findIndex((d, j) => j > i && d <= depth);
    return { depth, span: { start: { line: i + 1, column: 1, offset: i * 10 } }, sectionEnd: next < 0 ? length : next * 10 };
  });
  return { headings } as unknown as Outline;
}

describe('repeatViewAt', () => {
  it('finds, for every offset, the first view in order whose section holds it (as a search of every view does)', () => {
    const arbitrary = fc
      .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 30 })
      .chain((depths) => fc.tuple(fc.constant(depths), fc.uniqueArray(fc.integer({ min: 0, max: depths.length - 1 }), { maxLength: depths.length })));
    fc.assert(
      fc.property(arbitrary, ([depths, picked]) => {
        const outline = outlineOf(depths);
        const repeats: RepeatView[] = picked.map((heading) => ({ heading, target: 0 }));
        const lookup = repeatViewAt(repeats, outline);
        for (let offset = 0; offset < depths.length * 10 + 5; offset += 5) {
          const expected = repeats.find((v) => offset >= outline.headings[v.heading]!.span.start.offset && offset < outline.headings[v.heading]!.sectionEnd);
          expect(lookup(offset)).toBe(expected);
        }
      }),
      { numRuns: 300, seed: 14 },
    );
  });
});
