import type { Span } from '../text.js';
import type { Directive } from './plan.js';
import type { WalkContext } from './section-walk.js';

/**
 * The `<!-- planlint-disable… rules -- reason -->` comments in an HTML node's `value`, whose
 * node starts at `span`. A directive's span ends at the end of its comment or of its first line.
 */
export function collectDirectives(ctx: WalkContext, value: string, span: Span): void {
  const { out, lines } = ctx;
  for (const m of value.matchAll(/<!--\s*planlint-(disable-next-line|disable-line|disable-file|disable|enable)\b([\s\S]*?)-->/g)) {
    const [spec, reason] = splitOnce(m[2]!, /\s--\s?/);
    const rules = spec.split(/[\s,]+/).map((r) => r.trim()).filter(Boolean);
    const at = span.start.offset + value.slice(0, m.index ?? 0).length;
    const line = lines.point(at).line;
    out.directives.push({ kind: m[1] as Directive['kind'], rules, reason: reason?.trim() || undefined, span: { start: lines.point(at), end: lines.point(Math.min(at + m[0].length, lines.lineEnd(line))) } });
  }
}

function splitOnce(s: string, sep: RegExp): [string, string | undefined] {
  const m = sep.exec(s);
  return m ? [s.slice(0, m.index), s.slice(m.index + m[0].length)] : [s, undefined];
}
