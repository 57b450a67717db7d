import type { VocabularyMatchers } from '../vocabulary.js';
import type { Outline } from './headings.js';
import { stageHeadingKey } from './stage-keys.js';

/** Which headings open stages. */
export interface StageHeadings {
  /** Indexes into `Outline.headings` of the outermost stage headings, in order (they do not nest). */
  indices: number[];
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
  const m = vocab.stageHeading.exec(h.text.replace(/^\d+(?:\.\d+)*[.)]\s+/, '').replace(/[*_`]/g, ''));
  if (m) return { key: stageHeadingKey(m) };
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

function cleanParent(t: string): string {
  return t.replace(/[*_`]/g, '').trim();
}

/** The stage headings of `outline`: a stage heading inside another stage's section is not a stage. */
export function findStageHeadings(outline: Outline, vocab: VocabularyMatchers): StageHeadings {
  const { headings } = outline;
  const indices: number[] = [];
  const keys = new Map<number, string | undefined>();
  let count = 0;
  let open: (typeof headings)[number] | undefined;
  for (let i = 0; i < headings.length; i++) {
    const s = isStageHeading(outline, vocab, i);
    if (!s) continue;
    count++;
    const h = headings[i]!;
    if (open && h.span.start.offset < open.sectionEnd) continue;
    indices.push(i);
    keys.set(i, s.key);
    open = h;
  }
  return { indices, keys, count };
}

/**
 * Key of the heading stage holding the 0-based `offset`: the source of a dependency declared in
 * prose. Undefined outside heading stages and in stages without a key.
 */
export function stageKeyAt(outline: Outline, stageHeadings: StageHeadings, offset: number): string | undefined {
  const { headings } = outline;
  const { indices, keys } = stageHeadings;
  let lo = 0;
  let hi = indices.length - 1;
  let key: string | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const h = headings[indices[mid]!]!;
    if (h.span.start.offset <= offset) {
      key = offset < h.sectionEnd ? keys.get(indices[mid]!) : undefined;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return key;
}
