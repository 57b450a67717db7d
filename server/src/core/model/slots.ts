import { isTbd } from './labels.js';

/**
 * A slot left unfilled: a line whose value is TBD or TBC, alone or opening what is still to be
 * decided or confirmed (`TBD`, `TBC: \`npm test\` passes`, `Trigger: TBD`, `- [ ] TBC: T012 done`).
 * The seeded suggestions of planlint write their slots this way, and an author may too: such a
 * line says nothing yet, so it is no evidence of anything (spec v2, "Content, not presence").
 */
const SLOT_VALUE = /^(?:tbd|tbc)(?:\s*[:：—–]|\s+-\s|\s*$)/i;

/** A list marker, a checkbox and emphasis before a line's value. */
const LINE_PREFIX = /^\s*(?:>\s*)*(?:(?:[-*+]|\d+[.)])\s+)?(?:\[[ xX]\]\s+)?/;

/** A short label before a value (`Trigger:`, `**Steps:**`): at most four words. */
const SHORT_LABEL = /^(?:[^\s:：`]+(?:\s+[^\s:：`]+){0,3})\s*[:：]\s*/;

/**
 * Whether `line` (one source line, or the plain text of a list item or paragraph) is an
 * unfilled slot: after its list marker, checkbox and emphasis, and an optional short label, its
 * value is TBD/TBC alone or a TBD/TBC that opens the rest (`TBC: …`).
 */
export function isSlotLine(line: string): boolean {
  const value = line.replace(LINE_PREFIX, '').replace(/[*_]/g, '').trim();
  if (value === '' || isTbd(value)) return value !== '';
  if (SLOT_VALUE.test(value)) return true;
  const label = SHORT_LABEL.exec(value);
  if (!label) return false;
  const rest = value.slice(label[0].length);
  return isTbd(rest) || SLOT_VALUE.test(rest);
}
