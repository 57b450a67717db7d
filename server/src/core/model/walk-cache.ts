import type { ParsedDocument } from '../parse.js';
import { headingIndexAt, sectionKindsAt } from './headings.js';
import { mergeWalks, shiftWalk, type SectionWalk } from './section-walk.js';
import { stageKeyAt } from './stage-headings.js';
import { walkSection, type WalkInputs } from './walk.js';

/** A walk cached on its parse section, valid while the section's heading context is the same. */
interface CachedWalk {
  /** `VocabularyMatchers.key` of the vocabulary the walk used. */
  vocabulary: string;
  context: string;
  /** Offset and 1-based line of the section when `result` was computed or last moved. */
  start: number;
  line: number;
  result: SectionWalk;
}

/**
 * Walks every section of `doc` and merges the walks in document order.
 *
 * Each section's walk depends on its text and on its heading context: the section kinds and
 * the stage key in force at its start and at each of its headings. A walk cached on the
 * section (`Section.walk`) with the same context and vocabulary is moved with its section
 * instead of repeated; otherwise the section is walked and the walk cached on it. The result
 * does not depend on the cache.
 */
export function walkSections(doc: ParsedDocument, inputs: WalkInputs): SectionWalk {
  const { outline, stageHeadings, vocab } = inputs;
  const { headings } = outline;
  // The sorted kinds of each heading's sections, as they go into a context: joined once per heading.
  const kindKeys: string[] = [];
  const kindsKey = (offset: number) => {
    const { kinds, heading } = sectionKindsAt(outline, offset);
    return heading < 0 ? '' : (kindKeys[heading] ??= [...kinds].sort().join(','));
  };
  // The heading context at an offset: its kinds and stage key; at each heading's start, read once.
  const contextAt = (offset: number) => `${kindsKey(offset)}:${stageKeyAt(outline, stageHeadings, offset) ?? ''}`;
  const atHeading: string[] = [];
  const walks: SectionWalk[] = doc.sections.map((section) => {
    // The context at the section's start and at each of its headings, with offsets from its start.
    let context = `${contextAt(section.start)}:0`;
    for (let i = Math.max(0, headingIndexAt(headings, section.start)); i < headings.length && headings[i]!.span.start.offset < section.end; i++) {
      const at = headings[i]!.span.start.offset;
      if (at > section.start) context += `;${(atHeading[i] ??= contextAt(at))}:${at - section.start}`;
    }
    const cached = section.walk as CachedWalk | undefined;
    if (cached && cached.vocabulary === vocab.key && cached.context === context) {
      shiftWalk(cached.result, section.start - cached.start, section.line - cached.line);
      cached.start = section.start;
      cached.line = section.line;
      return cached.result;
    }
    const result = walkSection(inputs, section.nodes);
    section.walk = { vocabulary: vocab.key, context, start: section.start, line: section.line, result } satisfies CachedWalk;
    return result;
  });
  return mergeWalks(walks);
}
