import type { Nodes } from 'mdast';
import type { LineIndex, Span } from '../text.js';
import { spanOf } from './mdast.js';
import { HTML_TAGS } from './patterns.js';
import type { WalkContext } from './section-walk.js';

/**
 * Placeholder words. TBD and TKTK always; TODO, FIXME and XXX only where they stand in for
 * content (before a colon or bracket, or ending the text), not as a topic ("TODO Report") and
 * never inside an identifier ("REQ-TODO-01", "TODO/FIXME").
 */
const PLACEHOLDER_WORD = /(?<![\w/-])(?:TBD|TKTK)(?![\w/-])|(?<![\w/-])(?:TODO|FIXME|XXX)(?=\s*[:)\]]|\s*[.,;]?\s*$)(?![\w/-])|\?{3,}|\{\{\s*[\w.-]+\s*\}\}/g;

/**
 * Placeholder words and template slots (`[Feature Name]`) in `raw`, the source text of a text
 * node starting at the 0-based offset `base`; not inside quotes.
 */
export function collectPlaceholders(ctx: WalkContext, raw: string, base: number): void {
  const { out, lines } = ctx;
  const add = (index: number, match: string) => {
    const at = base + index;
    if (!insideQuotes(lines, at)) out.placeholders.push({ text: match, span: lines.span(at, at + match.length) });
  };
  if (/TODO|TBD|TKTK|FIXME|XXX|\?\?\?|\{\{/.test(raw)) for (const m of raw.matchAll(PLACEHOLDER_WORD)) add(m.index ?? 0, m[0]);
  if (raw.includes('[')) for (const m of raw.matchAll(/\[([^[\]\n]{1,100})\]/g)) {
    if (isTemplateSlot(m[1]!) && !/\b(?:TODO|TBD|TKTK|FIXME|XXX)\b|\?{3,}/.test(m[1]!)) add(m.index ?? 0, m[0]);
  }
}

/** Unknown tags in an HTML node (`<feature-name>`, `<your team>`): slots of a template; not inside quotes. */
export function collectHtmlPlaceholders(ctx: WalkContext, node: Nodes & { value: string }): void {
  const { out, lines } = ctx;
  const s = spanOf(node);
  for (const m of node.value.matchAll(/<([A-Za-z][\w-]*)(\s[^<>]*)?>/g)) {
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

/** A template slot in brackets: `[Feature Name]`, `[e.g., ...]`, `[list ...]`, `[DATE]`. */
function isTemplateSlot(inner: string): boolean {
  const t = inner.trim();
  if (/^NEEDS CLARIFICATION\b/i.test(t)) return true;
  if (/^(?:e\.?g\.?|eg|i\.e\.|list|describe|insert|add|enter|your|specify|fill|placeholder|link to|name of|brief|one[- ]line|short|optional:)\b/i.test(t)) return true;
  if (/^(?:DATE|NAME|URL|LINK|OWNER|TITLE|VERSION|DESCRIPTION|EMAIL|PROJECT|FEATURE|AUTHOR|TEAM|NUMBER|###|N|X|YYYY-MM-DD|ticket|issue)$/i.test(t) && t !== 'x' && t !== 'X') return t.length > 1 || t === 'N';
  const words = t.split(/\s+/);
  if (words.length >= 2 && words.length <= 6 && words.every((w) => /^[A-Z][a-z]+$|^[A-Z]{2,}$|^(?:of|the|or|and|to|for|a|an|in|\/|&)$/.test(w)) && /^[A-Z]/.test(words[0]!)) {
    // "Feature Name", "PROJECT NAME"; not requirement IDs or labels like "P1"
    return !/^(?:[A-Z]+\d|US\d|P\d)/.test(t);
  }
  if (/^#{3}-?[\w-]*$/.test(t)) return true;
  return false;
}

/** The first item at each start offset, sorted by offset: one placeholder per place. */
export function dedupeBySpan<T extends { span: Span }>(items: T[]): T[] {
  const seen = new Set<number>();
  return items
    .filter((i) => (seen.has(i.span.start.offset) ? false : (seen.add(i.span.start.offset), true)))
    .sort((a, b) => a.span.start.offset - b.span.start.offset);
}
