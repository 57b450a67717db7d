import { isTbd } from './labels.js';
import { isThematicBreak } from '../section-scan.js';
import { HTML_TAGS } from './patterns.js';

/**
 * What "unfilled" means (spec v2, "Unfilled"): a section or label whose content is empty, only an
 * HTML comment, only TBD/TODO/TKTK/N/A/"-", or only template slots and guidance for the author.
 * An unfilled section is evidence of nothing: it satisfies no rule and earns no score.
 */

/** A bracketed template slot, innermost first: `[Describe the rollback]`, `[FEATURE NAME]`; not a link (`[text](url)`, `[text][ref]`), a tag (`[P]`, `[US1]`) or a checkbox. */
const BRACKET_SLOT = /(?<!\])\[([^[\]\n]*)\](?![[(:])/g;
/** Other slots: `<command>` (not an HTML tag or autolink), `{{owner}}`, a snippet tab stop `${1:…}` or `$1`. */
const OTHER_SLOT = /<(?!https?:|mailto:|\/)([^>\n]+)>|\{\{[^}\n]*\}\}|\$\{\d+(?::[^}\n]*)?\}|\$\d+\b/gi;
/** A line led by a placeholder word: `TODO: a verifiable outcome`, `TBD (the trigger)`. */
const PLACEHOLDER_LED = /^(?:TODO|TBD|TBC|TKTK|FIXME|XXX)\b(?![\w-])/;
/** A short label before a slot: `Trigger: TODO`, `Steps: <commands>`. */
const SHORT_LABEL = /^[^:：\n]{1,40}[:：]\s*/;

/** `text` with its template slots removed (nested brackets innermost first), and how many there were. */
function withoutSlots(text: string): { rest: string; slots: number } {
  let slots = 0;
  let rest = text.replace(OTHER_SLOT, (m, angle: string | undefined) => {
    // An HTML tag (`<br>`, `<img src=…>`) is markup, not a slot.
    if (angle !== undefined && HTML_TAGS.has(angle.trim().split(/[\s/]/)[0]!.toLowerCase())) return m;
    slots++;
    return ' ';
  });
  // Innermost first, a few levels deep: each pass is linear, and slots nest at most a level or two.
  for (let before = '', pass = 0; before !== rest && pass < 4; pass++) {
    before = rest;
    rest = rest.replace(BRACKET_SLOT, (m, inner: string) => {
      if (!/\s|[a-z]{2}/.test(inner) || /^[ xX]$/.test(inner)) return m;
      slots++;
      return ' ';
    });
  }
  return { rest, slots };
}

/**
 * Whether one line of content (list marker, checkbox and emphasis already removed) holds nothing
 * but a placeholder: TBD/N/A/"-", a line led by TODO/TBD ("TODO: name the tests"), or template
 * slots (`[Describe …]`, `<command>`, `{{var}}`, `${1:…}`) with at most one word around each
 * ("Given [state], When [action], Then [outcome]"), after an optional short label.
 */
export function isSlotLine(line: string): boolean {
  const t = line.trim();
  if (t === '' || isTbd(t) || PLACEHOLDER_LED.test(t) || onlySlots(t)) return true;
  const rest = t.replace(SHORT_LABEL, '');
  if (rest === '' || rest === t) return false; // a bare label ("Tests:") introduces what follows
  return isTbd(rest) || PLACEHOLDER_LED.test(rest) || onlySlots(rest);
}

/** Template slots with at most one word around each. */
function onlySlots(text: string): boolean {
  const { rest, slots } = withoutSlots(text);
  if (slots === 0) return false;
  const words = rest.replace(/[.,;:·•|`*_()"'-]/g, ' ').split(/\s+/).filter((w) => /\p{L}|\d/u.test(w));
  return words.length <= slots;
}

/** A question to the author ("How will it be tested?"). */
const QUESTION = /\?\s*$/;
/**
 * Guidance for the author: an instruction about writing the section ("Consider the following…",
 * "No need to outline all of the test cases", "Note: Section not required…", "This is where…",
 * "… should be called out").
 */
const GUIDANCE =
  /^(?:note\b|(?:please\s+)?(?:consider|think\s+(?:about|broadly)|clearly\s+define|make\s+sure|be\s+sure|remember\s+to|no\s+need\s+to|if\s+applicable|use\s+this\s+section|fill\s+(?:in|out)|replace\s+(?:this|the)|describe|explain|summari[sz]e|outline|enumerate|specify)\b|this\s+(?:section|is\s+where)\b)|\bshould\s+be\s+(?:called\s+out|described|explained|listed|noted|outlined|mentioned|documented\s+here)\b/i;

/** A question without its question mark ("What are the risks and how do we mitigate."). */
const INTERROGATIVE = /^(?:what|how|why|which|who|when|where)\s+(?:are|is|do|does|did|will|would|should|can|could|must)\b/i;
/** "For example, consider …": the example introduces the instruction. */
const EXAMPLE_LEAD = /^(?:for\s+(?:example|instance)|e\.g\.),?\s*/i;

/** Whether a sentence of prose is guidance for the author rather than plan content. */
function isGuidance(sentence: string): boolean {
  const t = sentence.trim().replace(EXAMPLE_LEAD, '');
  return QUESTION.test(t) || GUIDANCE.test(t) || INTERROGATIVE.test(t);
}

/** Content lines: a code fence, a table row with a filled cell. */
const FENCE = /^(?:```|~~~)/;
const LINK_DEFINITION = /^\[[^\]]+\]:\s*\S/;

/**
 * True when the section body `text[start, end)` says nothing (spec v2, "Unfilled"): only
 * headings, HTML comments, blank lines, thematic breaks, TBD/TODO/N/A/"-" lines, lines that hold only template
 * slots ({@link isSlotLine}), link definitions and guidance for the author. Prose counts as
 * guidance when every sentence is a question or an instruction to the author, or when at least
 * three are and at most one sentence says something else (a template's instructions with one
 * remark). A code block, or a table row with a filled cell, is content.
 */
export function unfilled(text: string, start: number, end: number): boolean {
  const body = text.slice(start, end).replace(/<!--[\s\S]*?(?:-->|$)/g, ' ');
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) paragraphs.push(current.join(' '));
    current = [];
  };
  for (const raw of body.split('\n')) {
    const l = raw.trim();
    if (FENCE.test(l)) return false;
    if (l === '' || /^#{1,6}(?:\s|$)/.test(l) || LINK_DEFINITION.test(l) || isThematicBreak(l)) {
      flush();
      continue;
    }
    if (l.startsWith('|')) {
      const cells = l.replace(/^\||\|$/g, '').split('|').map((c) => c.trim().replace(/[*_]/g, ''));
      if (cells.every((c) => /^:?-*:?$/.test(c) || isSlotLine(c))) continue;
      return false;
    }
    const item = /^(?:[-*+]|\d+[.)])\s+/.test(l);
    const t = l.replace(/^(?:[-*+]|\d+[.)])\s+/, '').replace(/^\[[ xX]\]\s*/, '').replace(/[*_]/g, '').trim();
    if (item) flush();
    if (isSlotLine(t)) continue;
    current.push(t);
    if (item) flush();
  }
  flush();
  const sentences = paragraphs.flatMap((p) => p.split(/(?<=[.!?])\s+(?=[A-Z*_"'(])/)).filter((s) => s.trim() !== '');
  if (sentences.length === 0) return true;
  const guidance = sentences.filter(isGuidance).length;
  return guidance === sentences.length || (guidance >= 3 && sentences.length - guidance <= 1);
}

/** Whether every item of a list (its plain text, one string per item) holds only a placeholder or template slots. */
export function listUnfilled(items: string[]): boolean {
  return items.length > 0 && items.every((item) => item.split('\n').every((line) => isSlotLine(line.replace(/^\[[ xX]\]\s*/, '').replace(/[*_]/g, ''))));
}
