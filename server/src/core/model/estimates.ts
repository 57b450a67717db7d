import type { Nodes, RootContent } from 'mdast';
import type { Fact } from './facts.js';
import { lineSpanAt, plain, spanOf, visit } from './mdast.js';
import { parseDuration } from './patterns.js';
import type { Estimate } from './plan.js';
import type { WalkContext } from './section-walk.js';

// Each optional piece carries its own trailing spaces (`(?:[:=]\s*)?`, not `[:=]?\s*`): runs of
// `\s*` side by side make a line of spaces cost a power of its length.
const TOTAL = /\btotal(?:\s+(?:estimated?|effort|duration|time))?\s*(?:\([^()]*\)\s*)?(?:[:=]\s*)?(?:\*+\s*)?((?:~\s*)?\d+(?:\.\d+)?(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?)?\s*(?:hours?|hrs?|h|days?|d|person[- ]days?|pd|weeks?|wks?|w)\b)/i;
/** A plan-level duration label ("**Project Duration**: 6.5 months (26 weeks)"): a total only outside every stage. */
const TOTAL_LABEL = /^(?:(?:total|overall|project|whole|entire)(?:\s+estimated)?\s+(?:duration|effort|time(?:line)?|estimate)|(?:estimated|planned|expected)\s+(?:duration|effort|time))\s*[:：]\s*(.+)$/i;
/** What {@link TOTAL} needs. */
const TOTAL_WORD = /total/i;

/**
 * Stated estimate totals in a section's top-level `nodes`: "Total: 5 days" in paragraphs and
 * headings, and table rows whose first cell is "Total" (the first duration of the row).
 */
export function collectTotals(ctx: WalkContext, nodes: RootContent[]): void {
  const { out, lines } = ctx;
  for (const top of nodes) {
    visit(top, (n) => {
      if (n.type === 'code' || n.type === 'inlineCode') return false;
      if (n.type === 'tableRow') {
        const cell = (c: Nodes) => plain(c).trim().replace(/[*_]/g, '');
        const first = n.children[0];
        if (first && /^total\b/i.test(cell(first))) {
          for (const c of n.children.slice(1).map(cell)) {
            const d = parseDuration(c);
            if (d) {
              out.totals.push({ min: d.min, max: d.max, text: d.text, span: spanOf(n) });
              break;
            }
          }
        }
        return false;
      }
      if (n.type === 'paragraph' || n.type === 'heading') {
        const value = plain(n);
        // A total has the word "total"; a total label, a colon.
        if (!value.includes(':') && !value.includes('：') && !TOTAL_WORD.test(value)) return false;
        const m = TOTAL.exec(value);
        if (m) {
          const d = parseDuration(m[1]!);
          if (d) out.totals.push({ min: d.min, max: d.max, text: d.text, span: lineSpanAt(lines, spanOf(n), value, m.index ?? 0) });
        } else if (n.type === 'paragraph') {
          // Label lines: the first duration with a unit planlint reads ("6.5 months (26 weeks)" → 26 weeks).
          let at = 0;
          for (const line of value.split('\n')) {
            const l = TOTAL_LABEL.exec(line.trim());
            const d = l ? parseDuration(l[1]!) : undefined;
            if (d) out.totals.push({ min: d.min, max: d.max, text: d.text, span: lineSpanAt(lines, spanOf(n), value, at), label: true });
            at += line.length + 1;
          }
        }
        return false;
      }
      return true;
    });
  }
}

/** The estimate an estimate fact states, in the units `parseDuration` reads. */
export function asEstimate(f: Fact | undefined): Estimate | undefined {
  if (!f) return undefined;
  const d = parseDuration(f.text);
  return d ? { min: d.min, max: d.max, text: d.text, span: f.span } : undefined;
}
