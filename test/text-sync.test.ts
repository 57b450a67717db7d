import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { updateDocument } from '../server/src/lsp/text-sync.js';

/**
 * The reference: a position's offset in the text as it is (a line past the end is the end of
 * the document, a character past the end of its line the end of that line, before its line
 * break), a reversed range swapped, the text spliced.
 */
function splice(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, insert: string): string {
  const fresh = TextDocument.create('untitled:x.md', 'markdown', 1, text);
  const offset = (p: { line: number; character: number }) => (p.line >= fresh.lineCount ? text.length : fresh.offsetAt(p));
  const [a, b] = [offset(range.start), offset(range.end)].sort((x, y) => x - y);
  return text.slice(0, a) + insert + text.slice(b);
}

const piece = fc.constantFrom('a', 'bc', '\n', '\r\n', '\r', 'é', '😀', '\ud83d', '');
const text = fc.array(piece, { maxLength: 30 }).map((xs) => xs.join(''));
const position = fc.record({ line: fc.nat(8), character: fc.nat(8) });
const change = fc.record({ range: fc.record({ start: position, end: position }), text });

describe('document sync', () => {
  it('applies incremental changes exactly, whatever their ranges (inside, reversed, past the last line or past a line end)', () => {
    fc.assert(
      fc.property(text, fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { maxLength: 20 }), (initial, batches) => {
        let doc = TextDocument.create('untitled:x.md', 'markdown', 1, initial);
        let expected = initial;
        batches.forEach((changes, i) => {
          doc = updateDocument(doc, changes, i + 2);
          for (const c of changes) expected = splice(expected, c.range, c.text);
          expect(doc.getText()).toBe(expected);
          expect(doc.version).toBe(i + 2);
          // The line table matches the text: positions map as in a fresh document.
          const fresh = TextDocument.create('untitled:x.md', 'markdown', 1, expected);
          expect(doc.lineCount).toBe(fresh.lineCount);
          for (let o = 0; o <= expected.length; o++) expect(doc.positionAt(o)).toEqual(fresh.positionAt(o));
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('pins the case vscode-languageserver-textdocument gets wrong: a range past the last line', () => {
    const range = { start: { line: 5, character: 1 }, end: { line: 6, character: 9 } };
    const raw = TextDocument.update(TextDocument.create('u', 'markdown', 1, 'a\r\nb\r\n'), [{ range, text: '\nc' }], 2);
    expect(raw.getText()).toBe('a\r\nb\r\n\nc');
    expect(raw.lineCount).not.toBe(4); // the library's line table has lines the text does not
    const doc = updateDocument(TextDocument.create('u', 'markdown', 1, 'a\r\nb\r\n'), [{ range, text: '\nc' }], 2);
    expect(doc.lineCount).toBe(4);
    updateDocument(doc, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'X' }], 3);
    expect(doc.getText()).toBe('a\r\nb\r\n\nXc');
  });
});
