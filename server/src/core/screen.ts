// A quick look at a document's lines that proves it cannot be a plan, so that linting a tree of
// Markdown files (READMEs, changelogs, docs) need not parse the ones that are not plans.
import { capNesting } from './nesting.js';
import { longOpenBracket } from './open-brackets.js';
import { cleanHeadingText } from './model/headings.js';
import { replaceParenthesized } from './model/patterns.js';
import { namesStage } from './model/stage-headings.js';
import { STAGE_TABLE_COLUMNS, STAGE_TABLE_HEADER } from './model/tables.js';
import type { VocabularyMatchers } from './vocabulary.js';

/** Front matter at the start (after a byte order mark): it may say `planlint: true`. */
const FRONT_MATTER = /^\uFEFF?(?:---|\+\+\+)/;
/** A line a merge-conflict-marker finding could start on (any document gets those). */
const CONFLICT_LINE = /^(?:<{7}|>{7}|={7}|\|{7})/m;
/** A task list item or a task ID anywhere: tasks are one half of "requirements with tasks". */
const TASK = /\[[ \txX]\]|\b(?:T|TASK-)\d{2}/;
/** A line that may be an ATX heading, also inside block quotes and list items; group 1 its content. */
const ATX = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+[ \t>]*)*#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
/** A setext underline: the paragraph above it is a heading. */
const SETEXT = /^[ \t>]*(?:=+|-+)[ \t]*$/;
/** A character reference, which the parser decodes into the heading's text. */
const REFERENCE = /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;
/** The word a stage table's first column starts with (the stage table pass's header test), anywhere in a line. */
const STAGE_WORD = new RegExp(STAGE_TABLE_HEADER.source.replace(/^\^/, ''), STAGE_TABLE_HEADER.flags);

/**
 * True when `text` cannot be a plan under `vocab`, whatever its path: no front matter, no
 * conflict marker, no suppression comment, no task, no heading that names a plan, a stage or a
 * stage parent, no stage table, and nothing the parse would limit. Every plan signal of the model's
 * document kind (spec v2, "Documents") needs one of those, so such a document's analysis is "not
 * a plan" with no findings, and parsing it can be skipped. False means only "look closer".
 *
 * Over-approximate by design: headings are read from raw lines (in code blocks too, with their
 * inline markup in several readings), and any doubt answers false. A test compares the verdict
 * with the full analysis on the corpus, the fixtures and generated documents.
 *
 * @param text the whole document
 * @param vocab compiled vocabulary of the configuration the document is linted with
 */
export function cannotBePlan(text: string, vocab: VocabularyMatchers): boolean {
  if (FRONT_MATTER.test(text) || CONFLICT_LINE.test(text) || TASK.test(text) || /planlint/i.test(text)) return false;
  if (capNesting(text).firstCut >= 0 || longOpenBracket(text) >= 0) return false;
  const lines = text.split(/\r\n|\n|\r/);
  let paragraph: string[] = [];
  for (const line of lines) {
    if (line.includes('|') && STAGE_WORD.test(line) && STAGE_TABLE_COLUMNS.test(line)) return false;
    const atx = ATX.exec(line);
    if (atx && mayNameWork(atx[1] ?? '', vocab)) return false;
    if (SETEXT.test(line) && paragraph.length) {
      if (paragraph.some((p) => mayNameWork(p, vocab)) || mayNameWork(paragraph.join(' '), vocab)) return false;
      paragraph = [];
    } else if (line.trim() === '') paragraph = [];
    else paragraph.push(line);
  }
  return true;
}

/** True when a heading written as `raw` (its source) may name a plan, a stage or a stage parent. */
function mayNameWork(raw: string, vocab: VocabularyMatchers): boolean {
  if (REFERENCE.test(raw)) return true;
  const noHtml = raw.replace(/<[^>]*>/g, '');
  const noImages = noHtml.replace(/!\[[^\]]*\]\([^)]*\)/g, '');
  const linkText = noImages.replace(/\]\([^)]*\)/g, '').replace(/\]\[[^\]]*\]/g, '').replace(/[[\]\\]/g, '');
  return [raw, noHtml, noImages, linkText].some((v) => {
    const text = cleanHeadingText(v.trim().replace(/^[ \t>]*/, ''));
    return (
      vocab.planTitle.test(text) ||
      vocab.planTitle.test(replaceParenthesized(text, /\([^)]*\)/g, ' ')) ||
      namesStage(text, vocab) !== undefined ||
      vocab.stageParent.test(text.replace(/[*_`]/g, '').trim())
    );
  });
}
