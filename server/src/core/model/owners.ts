import { firstIn, type FactMap } from './facts.js';
import type { Outline } from './headings.js';
import { plain, spanOf } from './mdast.js';
import type { Evidence, Stage } from './plan.js';
import type { SectionWalk } from './section-walk.js';
import { nameWords } from './stage-keys.js';

/** An owner column of an assignment or timeline table. */
const OWNER_COLUMN = /^(?:owners?|assignee|assigned\s+to|dri|who|lead|responsible|track\s+owner)$/i;
/** Words that say how a track runs, not what it is ("Frontend Track (Parallel Group 2)"). */
const TRACK_NOISE = new Set(['track', 'tracks', 'group', 'parallel', 'sequential', 'stream', 'workstream', 'after', 'implementation', 'and', 'the']);

/** Significant words of a heading or cell name, without the words that say how a track runs. */
function words(s: string): string[] {
  return nameWords(s.replace(/[*_`]/g, '')).filter((w) => !TRACK_NOISE.has(w));
}

/**
 * Owners that stages inherit (spec v2, Owner): a stage without an owner of its own takes the
 * owner of the nearest enclosing heading that names one, "(Owner: X)" in the heading or an
 * Owner label before its first subsection, or that an assignment table gives its track (a row
 * whose name has the heading's words: "Phase 4: Testing | QA" for "### Testing Track"). Mutates
 * `stages` (sets `owner`); runs after the stages are built.
 *
 * @param stages the plan's stages ({@link buildStages})
 * @param outline the headings
 * @param facts all facts, merged and sorted
 * @param rows rows of stage and assignment tables found by the section walks
 */
export function inheritOwners(stages: Stage[], outline: Outline, facts: FactMap, rows: SectionWalk['tableStageRows']): void {
  const { headings } = outline;
  if (!stages.some((s) => !s.owner && s.source === 'heading')) return;
  const assignments = rows.flatMap(({ row, cells, header }) => {
    const col = header.findIndex((h) => OWNER_COLUMN.test(h.trim()));
    const owner = col > 0 ? cells[col]?.trim() : undefined;
    return owner && !/^(?:-+|—|tbd|n\/a)?$/i.test(owner) ? [{ words: words(cells[0] ?? ''), owner: { span: spanOf(row.children[col]!), text: plain(row.children[col]!).trim() } as Evidence }] : [];
  });
  // The enclosing headings of each heading, nearest first (a stack walk).
  const stack: number[] = [];
  const ancestors: number[][] = headings.map((h, i) => {
    while (stack.length && headings[stack[stack.length - 1]!]!.depth >= h.depth) stack.pop();
    const mine = [...stack].reverse();
    stack.push(i);
    return mine;
  });
  const ownerOf = new Map<number, Evidence | undefined>();
  const headingOwner = (i: number): Evidence | undefined => {
    if (ownerOf.has(i)) return ownerOf.get(i);
    const h = headings[i]!;
    const own = firstIn(facts, 'owner', h.span.start.offset, h.contentEnd);
    const name = words(h.text);
    const assigned = name.length ? assignments.find((a) => a.words.length && name.every((w) => a.words.includes(w))) : undefined;
    const owner = own ?? assigned?.owner;
    ownerOf.set(i, owner);
    return owner;
  };
  const indexOf = new Map(headings.map((h, i) => [h.span.start.offset, i]));
  for (const stage of stages) {
    if (stage.owner || stage.source !== 'heading') continue;
    const i = indexOf.get(stage.headingSpan.start.offset);
    if (i === undefined) continue;
    for (const a of ancestors[i]!) {
      const owner = headingOwner(a);
      if (owner) {
        stage.owner = owner;
        break;
      }
    }
  }
}
