import type { Heading as MdHeading } from 'mdast';
import type { ParsedDocument } from '../parse.js';
import type { Span } from '../text.js';
import type { VocabularyMatchers } from '../vocabulary.js';
import { memoized, plain, spanOf } from './mdast.js';
import { PRODUCTION_PHRASE, parseDuration } from './patterns.js';
import type { Heading } from './plan.js';

/**
 * The document's headings and what each says about its section: the first pass, read by
 * every later one.
 */
export interface Outline {
  /** Every heading in document order, with its section and content ends. */
  headings: Heading[];
  /** The headings' mdast nodes and their indexes among the root's children, parallel to `headings`. */
  nodes: Array<{ node: MdHeading; index: number }>;
  /** What each heading says by itself, parallel to `headings`. */
  locals: HeadingLocal[];
  /** Section kinds of each heading plus its ancestors' ("dod", "tests", "risks"...), parallel to `headings`. */
  inheritedKinds: Array<Set<string>>;
  /** The first H1, if any. */
  title: Heading | undefined;
  /** The title's span, else line 1's. */
  titleSpan: Span;
}

/** What a heading says by itself, cached on its mdast node (`data.planlint`) across edits. */
export interface HeadingLocal {
  /** `VocabularyMatchers.key` of the vocabulary it was computed with. */
  vocabulary: string;
  /** The heading's plain text, trimmed. */
  raw: string;
  /** `raw` cleaned by {@link cleanHeadingText}. */
  text: string;
  /** The kinds of section the heading names: dod, tests, rollback, risks, gates, requirements, health, drawbacks. */
  kinds: Set<string>;
  /** `(owner: …)` in the heading. */
  owner: string | undefined;
  /** A duration in parentheses, as written. */
  estimate: string | undefined;
  /** Whether the heading marks itself done. */
  done: boolean;
  /** Whether the heading mentions production. */
  production: boolean;
}

/** Heading text without emoji, status decorations, checkboxes, owners and estimates. */
export function cleanHeadingText(raw: string): string {
  // Each pass runs only when its text can be there: most headings have no parenthesis, bracket,
  // status word at the end or character outside ASCII.
  let s = raw;
  const paren = s.includes('(');
  if (paren) {
    s = s
      .replace(/\(\s*owner\s*:[^)]*\)/gi, ' ')
      .replace(/\(\s*(?:~\s*)?\d+(?:\.\d+)?(?:\s*[-–]\s*\d+(?:\.\d+)?)?\s*(?:h|hrs?|hours?|d|days?|w|wks?|weeks?)\s*\)/gi, ' ');
  }
  const bracket = s.includes('[');
  if (paren || bracket) s = s.replace(/[([]\s*(?:done|complete|completed|finished|in progress|wip|blocked|pending|not started|todo|planned)\s*[)\]]/gi, ' ');
  // A status word at the end ends in e, d, s or "!" (done, complete, completed, finished, in progress).
  if (STATUS_END.test(s.trimEnd().slice(-1))) {
    s = s.replace(/\s[—–-]\s*(?:done|complete|completed|finished|in progress)\s*$/i, ' ').replace(/\s(?:DONE|COMPLETE|COMPLETED|FINISHED)\s*(?:!+\s*)?$/, ' ');
  }
  if (bracket) s = s.replace(/\[[ xX]\]/g, ' ');
  if (NON_ASCII.test(s)) {
    s = s.replace(/[0-9#*]\uFE0F?\u20E3/gu, ' ').replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}\u2705\u2714\u2610\u2611\u2612\u23F3\u26A0]/gu, ' ');
  }
  return s.replace(/\s+/g, ' ').trim();
}

const STATUS_END = /^[eEdDsS!]$/;
/** Emoji, keycaps and the marks removed from headings are all outside ASCII. */
const NON_ASCII = /[^\x00-\x7F]/;

function headingDone(raw: string): boolean {
  // A mark before the title is an icon ("## ✅ Sign-off"); after the title it is a status.
  const lastMark = Math.max(raw.lastIndexOf('✅'), raw.lastIndexOf('✔'), raw.lastIndexOf('☑'));
  return (lastMark > 0 && /[\p{L}\p{N}]/u.test(raw.slice(0, lastMark))) || /\[[xX]\]/.test(raw) || /[([]\s*(?:done|complete|completed|finished)\s*[)\]]/i.test(raw) || /\s[—–-]\s*(?:done|complete|completed|finished)\s*$/i.test(raw) || /\s(?:DONE|COMPLETE|COMPLETED|FINISHED)\s*(?:!+\s*)?$/.test(raw);
}

/** A heading's plain text, trimmed, and that text cleaned ({@link cleanHeadingText}): read once per node and build. */
const headingTextOf = memoized((node): { raw: string; text: string } => {
  const raw = plain(node).trim();
  return { raw, text: cleanHeadingText(raw) };
});

/** What `node` says by itself; computed once per node and vocabulary, then read from `node.data`. */
export function headingLocal(node: MdHeading, vocab: VocabularyMatchers): HeadingLocal {
  const data = (node.data ??= {}) as { planlint?: HeadingLocal };
  if (data.planlint && data.planlint.vocabulary === vocab.key) return data.planlint;
  const { raw, text } = headingTextOf(node);
  const kinds = new Set<string>();
  const t = text.replace(/^\d+(?:\.\d+)*[.)]?\s+/, '').replace(/[*_`]/g, '');
  const short = t.split(/\s+/).length <= 8;
  const has = (p: RegExp) => short && p.test(t);
  if (vocab.dod.test(t) || has(vocab.inHeading.dod)) kinds.add('dod');
  if (vocab.tests.test(t) || has(vocab.inHeading.tests) || (short && /^validation\b/i.test(t))) kinds.add('tests');
  // Named exactly as a tests section ("Test Plan", "Testing"), not only mentioning tests ("List Tests - Listing").
  if (vocab.tests.test(t)) kinds.add('testsSection');
  if (vocab.rollback.test(t) || has(vocab.inHeading.rollback)) kinds.add('rollback');
  if (vocab.risks.test(t) || has(vocab.inHeading.risks)) kinds.add('risks');
  if (vocab.gates.test(t) || /^(?:[\w/&-]+\s+){0,2}(?:ci|quality|release|merge|exit|go\/no-go|promotion)\s+gates?(?:\s+matrix)?$/i.test(t)) kinds.add('gates');
  if (vocab.requirements.test(t)) kinds.add('requirements');
  if (/\b(?:monitoring|observability|health\s*checks?|smoke\s+tests?|alerting|slos?|verification|post[- ]deploy(?:ment)?\s+checks?)\b/i.test(t)) kinds.add('health');
  if (/\bdrawbacks?\b/i.test(t)) kinds.add('drawbacks');
  let estimate: string | undefined;
  for (const group of raw.slice(0, raw.lastIndexOf(')') + 1).matchAll(/\(([^)]*)\)/g)) {
    const d = parseDuration(group[1]!);
    if (d && d.index === 0) {
      estimate = d.text;
      break;
    }
  }
  const local: HeadingLocal = {
    vocabulary: vocab.key,
    raw,
    text,
    kinds,
    owner: /\(\s*owner\s*:\s*([^)]+)\)/i.exec(raw)?.[1]?.trim(),
    estimate,
    done: headingDone(raw),
    production: PRODUCTION_PHRASE.test(text),
  };
  data.planlint = local;
  return local;
}

/**
 * The text of each top-level heading of `doc` as {@link buildOutline} gives it (`Heading.text`),
 * in order, without building the outline: what profile detection reads before the model is built.
 */
export function headingTexts(doc: ParsedDocument): Array<Pick<Heading, 'text'>> {
  const out: Array<Pick<Heading, 'text'>> = [];
  for (const node of doc.root.children) if (node.type === 'heading') out.push({ text: headingTextOf(node).text });
  return out;
}

/**
 * The outline of `doc`: its headings (top-level only), where each one's section ends (at the
 * next heading of the same or a higher level) and its content ends (at the next heading), and
 * the section kinds each inherits from its ancestors.
 */
export function buildOutline(doc: ParsedDocument, vocab: VocabularyMatchers): Outline {
  const { text, lines, root } = doc;
  const nodes: Array<{ node: MdHeading; index: number }> = [];
  root.children.forEach((node, index) => {
    if (node.type === 'heading') nodes.push({ node, index });
  });
  const locals = nodes.map(({ node }) => headingLocal(node, vocab));
  const headings: Heading[] = nodes.map(({ node }, i) => ({ depth: node.depth, raw: locals[i]!.raw, text: locals[i]!.text, span: spanOf(node), sectionEnd: text.length, contentEnd: text.length }));
  {
    // A heading's section ends at the next heading of the same or a higher level (a stack walk).
    const open: Heading[] = [];
    headings.forEach((h, i) => {
      const next = headings[i + 1];
      h.contentEnd = next ? next.span.start.offset : text.length;
      while (open.length && open[open.length - 1]!.depth >= h.depth) open.pop()!.sectionEnd = h.span.start.offset;
      open.push(h);
    });
  }
  const title = headings.find((h) => h.depth === 1);
  const titleSpan = title ? title.span : lines.lineSpan(1);
  // Kinds of each heading's section plus its ancestors' (a stack walk, O(headings)).
  const inheritedKinds: Array<Set<string>> = [];
  const stack: number[] = [];
  headings.forEach((h, i) => {
    while (stack.length && headings[stack[stack.length - 1]!]!.depth >= h.depth) stack.pop();
    const kinds = new Set<string>(locals[i]!.kinds);
    for (const a of stack) for (const k of locals[a]!.kinds) kinds.add(k);
    inheritedKinds.push(kinds);
    stack.push(i);
  });
  return { headings, nodes, locals, inheritedKinds, title, titleSpan };
}

/** Index of the last heading starting at or before the 0-based `offset` (-1 when none does). */
export function headingIndexAt(headings: readonly Heading[], offset: number): number {
  let lo = 0;
  let hi = headings.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (headings[mid]!.span.start.offset <= offset) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

const NO_KINDS: ReadonlySet<string> = new Set<string>();

/**
 * Kinds of the sections (the nearest heading and its ancestors) that contain the 0-based
 * `offset`, and that heading's index (-1 before the first heading).
 */
export function sectionKindsAt(outline: Outline, offset: number): { kinds: ReadonlySet<string>; heading: number } {
  const i = headingIndexAt(outline.headings, offset);
  return { kinds: i >= 0 ? outline.inheritedKinds[i]! : NO_KINDS, heading: i };
}
