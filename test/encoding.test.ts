import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, decodeAs, encodeFixed } from '../server/src/node/encoding.js';
import { onlyInsertedBytes } from './helpers/cli.js';

const bytes = (...b: number[]) => Buffer.from(b);

describe('decode', () => {
  it('detects byte order marks and UTF-16 without one', () => {
    expect(decode(Buffer.from('\ufeff# Plan\n', 'utf8'))).toMatchObject({ encoding: 'utf-8', bom: 3, text: '# Plan\n', invalid: 0 });
    expect(decode(Buffer.concat([bytes(0xff, 0xfe), Buffer.from('# Plan\n', 'utf16le')]))).toMatchObject({ encoding: 'utf-16le', bom: 2, text: '# Plan\n' });
    expect(decode(Buffer.concat([bytes(0xfe, 0xff), Buffer.from('# Plan\n', 'utf16le').swap16()]))).toMatchObject({ encoding: 'utf-16be', bom: 2, text: '# Plan\n' });
    expect(decode(Buffer.from('# Plan\n', 'utf16le'))).toMatchObject({ encoding: 'utf-16le', bom: 0, text: '# Plan\n' });
    expect(decode(Buffer.from('# Plan\n', 'utf16le').swap16())).toMatchObject({ encoding: 'utf-16be', bom: 0, text: '# Plan\n' });
    expect(decode(Buffer.from('a\u0000b\n', 'utf8'))).toMatchObject({ encoding: 'utf-8', text: 'a\u0000b\n' });
  });

  it('replaces invalid UTF-8 as the WHATWG decoder does and says where', () => {
    const latin1 = Buffer.from('Caf\u00e9 cr\u00e8me\n', 'latin1');
    expect(decode(latin1)).toMatchObject({ encoding: 'utf-8', text: 'Caf\ufffd cr\ufffdme\n', invalid: 2, firstInvalid: 3 });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }).filter((a) => !a.includes(0) && !(a[0]! >= 0xfe && a[1]! >= 0xfe && a[0] !== a[1])), (a) => {
        expect(decode(Buffer.from(a)).text).toBe(new TextDecoder('utf-8').decode(a));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps UTF-16 code units as they are, an odd last byte as one U+FFFD', () => {
    expect(decode(bytes(0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00, 0x42))).toMatchObject({ text: '\ud800A\ufffd', invalid: 1, firstInvalid: 6 });
  });
});

describe('encodeFixed', () => {
  it('splices ASCII insertions into Latin-1 bytes, keeping every byte', () => {
    const original = Buffer.from('# Caf\u00e9\r\n\r\nText \u00e8\r\n', 'latin1');
    const d = decode(original);
    const fixed = `${d.text}\r\n## Rollback\r\n`;
    const out = encodeFixed(d, fixed);
    expect(out).toEqual({ bytes: Buffer.concat([original, Buffer.from('\r\n## Rollback\r\n')]) });
  });

  it('refuses non-ASCII insertions into a file that is not valid UTF-8, and changed text in any file', () => {
    const d = decode(Buffer.from('# Caf\u00e9\n', 'latin1'));
    expect(encodeFixed(d, `${d.text}## R\u00e9sum\u00e9\n`)).toEqual({ refused: 'not valid UTF-8 (first invalid byte at offset 5) and the fix inserts non-ASCII text' });
    const utf8 = decode(Buffer.from('# Plan\n'));
    expect(encodeFixed(utf8, '# PLAN\n')).toEqual({ refused: 'the fix would change existing text' });
    expect(encodeFixed(decode(Buffer.from('\u{1F600}')), '\ud83d\n\ude00')).toEqual({ refused: 'an insertion would split a character' });
  });

  it('property: insertions into any bytes keep every original byte in order and decode back to the fixed text', () => {
    const insertion = fc.stringMatching(/^[ -~\n]{1,12}$/);
    fc.assert(
      fc.property(fc.constantFrom([], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]), fc.uint8Array({ maxLength: 80 }), fc.array(fc.tuple(fc.nat(), insertion), { maxLength: 4 }), (bom, raw, inserts) => {
        const original = Buffer.from([...bom, ...raw]);
        const d = decode(original);
        let fixed = d.text;
        const points = inserts.map(([at, text]) => [at % (d.text.length + 1), text] as const).sort((a, b) => b[0] - a[0]);
        let splitsPair = false;
        for (const [at, text] of points) {
          if (d.encoding === 'utf-8' && /[\ud800-\udbff]/.test(d.text[at - 1] ?? '') && /[\udc00-\udfff]/.test(d.text[at] ?? '')) splitsPair = true;
          fixed = fixed.slice(0, at) + text + fixed.slice(at);
        }
        const out = encodeFixed(d, fixed);
        if ('refused' in out) {
          // Only damaged input or an insertion between the halves of a UTF-8 character may be refused.
          expect(d.invalid > 0 || splitsPair).toBe(true);
          return;
        }
        expect(onlyInsertedBytes(original, out.bytes)).toBe(true);
        expect(decodeAs(out.bytes, d.encoding, d.bom).text).toBe(fixed);
      }),
      { numRuns: 3000 },
    );
  });
});
