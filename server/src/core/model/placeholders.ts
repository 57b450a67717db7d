import type { Nodes, Root } from 'mdast';
import { visit as visitYaml } from 'yaml';
import type { LineIndex } from '../text.js';
import { yamlDocument } from '../yaml-documents.js';
import { spanOf } from './mdast.js';
import { HTML_TAGS } from './patterns.js';
import type { Placeholder } from './plan.js';
import type { WalkContext } from './section-walk.js';

/**
 * Placeholder words. TBD and TKTK always (also as the unknown half of a count, "0/TBD"); TODO,
 * FIXME and XXX only where they stand in for content (before a colon or bracket, or ending the
 * text), not as a topic ("TODO Report") and never inside an identifier ("REQ-TODO-01",
 * "TODO/FIXME").
 */
const PLACEHOLDER_WORD = /(?<![\w-]|[A-Za-z]\/)(?:TBD|TKTK)(?![\w-]|\/[A-Za-z])|(?<![\w/-])(?:TODO|FIXME|XXX)(?=\s*(?:[:)\]]|(?:[.,;]\s*)?$))(?![\w/-])|\?{3,}|\{\{\s*[\w.-]+\s*\}\}/g;

/** A bracketed span with no brackets inside. */
const BRACKET = /\[([^[\]\n]{1,100})\]/g;

/**
 * Placeholder words and template slots (`[Feature Name]`) in `raw`, the source text of a text
 * node starting at the 0-based offset `base`; not inside quotes.
 */
export function collectPlaceholders(ctx: WalkContext, raw: string, base: number): void {
  const { out, lines } = ctx;
  const add = (index: number, match: string, weak?: true) => {
    const at = base + index;
    const found: Candidate = { text: match, span: lines.span(at, at + match.length), ...(weak ? { weak } : {}) };
    if (!insideQuotes(lines, at)) out.placeholders.push(found);
  };
  if (/TODO|TBD|TKTK|FIXME|XXX|\?\?\?|\{\{/.test(raw)) for (const m of raw.matchAll(PLACEHOLDER_WORD)) add(m.index ?? 0, m[0]);
  if (raw.includes('[')) for (const m of raw.matchAll(BRACKET)) {
    const index = m.index ?? 0;
    const inner = m[1]!;
    if (/\b(?:TODO|TBD|TKTK|FIXME|XXX)\b|\?{3,}/.test(inner) || notASlot(inner)) continue;
    const line = lineAt(lines, base + index);
    const before = line.text.slice(0, line.col);
    const after = line.text.slice(line.col + m[0].length);
    // Not slots: an index (`keys[name]`), wiki links ([[Page]]), reference links ([text][ref]), definitions ([ref]: url).
    if (/[\p{L}\p{N}[\]!\\]$/u.test(before) || /^[\]([:]/.test(after)) continue;
    if (isTemplateSlot(inner) || (!isIdOrTag(inner) && !isTitleCaseText(inner) && isWholeValue(line, inner))) add(index, m[0]);
    else if (!isIdOrTag(inner) && isLowerCaseSlot(inner, before, after)) add(index, m[0], true);
  }
}

/** A placeholder as collected: `weak` when it is a lower-case noun slot, a slot only beside stronger template evidence. */
type Candidate = Placeholder & { weak?: true };

/**
 * Bracketed text that is never a slot: checkboxes, footnotes, GitHub alerts, text with no
 * letter, lists of words (`[api, web]`), one path, file or version (`[docs/plan.md]`, `[v1.2]`),
 * a version (`[v2]`), and status or stability tags (`[optional]`, `[DONE]`, `[skip ci]`).
 */
function notASlot(inner: string): boolean {
  const t = inner.trim();
  return (
    !/\p{L}/u.test(t) ||
    /^[ xX-]$/.test(inner) ||
    /^[!^]/.test(t) ||
    /^[\w.'"-]+(?:\s*,\s*[\w.'"-]+)+$/.test(t) ||
    /^[^\s]*[/.:][^\s]*$/.test(t) ||
    /^v\d+$/i.test(t) ||
    STATUS_TAG.test(t)
  );
}

/** Tags that say what something is, not slots to fill. */
const STATUS_TAG = /^(?:optional|required|sic|wip|draft|deprecated|beta|alpha|stable|ga|experimental|new|breaking|done|complete(?:d)?|in[ -]progress|blocked|pending|planned|skipped?|high|medium|low|critical|redacted|truncated|omitted|snip(?:ped)?|skip ci|ci skip|x)$/i;

/** IDs, tags and numbers: `[P]`, `[US1]`, `[T012]`, `[Story]`, `[FR-001, FR-002]`, `[1.2]`. */
function isIdOrTag(inner: string): boolean {
  return /^(?:[A-Z]{1,5}\d*|US\d+|T\d+|Story|[A-Z]+-\d+(?:\s*,\s*[A-Z]+-\d+)*|[\d.,\s]+)$/.test(inner.trim());
}

/**
 * A lower-case noun slot in running text, `Run [command] to [action]`, `[file path]`: one to
 * four lower-case words. Not a tag: not at the start of its line or item (`- [api] Add
 * endpoint`, `T001 [P] [setup] …`), nor one of a comma-separated run of brackets
 * (`[master-blocking], [master-informing]`, reference links).
 */
function isLowerCaseSlot(inner: string, before: string, after: string): boolean {
  if (inner.length < 2 || !/^[a-z][a-z0-9]*(?:[ _-][a-z0-9]+){0,3}$/.test(inner)) return false;
  if (/\]\s*,\s*$/.test(before) || /^\s*,\s*\[/.test(after)) return false;
  return !/^\s*(?:>\s*)*(?:(?:[-*+]|\d+[.)])\s+)?(?:\[[ xX]\]\s+)?(?:(?:\*\*)?[A-Z]*-?\d+(?:\*\*)?[:.]?\s+|\[[^\]]*\]\s*)*$/.test(before);
}

/** The source line holding the 0-based offset `at`, with HTML comments blanked, and `at`'s 0-based column in it. */
function lineAt(lines: LineIndex, at: number): { text: string; col: number } {
  const { line, column } = lines.point(at);
  return { text: lines.lineText(line).replace(/<!--.*?-->/g, (c) => ' '.repeat(c.length)), col: column - 1 };
}

/**
 * The whole value of its line, list item or table cell: a slot of two or more words alone, or
 * alone after a label (`- **DBA:** [24/7 contact]`, `Owner: [the team lead]`, `| Owner | [on-call
 * DBA] |`). List markers, checkboxes and heading marks are not part of the value. One word alone
 * (`| [Thaw] |`) is more often a reference link than a slot.
 */
function isWholeValue({ text, col }: { text: string; col: number }, inner: string): boolean {
  if (!/\S\s+\S/.test(inner.trim())) return false;
  let start = /^\s*(?:>\s*)*(?:#{1,6}\s+|(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?)?/.exec(text)![0].length;
  let value = text.slice(start);
  if (/^\s*(?:>\s*)*\|/.test(text)) {
    // A table row: the cell that holds the bracket.
    start = 0;
    value = '';
    for (const cell of text.split(/(?<!\\)\|/)) {
      if (col >= start && col < start + cell.length) {
        value = cell;
        break;
      }
      start += cell.length + 1;
    }
  }
  return WHOLE_VALUE.test((value.endsWith('\\') ? value.slice(0, -1).trimEnd() : value)) && start + value.indexOf('[') === col;
}

/** A line or cell that is a bracket alone, or a bold or plain label and a bracket. */
const WHOLE_VALUE = /^(?:(?:\*\*|__)[^*_\n]{1,60}?(?:\*\*|__)\s*[:：]?|[^[\]:：|\n]{1,60}[:：])?\s*\[[^[\]\n]{2,100}\]\s*$/;

/**
 * Placeholders in the string values of the YAML front matter (`authors: [TBD]`, `owner: <name>`),
 * each on its source line. Keys are not read; nor are inline lists as a whole (`keywords: [a, b]`).
 */
export function frontmatterPlaceholders(root: Root, lines: LineIndex): Placeholder[] {
  const node = root.children.find((n) => n.type === 'yaml');
  if (!node || node.type !== 'yaml' || !node.position) return [];
  const base = lines.lineStart(node.position.start.line + 1);
  const found: Placeholder[] = [];
  let doc;
  try {
    doc = yamlDocument(node.value);
  } catch {
    return [];
  }
  visitYaml(doc, {
    Scalar(key, scalar) {
      if (key === 'key' || typeof scalar.value !== 'string' || !scalar.range) return;
      const [from, to] = scalar.range;
      const source = node.value.slice(from, to);
      const value = scalar.value;
      const hits: string[] = [];
      for (const m of value.matchAll(PLACEHOLDER_WORD)) hits.push(m[0]);
      for (const m of value.matchAll(/<([A-Za-z][\w -]*)>/g)) if (!HTML_TAGS.has(m[1]!.toLowerCase())) hits.push(m[0]);
      const whole = /^\[([^[\]\n]{1,100})\]$/.exec(value.trim());
      if (whole && !notASlot(whole[1]!) && (isTemplateSlot(whole[1]!) || (!isIdOrTag(whole[1]!) && /^[a-z]|\s/.test(whole[1]!.trim())))) hits.push(whole[0]);
      for (const hit of hits) {
        const i = source.indexOf(hit);
        const at = base + from + Math.max(0, i);
        found.push({ text: hit, span: lines.span(at, at + (i >= 0 ? hit.length : Math.min(source.length, lines.lineEnd(lines.point(at).line) - at))) });
      }
    },
  });
  return found;
}

/** Unknown tags in an HTML node (`<feature-name>`, `<your team>`): slots of a template; not inside quotes. */
export function collectHtmlPlaceholders(ctx: WalkContext, node: Nodes & { value: string }): void {
  const { out, lines } = ctx;
  const s = spanOf(node);
  const value = node.value.replace(/<!--[\s\S]*?(?:-->|$)/g, (c) => ' '.repeat(c.length));
  for (const m of value.matchAll(/<([A-Za-z][\w-]*)(\s[^<>]*)?>/g)) {
    const name = m[1]!.toLowerCase();
    if (HTML_TAGS.has(name) || m[0].startsWith('<!')) continue;
    if (/[=/]/.test(m[2] ?? '') || /^(?:https?|mailto)$/.test(name)) continue;
    const at = s.start.offset + (m.index ?? 0);
    if (!insideQuotes(lines, at)) out.placeholders.push({ text: m[0], span: lines.span(at, at + m[0].length) });
  }
}

/** True when the 0-based `offset` lies inside a quoted string on its line: a format being described, not a slot. */
function insideQuotes(lines: LineIndex, offset: number): boolean {
  const { line, column } = lines.point(offset);
  const text = lines.lineText(line);
  for (const q of text.matchAll(/"[^"]*"|“[^”]*”|(?<![\p{L}\p{N}])'[^']*'(?![\p{L}\p{N}])/gu)) {
    const start = q.index ?? 0;
    if (column - 1 > start && column - 1 < start + q[0].length) return true;
  }
  return false;
}

/** A template slot in brackets: `[Feature Name]`, `[Entity 1]`, `[e.g., ...]`, `[list ...]`, `[DATE]`. */
function isTemplateSlot(inner: string): boolean {
  const t = inner.trim();
  if (/^NEEDS CLARIFICATION\b/i.test(t)) return true;
  if (/^(?:e\.?g\.?|eg|i\.e\.|list|describe|insert|add|enter|your|specify|fill|placeholder|link to|name of|brief|one[- ]line|short|optional:)\b/i.test(t)) return true;
  if (/\be\.g\.|\bfor example\b/i.test(t)) return true;
  if (/^(?:explain|describe|provide|summari[sz]e|outline|state|identify|define|document|include|replace|choose|select|write|give|detail|fill(?:\s+in)?|how\s+(?:to|will|does|do|is|can)|what|why|which|who|where)\b\s+\S/i.test(t)) return true;
  if (/^(?:DATE|NAME|URL|LINK|OWNER|TITLE|VERSION|DESCRIPTION|EMAIL|PROJECT|FEATURE|AUTHOR|TEAM|NUMBER|###|N|X|YYYY-MM-DD|ticket|issue)$/i.test(t) && t !== 'x' && t !== 'X') return t.length > 1 || t === 'N';
  if (isTitleCaseText(t)) return titleCaseSlot(t);
  if (/^#{3}-?[\w-]*$/.test(t)) return true;
  return false;
}

/**
 * Two to six Title Case or upper-case words (`[Feature Name]`, `[PROJECT NAME]`, `[Bob Smith]`,
 * `[Blocked On Infra]`), the last one maybe a number (`[Entity 1]`); not IDs like "P1".
 */
function isTitleCaseText(inner: string): boolean {
  const t = inner.trim();
  const all = t.split(/\s+/);
  const words = /^\d+$/.test(all.at(-1)!) ? all.slice(0, -1) : all;
  return (
    all.length >= 2 &&
    all.length <= 6 &&
    /^[A-Z]/.test(words[0]!) &&
    words.every((w) => /^[A-Z][a-z]+$|^[A-Z]{2,}$|^(?:of|the|or|and|to|for|a|an|in|\/|&)$/.test(w)) &&
    !/^(?:[A-Z]+\d|US\d|P\d)/.test(t)
  );
}

/** Nouns that name a value to fill in, whatever qualifies them: `[Sprint Theme Name]`, `[Release Date]`. */
const SLOT_NOUN = /^(?:names?|titles?|descriptions?|dates?|emails?|urls?|links?|versions?|numbers?|ids?|values?|types?|summary|details|address|amount|deadline|handle)$/i;
/** Nouns that name a kind of thing: a slot only when every word is generic (`[Project Team]`, `[Feature]`), not `[Search Team]`. */
const ENTITY_NOUN = /^(?:owners?|features?|entit(?:y|ies)|components?|services?|projects?|teams?|goals?|metrics?|modules?|roles?|contacts?|authors?|products?|companies|company|organi[sz]ations?|users?|persons?|people|stakeholders?|systems?|repos?|repository|endpoints?|resources?|tasks?|steps?|requirements?)$/i;
/** Words that qualify a slot noun without naming anything. */
const GENERIC_WORD = /^(?:your|my|our|the|a|an|of|or|and|for|to|in|\/|&|primary|secondary|main|target|key|other|new|related|responsible|first|second|last)$/i;

/**
 * Title Case text that reads as a template slot: its last word is a slot noun (`[Feature
 * Name]`), an entity noun with only generic words before it (`[Project Owner]`, `[Your Team]`),
 * or a generic noun and a number (`[Entity 1]`, `[Feature 2]`). Tags and names are not:
 * `[Backend Only]`, `[Open Question]`, `[Bob Smith]`, `[Search Team]`.
 */
function titleCaseSlot(t: string): boolean {
  const words = t.split(/\s+/);
  const numbered = /^\d+$/.test(words.at(-1)!);
  if (numbered) words.pop();
  const last = words.at(-1)!;
  const generic = (w: string) => GENERIC_WORD.test(w) || SLOT_NOUN.test(w) || ENTITY_NOUN.test(w);
  if (numbered) return words.every(generic) && (SLOT_NOUN.test(last) || ENTITY_NOUN.test(last));
  if (SLOT_NOUN.test(last)) return true;
  return ENTITY_NOUN.test(last) && words.every(generic);
}

/**
 * The first placeholder at each start offset, sorted by offset: one placeholder per place.
 * Lower-case noun slots (`[action]`) are kept only in a document that shows a stronger slot
 * (a marker, an example or imperative slot, a Title Case slot, `<slot>`, `{{var}}`, a whole-value
 * slot); alone they are more often tags and terms (`[parallel]`, `[shared-db]`).
 */
export function dedupeBySpan(items: Candidate[]): Placeholder[] {
  const seen = new Set<number>();
  const strong = items.some((i) => !i.weak);
  return items
    .filter((i) => strong || !i.weak)
    .filter((i) => (seen.has(i.span.start.offset) ? false : (seen.add(i.span.start.offset), true)))
    .sort((a, b) => a.span.start.offset - b.span.start.offset)
    .map(({ text, span }) => ({ text, span }));
}
