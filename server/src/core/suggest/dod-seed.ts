import type { Plan, Stage } from '../model/plan.js';
import { firstRangeEndingAfter } from './code.js';
import { planTestCommand } from './test-command.js';

/** At most this many seeded outcomes in one Definition of Done. */
const MAX_ITEMS = 4;
/** Longer lines are left out rather than cut (a cut could split a code span). */
const MAX_LENGTH = 160;

/** A list marker, checkbox, emphasis or heading marks before a line's text. */
const LINE_PREFIX = /^\s*(?:>\s*)*(?:#{1,6}\s+)?(?:(?:[-*+]|\d+[.)])\s+)?(?:\[[ xX]\]\s+)?/;
/** A verification step: verify, validate, confirm, ensure, check, or a Verification label. */
const VERIFY_LINE = /^(?:\*\*|__)?(?:verify|validate|confirm|ensure|check|verification)\b/i;
/** An expected result, bold marks removed: `Expected: PASS`, `**Expected output:** 200 OK`. */
const EXPECTED_LINE = /^expected(?:\s+(?:result|output|outcome|response))?\s*[:：]\s*(.+)$/i;

/** One line of the stage's own text: 1-based `line` and its text without list marker or checkbox. */
interface OwnLine {
  line: number;
  text: string;
  inCode: boolean;
}

/** The stage's own lines after its heading, up to its end (nested stages included), with code blocks marked. */
function ownLines(plan: Plan, stage: Stage): OwnLine[] {
  const { lines } = plan;
  const from = stage.source === 'heading' ? stage.headingSpan.end.line + 1 : lines.point(stage.start).line;
  const to = lines.point(Math.max(stage.start, stage.end - 1)).line;
  const out: OwnLine[] = [];
  const ranges = plan.codeRanges;
  let range = firstRangeEndingAfter(ranges, lines.lineStart(Math.min(from, to)));
  for (let line = from; line <= to; line++) {
    const at = lines.lineStart(line);
    while (range < ranges.length && ranges[range]![1] <= at) range++;
    const inCode = range < ranges.length && ranges[range]![0] <= at;
    out.push({ line, text: lines.lineText(line), inCode });
  }
  return out;
}

/** A line's text as an outcome: no list marker, checkbox, bold or trailing colon; `undefined` when it cannot stand alone. */
function asOutcome(raw: string): string | undefined {
  const text = raw.replace(LINE_PREFIX, '').replace(/\*\*|__/g, '').replace(/[:：]\s*$/, '').trim();
  if (text === '' || text.length > MAX_LENGTH || /<!--|-->|^\||\|\s*$/.test(text)) return undefined;
  // An odd number of backticks would open a code span the rest of the block cannot close.
  if ((text.match(/`/g) ?? []).length % 2 === 1) return undefined;
  return text;
}

/** The last command in code on the lines before `index` (within five lines), for an expected result. */
function commandBefore(own: OwnLine[], index: number): string | undefined {
  for (let i = index - 1; i >= Math.max(0, index - 5); i--) {
    const l = own[i]!;
    if (l.inCode && l.text.trim() !== '' && !/^\s*(?:`{3,}|~{3,}|#)/.test(l.text)) return l.text.trim().replace(/^\$\s+/, '');
    const inline = /`([^`\r\n]+)`/.exec(l.text);
    if (inline) return inline[1]!.trim();
  }
  return undefined;
}

/** Task IDs as a phrase: `T012`, `T012 and T013`, `T012, T013 and T014`, `T012 to T020 (9 tasks)`. */
function idPhrase(ids: string[]): string {
  if (ids.length === 1) return ids[0]!;
  if (ids.length > 4) return `${ids[0]} to ${ids.at(-1)} (${ids.length} tasks)`;
  return `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`;
}

/**
 * The outcomes a Definition of Done for `stage` can start from, read from the stage itself, in
 * this order and at most four: its verification lines (verify, validate, confirm, ensure, check),
 * its expected results (with the command before them), its task IDs done, and its own test
 * command passing. Each is Markdown for one list item; empty when the stage says none of these.
 */
export function dodSeeds(plan: Plan, stage: Stage): string[] {
  const seeds: string[] = [];
  const add = (s: string | undefined) => {
    if (s && !seeds.includes(s) && seeds.length < MAX_ITEMS) seeds.push(s);
  };
  const own = ownLines(plan, stage);
  own.forEach((l, i) => {
    if (l.inCode) return;
    const text = l.text.replace(LINE_PREFIX, '');
    const expected = EXPECTED_LINE.exec(text.replace(/\*\*|__/g, ''));
    if (expected) {
      const result = asOutcome(expected[1]!);
      const command = commandBefore(own, i);
      if (result) add(command && !command.includes('`') && command.length <= 80 ? `\`${command}\` gives ${result}` : `Expected: ${result}`);
    } else if (VERIFY_LINE.test(text)) add(asOutcome(text));
  });
  const ids = stage.tasks.map((t) => t.id).filter((id): id is string => id !== undefined);
  if (ids.length > 0) add(`${idPhrase([...new Set(ids)])} ${ids.length === 1 ? 'is' : 'are'} complete`);
  const command = planTestCommand(plan, stage);
  if (command && command.offset >= stage.start && command.offset < stage.end) add(`\`${command.command}\` passes`);
  return seeds;
}
