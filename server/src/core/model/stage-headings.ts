import type { VocabularyMatchers } from '../vocabulary.js';
import type { Outline } from './headings.js';
import { stageHeadingKey } from './stage-keys.js';

/** Which headings open stages. */
export interface StageHeadings {
  /**
   * Indexes into `Outline.headings` of the stage headings, in order. A stage heading inside
   * another stage's section is a stage of its own, nested in it (spec v2, "Stage").
   */
  indices: number[];
  /** The enclosing stage heading of each nested stage heading in `indices` (absent for outermost ones). */
  parents: Map<number, number>;
  /** Stage key of each heading in `indices` (undefined for a numbered item under a stage parent). */
  keys: Map<number, string | undefined>;
  /** Every heading that names a stage, nested ones included (a plan signal). */
  count: number;
}

/**
 * Whether heading `i` names a stage: "Phase 2: …" by the stage vocabulary, or "3. …" directly
 * under a stage parent ("## Phases"). The document title never does.
 */
function isStageHeading(outline: Outline, vocab: VocabularyMatchers, i: number): { key: string | undefined } | undefined {
  const { headings, title } = outline;
  const h = headings[i]!;
  if (h.depth === 1 && i === headings.indexOf(title!)) return undefined;
  const named = namesStage(h.text, vocab);
  if (named) return named;
  const numbered = /^(\d+)[.)]?\s+\S/.exec(h.text);
  if (numbered) {
    for (let j = i - 1; j >= 0; j--) {
      const p = headings[j]!;
      if (p.depth < h.depth) {
        if (p.depth === h.depth - 1 && vocab.stageParent.test(cleanParent(p.text))) return { key: undefined };
        break;
      }
    }
  }
  return undefined;
}

/**
 * Whether a heading's text names a stage by itself: "Phase 2: …" (stage vocabulary with a
 * number, letter or number word) or an unnumbered stage with a qualifier ("Final Phase: Polish").
 * A numbered heading under a stage parent ("## Phases" → "### 3. …") is decided by its place.
 *
 * @param text the heading's cleaned text (`Heading.text`)
 * @returns the stage key (undefined for a stage without a number), or undefined when it names none
 */
export function namesStage(text: string, vocab: VocabularyMatchers): { key: string | undefined } | undefined {
  const m = vocab.stageHeading.exec(text.replace(/^\d+(?:\.\d+)*[.)]\s+/, '').replace(/[*_`]/g, ''));
  if (m) return { key: stageHeadingKey(m) };
  // An unnumbered stage with a qualifier: "Final Phase: Polish", "Discovery Phase — scope".
  if (UNNUMBERED_STAGE.test(text.replace(/[*_`]/g, ''))) return { key: undefined };
  return undefined;
}

/** A stage named by its place in the sequence, without a number (spec v2: "Final Phase: Polish"). */
const UNNUMBERED_STAGE = /^(?:final|last|first|second|third|next|initial|early|closing|pilot|bonus|optional|extra|pre-launch|post-launch)\s+(?:phase|stage|step|milestone|sprint|iteration|wave)\s*(?:[:：]|\s[—–-]\s)/i;

function cleanParent(t: string): string {
  return t.replace(/[*_`]/g, '').trim();
}

/** The stage headings of `outline`, nested ones included, each with its enclosing stage heading. */
export function findStageHeadings(outline: Outline, vocab: VocabularyMatchers): StageHeadings {
  const { headings } = outline;
  const indices: number[] = [];
  const keys = new Map<number, string | undefined>();
  const parents = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < headings.length; i++) {
    const s = isStageHeading(outline, vocab, i);
    if (!s) continue;
    const h = headings[i]!;
    while (open.length && h.span.start.offset >= headings[open[open.length - 1]!]!.sectionEnd) open.pop();
    if (open.length) parents.set(i, open[open.length - 1]!);
    indices.push(i);
    keys.set(i, s.key);
    open.push(i);
  }
  return { indices, keys, parents, count: indices.length };
}

/**
 * Key of the innermost heading stage holding the 0-based `offset`: the source of a dependency declared in
 * prose. Undefined outside heading stages and in stages without a key.
 */
export function stageKeyAt(outline: Outline, stageHeadings: StageHeadings, offset: number): string | undefined {
  const { headings } = outline;
  const { indices, keys, parents } = stageHeadings;
  let lo = 0;
  let hi = indices.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (headings[indices[mid]!]!.span.start.offset <= offset) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // The innermost stage holding `offset` is the last one started before it or an ancestor of it.
  for (let i = last >= 0 ? indices[last] : undefined; i !== undefined; i = parents.get(i)) {
    if (offset < headings[i]!.sectionEnd) return keys.get(i);
  }
  return undefined;
}
