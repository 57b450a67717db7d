import fc from 'fast-check';
import type { Paragraph } from 'mdast';
import { describe, expect, it } from 'vitest';
import { cleanHeadingText } from '../server/src/core/model/headings.js';
import { memoized, plain, withNodeMemo } from '../server/src/core/model/mdast.js';

/** The clean-up as one chain of every pass, each run on any text: what the guarded passes must equal. */
function everyPass(raw: string): string {
  return raw
    .replace(/\(\s*owner\s*:[^)]*\)/gi, ' ')
    .replace(/\(\s*(?:~\s*)?\d+(?:\.\d+)?(?:\s*[-–]\s*\d+(?:\.\d+)?)?\s*(?:h|hrs?|hours?|d|days?|w|wks?|weeks?)\s*\)/gi, ' ')
    .replace(/[([]\s*(?:done|complete|completed|finished|in progress|wip|blocked|pending|not started|todo|planned)\s*[)\]]/gi, ' ')
    .replace(/\s[—–-]\s*(?:done|complete|completed|finished|in progress)\s*$/i, ' ')
    .replace(/\s(?:DONE|COMPLETE|COMPLETED|FINISHED)\s*(?:!+\s*)?$/, ' ')
    .replace(/\[[ xX]\]/g, ' ')
    .replace(/[0-9#*]\uFE0F?\u20E3/gu, ' ')
    .replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}\u2705\u2714\u2610\u2611\u2612\u23F3\u26A0]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const paragraph = (value: string): Paragraph => ({ type: 'paragraph', children: [{ type: 'text', value }] });

describe('model memo and clean-up', () => {
  it('cleans a heading exactly as every pass run in turn would, whichever passes it skips', () => {
    const piece = fc.constantFrom(
      'Phase 1', ' ', '  ', '\t', '\u00a0', '(', ')', '[', ']', 'x', 'X', '[x]', '[ ]', '(owner: @ana)', '(2 days)', '(~3-5 h)',
      '(done)', '[WIP]', 'done', 'DONE', 'Complete', 'COMPLETED', 'finished', 'in progress', 'progress', '—', '–', '-', '!', '!!',
      '✅', '✔', '☑', '⏳', '⚠', '🚀', '1\uFE0F\u20E3', '#\u20E3', '\uFE0F', '\u200D', '©', 'é', 'Tests', 'rollout',
    );
    // Endings the status passes read, so that most runs reach them.
    const ending = fc.constantFrom('', ' DONE', ' DONE!', ' COMPLETED !! ', ' — done', ' - in progress ', ' finished', '\u00a0Done', ' (owner: [x])', ' [X]');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), ending, (pieces, end) => {
        const raw = pieces.join('') + end;
        expect(cleanHeadingText(raw)).toBe(everyPass(raw));
      }),
      { numRuns: 3000 },
    );
  });

  it('computes a memoized value once per node within a build, and afresh in the next build', () => {
    let calls = 0;
    const length = memoized((node) => {
      calls++;
      return plain(node).length;
    });
    const node = paragraph('Rollout: staged');
    expect(length(node) + length(node)).toBe(30);
    expect(calls).toBe(2); // outside a build: no memo
    calls = 0;
    withNodeMemo(() => {
      expect(length(node)).toBe(15);
      expect(length(node)).toBe(15);
      withNodeMemo(() => expect(length(node)).toBe(15)); // a nested call shares the outer memo
    });
    expect(calls).toBe(1);
    // An edit that changed the node between builds is read anew, plain text included.
    (node.children[0] as { value: string }).value = 'Rollout: staged, then all';
    withNodeMemo(() => {
      expect(plain(node)).toBe('Rollout: staged, then all');
      expect(length(node)).toBe(25);
    });
    expect(calls).toBe(2);
  });

  it('remembers an undefined result too, and forgets everything when a build throws', () => {
    let calls = 0;
    const none = memoized(() => {
      calls++;
      return undefined;
    });
    const node = paragraph('text');
    withNodeMemo(() => {
      none(node);
      none(node);
    });
    expect(calls).toBe(1);
    expect(() =>
      withNodeMemo(() => {
        none(node);
        throw new Error('pass failed');
      }),
    ).toThrow('pass failed');
    withNodeMemo(() => none(node));
    expect(calls).toBe(3);
  });
});
