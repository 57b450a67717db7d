// Suppression comments (`<!-- planlint-disable-next-line rule -->` and the others) applied to a
// document's findings. Pure.
import type { Directive, Plan } from './model/plan.js';
import type { Finding } from './rule.js';
import { rulesById } from './rules/index.js';

/** Id of the meta-finding for a suppression comment that names an unknown rule. */
export const INVALID_SUPPRESSION = 'invalid-suppression';

/**
 * Drops findings that inline comments suppress and adds one {@link INVALID_SUPPRESSION} finding
 * for each unknown rule id named in a comment.
 */
export function applySuppressions(plan: Plan, findings: Finding[]): Finding[] {
  const out: Finding[] = [];
  const known = (id: string) => rulesById.has(id);
  for (const d of plan.directives) {
    for (const id of d.rules) {
      if (known(id)) continue;
      out.push({
        ruleId: INVALID_SUPPRESSION,
        messageId: 'unknownRule',
        severity: 'warning',
        message: `Suppression comment names unknown rule "${id}"; expected a rule id such as missing-dod`,
        span: d.span,
      });
    }
  }
  const suppressed = suppressedFindings(plan.directives, findings);
  for (const [i, f] of findings.entries()) if (!suppressed.has(i)) out.push(f);
  return out;
}

/**
 * Indices of the `findings` that `directives` suppress: a file, line or next-line directive
 * naming the rule (or no rule), or a block opened by `disable` on or before the finding's line
 * and not closed by a later `enable` before it. Findings are visited in line order and blocks
 * followed once, so the work grows with findings plus directives, not their product.
 */
export function suppressedFindings(directives: readonly Directive[], findings: readonly Finding[]): Set<number> {
  /** Rules turned off for the whole file or one line: `true` for every rule. */
  type Off = { every: boolean; rules: Set<string> };
  const add = (off: Off, d: Directive) => {
    if (d.rules.length === 0) off.every = true;
    for (const id of d.rules) off.rules.add(id);
  };
  const isOff = (off: Off | undefined, ruleId: string) => off !== undefined && (off.every || off.rules.has(ruleId));
  const out = new Set<number>();
  const file: Off = { every: false, rules: new Set() };
  const onLine = new Map<number, Off>();
  const blocks: Directive[] = [];
  for (const d of directives) {
    if (d.kind === 'disable-file') add(file, d);
    else if (d.kind === 'disable' || d.kind === 'enable') blocks.push(d);
    else {
      const line = d.kind === 'disable-line' ? d.span.start.line : d.span.end.line + 1;
      let off = onLine.get(line);
      if (!off) onLine.set(line, (off = { every: false, rules: new Set() }));
      add(off, d);
    }
  }
  blocks.sort((a, b) => a.span.start.offset - b.span.start.offset);
  // The last block directive so far for every rule, and the last one naming no rule: the later wins.
  let all: { at: number; kind: Directive['kind'] } | undefined;
  const byRule = new Map<string, { at: number; kind: Directive['kind'] }>();
  let next = 0;
  const order = findings.map((_, i) => i).sort((a, b) => findings[a]!.span.start.line - findings[b]!.span.start.line);
  for (const i of order) {
    const f = findings[i]!;
    const line = f.span.start.line;
    for (; next < blocks.length && blocks[next]!.span.start.line <= line; next++) {
      const d = blocks[next]!;
      if (d.rules.length === 0) all = { at: next, kind: d.kind };
      else for (const id of new Set(d.rules)) byRule.set(id, { at: next, kind: d.kind });
    }
    const own = byRule.get(f.ruleId);
    const last = own && (!all || own.at > all.at) ? own : all;
    if (last?.kind === 'disable' || isOff(file, f.ruleId) || isOff(onLine.get(line), f.ruleId)) out.add(i);
  }
  return out;
}
