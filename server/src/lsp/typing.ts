/**
 * Quiet typing: which diagnostics an editor is shown while the author types. Findings are
 * computed on stable text: while the last edit is inside a word being typed ("Load testi"),
 * the diagnostics shown are the last ones computed outside a word, moved with the edits
 * since, so that no finding appears and disappears as a word forms ("testi" is not a test
 * word, "testing" is). The word counts as finished when a character that is not part of a
 * word is typed, an edit is made elsewhere, or typing pauses for {@link SETTLE_MS}. With
 * `planlint.run: "onSave"` the diagnostics shown are those of the last save (or open), moved
 * with the edits since, until the next save. With `planlint.focus`, findings that are new in
 * the paragraph of the last edit wait until the author leaves it (the cursor moves out, or an
 * edit is made elsewhere).
 */
import type { Diagnostic, Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** Milliseconds of no typing after which a word being typed counts as finished. */
export const SETTLE_MS = 800;

/** When findings are computed: as you type (on stable words) or when the document is saved. */
export type RunMode = 'onType' | 'onSave';

const WORD = /^[\p{L}\p{N}_'-]+$/u;
const WORD_CHAR = /[\p{L}\p{N}_'-]/u;

/** Where `p` is after `range` was replaced by `text` (a position inside the range goes to its start). */
export function movePosition(p: Position, range: Range, text: string): Position {
  const { start, end } = range;
  const before = p.line < start.line || (p.line === start.line && p.character <= start.character);
  if (before) return p;
  const inside = p.line < end.line || (p.line === end.line && p.character < end.character);
  if (inside) return start;
  const lines = text.split(/\r\n|\r|\n/);
  const added = lines.length - 1;
  if (p.line === end.line) {
    const base = added === 0 ? start.character + text.length : lines[added]!.length;
    return { line: start.line + added, character: base + (p.character - end.character) };
  }
  return { line: p.line + added - (end.line - start.line), character: p.character };
}

/** `diagnostics` moved through one change (a full-text change drops them: nothing to move them by). */
function moveDiagnostics(diagnostics: Diagnostic[], change: TextDocumentContentChangeEvent): Diagnostic[] | undefined {
  if (!('range' in change) || !change.range) return undefined;
  const { range, text } = change;
  return diagnostics.map((d) => ({ ...d, range: { start: movePosition(d.range.start, range, text), end: movePosition(d.range.end, range, text) } }));
}

/**
 * True when `change`, the last of an edit, leaves the author inside a word: it typed word
 * characters only, or deleted within one line next to a word character.
 */
function insideWord(change: TextDocumentContentChangeEvent, doc: TextDocument): boolean {
  if (!('range' in change) || !change.range || change.range.start.line !== change.range.end.line) return false;
  if (change.text !== '') return WORD.test(change.text);
  // A change that replaces nothing with nothing types and deletes nothing: no word is being formed.
  if (change.range.start.character === change.range.end.character) return false;
  const at = doc.offsetAt(change.range.start);
  const text = doc.getText();
  return WORD_CHAR.test(text.charAt(at - 1)) || WORD_CHAR.test(text.charAt(at));
}

/** A diagnostic's identity across analyses: its rule, message and (moved) start line. */
const identity = (d: Diagnostic) => `${String(d.code)}\u0000${typeof d.message === 'string' ? d.message : ''}\u0000${d.range.start.line}`;

/** 0-based first and last line of the run of non-blank lines around `line` in `doc`. */
function paragraphAt(doc: TextDocument, line: number): { start: number; end: number } {
  const text = (n: number) => doc.getText({ start: { line: n, character: 0 }, end: { line: n + 1, character: 0 } });
  const blank = (n: number) => text(n).trim() === '';
  let start = line;
  while (start > 0 && !blank(start - 1)) start--;
  let end = line;
  while (end < doc.lineCount - 1 && !blank(end + 1)) end++;
  return { start, end };
}

interface TypingState {
  /** The document's run mode, as last reported by the server. */
  run: RunMode;
  /** The last diagnostics shown fresh, moved with every edit since. */
  shown: Diagnostic[] | undefined;
  /** Whether the last edit left the author inside a word. */
  inWord: boolean;
  /** Why fresh diagnostics are held back now. */
  hold: 'word' | 'save' | undefined;
  settle: NodeJS.Timeout | undefined;
  /** Focus mode on (`planlint.focus`). */
  focus: boolean;
  /** 0-based first and last line of the paragraph of the last edit, while the author is in it (focus mode). */
  block: { start: number; end: number } | undefined;
}

/**
 * The diagnostics to show per open document under quiet typing. The server reports each edit
 * ({@link edited}), the document's run mode ({@link mode}), each save ({@link saved}) and the
 * diagnostics of each analysis it is about to show ({@link visible}).
 */
export class QuietTyping {
  private readonly states = new Map<string, TypingState>();

  /**
   * @param settled called when held diagnostics should give way to fresh ones (a word was
   *   left alone for {@link SETTLE_MS}, or the document was saved): the server publishes again,
   *   or asks pull clients to refresh
   * @param settleMs the pause after which a word counts as finished
   */
  constructor(
    private readonly settled: (uri: string) => void,
    private readonly settleMs = SETTLE_MS,
  ) {}

  private state(uri: string): TypingState {
    let s = this.states.get(uri);
    if (!s) this.states.set(uri, (s = { run: 'onType', shown: undefined, inWord: false, hold: undefined, settle: undefined, focus: false, block: undefined }));
    return s;
  }

  /**
   * Records the `changes` just applied to `doc` (in order): moves the diagnostics shown with
   * them, and holds fresh ones back while a word is being typed (or, with `onSave`, until the
   * next save). Called synchronously as the edit is applied, before any request can see it.
   */
  edited(doc: TextDocument, changes: readonly TextDocumentContentChangeEvent[]): void {
    const s = this.state(doc.uri);
    for (const change of changes) s.shown = s.shown && moveDiagnostics(s.shown, change);
    const last = changes[changes.length - 1];
    s.inWord = last !== undefined && insideWord(last, doc);
    s.block = s.focus && last && 'range' in last && last.range ? paragraphAt(doc, movePosition(last.range.end, last.range, last.text).line) : undefined;
    this.decide(doc.uri, s);
  }

  /** The cursor of `uri` is on 0-based `line` (focus mode): leaving the paragraph shows what waited. */
  cursor(uri: string, line: number): void {
    const s = this.states.get(uri);
    if (!s?.block || (line >= s.block.start && line <= s.block.end)) return;
    s.block = undefined;
    this.settled(uri);
  }

  /** The run mode of `uri` (`planlint.run`, `planlint.focus`), which applies from its next edit on (and now, when it changed). */
  mode(uri: string, run: RunMode, focus = false): void {
    const s = this.state(uri);
    if (!focus && s.block) {
      s.block = undefined;
      this.settled(uri);
    }
    s.focus = focus;
    if (s.run === run) return;
    s.run = run;
    if (run === 'onType' && s.hold === 'save') {
      s.hold = undefined;
      this.settled(uri);
    }
  }

  private decide(uri: string, s: TypingState): void {
    clearTimeout(s.settle);
    s.settle = undefined;
    if (s.run === 'onSave') {
      s.hold = s.shown ? 'save' : undefined;
      return;
    }
    s.hold = s.inWord && s.shown ? 'word' : undefined;
    if (s.hold !== 'word') return;
    s.settle = setTimeout(() => {
      s.settle = undefined;
      if (s.hold !== 'word') return;
      s.hold = undefined;
      this.settled(uri);
    }, this.settleMs);
  }

  /** Whether fresh diagnostics of `uri` are held back until the next save. */
  waitsForSave(uri: string): boolean {
    return this.states.get(uri)?.hold === 'save';
  }

  /** The document was saved: fresh diagnostics are shown again. */
  saved(uri: string): void {
    const s = this.states.get(uri);
    if (!s || s.hold !== 'save') return;
    s.hold = undefined;
    this.settled(uri);
  }

  /**
   * The diagnostics `uri` shows while fresh ones are held back (a word being typed, a save
   * awaited), moved with the edits since; undefined when fresh ones would be shown. While they
   * are held, an edit needs no analysis to be answered: whatever it found would not be shown.
   */
  held(uri: string): Diagnostic[] | undefined {
    const s = this.states.get(uri);
    return s?.hold && s.shown ? s.shown : undefined;
  }

  /**
   * The diagnostics to show for `uri` given the current analysis's `fresh` ones: those held
   * (moved with the edits since) while a word is being typed or a save awaited; `fresh`
   * otherwise, which then become the ones held next.
   */
  visible(uri: string, fresh: Diagnostic[]): Diagnostic[] {
    const s = this.state(uri);
    if (s.hold && s.shown) return s.shown;
    if (s.block && s.shown) {
      // Focus: in the paragraph being edited, only what was already shown (or is gone now).
      const { start, end } = s.block;
      const known = new Set(s.shown.map(identity));
      fresh = fresh.filter((d) => d.range.start.line < start || d.range.start.line > end || known.has(identity(d)));
    }
    s.shown = fresh;
    return fresh;
  }

  /** Forgets a closed document. */
  closed(uri: string): void {
    clearTimeout(this.states.get(uri)?.settle);
    this.states.delete(uri);
  }
}
