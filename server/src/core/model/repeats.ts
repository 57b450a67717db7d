import { cleanHeadingText, type Outline } from './headings.js';
import type { StageHeadings } from './stage-headings.js';
import { nameWords, stageName } from './stage-keys.js';

/** A stage heading that shows an earlier stage again (a Day-N checklist repeating Stages 1-4). */
export interface RepeatView {
  /** Index into `Outline.headings` of the repeating heading. */
  heading: number;
  /** Index into `Outline.headings` of the stage heading it repeats. */
  target: number;
}


/** True when the stage titled `title` is the one titled `earlier`: the same name words, or its initials ("GA"). */
function sameStage(title: string, earlier: string): boolean {
  const words = nameWords(title);
  const before = new Set(nameWords(earlier));
  if (words.length > 0) return words.filter((w) => before.has(w)).length * 2 > words.length;
  const name = stageName(cleanHeadingText(title));
  const initials = stageName(cleanHeadingText(earlier)).split(/\s+/).filter((w) => /^\p{L}/u.test(w)).map((w) => w[0]!.toUpperCase()).join('');
  return /^[A-Z]{2,5}$/.test(name) && initials === name;
}

/**
 * The same stages shown twice are one set of stages, matched by title, never by number alone
 * (spec v2, "Stage table"). A group of sibling stage headings (same depth, same enclosing
 * heading) most of whose names repeat the names of earlier stages (at least two of them) is a
 * second view of those stages: its headings are not stages of their own, and what they hold
 * belongs to the stages they repeat.
 *
 * @returns the stage headings without the repeating ones, and each repeat with its target
 */
export function splitRepeatViews(outline: Outline, stageHeadings: StageHeadings): { kept: StageHeadings; repeats: RepeatView[] } {
  const { headings } = outline;
  // The heading enclosing each one (the last shallower one before it, -1 for none), in one pass:
  // a scan back from every stage heading was quadratic in plans of many stages.
  const enclosing: number[] = [];
  const open: number[] = [];
  headings.forEach((h, i) => {
    while (open.length > 0 && headings[open[open.length - 1]!]!.depth >= h.depth) open.pop();
    enclosing.push(open.length > 0 ? open[open.length - 1]! : -1);
    open.push(i);
  });
  const groups = new Map<string, number[]>();
  for (const i of stageHeadings.indices) {
    const key = `${enclosing[i]}:${headings[i]!.depth}`;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  const repeats: RepeatView[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const earlier = stageHeadings.indices.filter((i) => i < first);
    if (group.length < 2 || earlier.length < 2) continue;
    const matches = group.map((i) => ({ heading: i, target: earlier.find((e) => sameStage(headings[i]!.text, headings[e]!.text)) }));
    const found = matches.filter((m): m is RepeatView => m.target !== undefined);
    if (found.length >= 2 && found.length * 2 > group.length) for (const f of found) repeats.push(f);
  }
  if (repeats.length === 0) return { kept: stageHeadings, repeats };
  const dropped = new Set(repeats.map((r) => r.heading));
  const kept: StageHeadings = {
    indices: stageHeadings.indices.filter((i) => !dropped.has(i)),
    keys: stageHeadings.keys,
    parents: new Map([...stageHeadings.parents].filter(([i, p]) => !dropped.has(i) && !dropped.has(p))),
    count: stageHeadings.count,
  };
  return { kept, repeats };
}
