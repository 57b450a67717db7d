/**
 * Document sync that stays exact whatever range a client sends. vscode-languageserver-
 * textdocument applies a change at the clamped offsets of its range, but updates its line
 * table with the range's unclamped line numbers: after one change whose range starts or ends
 * past the last line, the table has lines the text does not, and every later incremental
 * change lands at the wrong offset (the server's copy no longer matches the editor's). Each
 * range is therefore clamped to the document first, as LSP clamps a character past the end of
 * its line: a line past the end means the end of the document.
 */
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

type Position = { line: number; character: number };

function clamp(doc: TextDocument, p: Position): Position {
  const line = Number.isFinite(p.line) ? Math.max(0, Math.floor(p.line)) : 0;
  const character = Number.isFinite(p.character) ? Math.max(0, Math.floor(p.character)) : 0;
  if (line >= doc.lineCount) return doc.positionAt(doc.getText().length);
  return doc.positionAt(doc.offsetAt({ line, character }));
}

/**
 * Applies `changes` to `doc` one after the other, each range clamped to the document as it is
 * at that change, and sets `version`. Same contract as `TextDocument.update` (it updates `doc`
 * and returns it).
 */
export function updateDocument(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
  for (const change of changes) {
    if (!('range' in change) || !change.range) {
      doc = TextDocument.update(doc, [{ text: change.text }], version);
      continue;
    }
    const range = { start: clamp(doc, change.range.start), end: clamp(doc, change.range.end) };
    doc = TextDocument.update(doc, [{ range, text: change.text }], version);
  }
  return TextDocument.update(doc, [], version);
}

/** The TextDocuments configuration of the server: `TextDocument.create` and {@link updateDocument}. */
export const documentSync = { create: TextDocument.create, update: updateDocument };
