import type { IdDefinition, IdReference, Requirement } from './plan.js';
import type { SectionWalk } from './section-walk.js';

/** Requirements once each, references to them, and every ID definition in document order. */
export interface ResolvedIds {
  /** The first definition of each requirement (by family and ID), in document order. */
  requirements: Requirement[];
  /** Requirement IDs and Kiro requirement numbers used outside their own definitions. */
  references: IdReference[];
  /** Task, risk and requirement definitions, duplicates included, sorted by offset. */
  idDefinitions: IdDefinition[];
}

/**
 * Resolves IDs: a requirement ID found in text is a reference unless it lies in one of its own
 * definitions. `requirements` are all definitions sorted by start; `walk` is the merged walk.
 */
export function resolveIds(requirements: Requirement[], walk: Pick<SectionWalk, 'refCandidates' | 'kiroRefs' | 'idDefinitions'>): ResolvedIds {
  const defsById = new Map<string, Requirement[]>();
  for (const r of requirements) defsById.set(r.id, [...(defsById.get(r.id) ?? []), r]);
  const references: IdReference[] = [];
  for (const c of walk.refCandidates) {
    const defs = defsById.get(c.id);
    if (defs && defs.some((d) => c.offset >= d.start && c.offset < d.end)) continue;
    references.push({ id: c.id, family: c.family, span: c.span, ...(c.inRange ? { inRange: true } : {}) });
  }
  const kiroDefs = walk.kiroRefs.length > 0 ? requirements.filter((r) => r.family === 'kiro') : [];
  for (const k of walk.kiroRefs) {
    const defs = kiroDefs;
    if (defs.some((d) => k.offset >= d.start && k.offset < d.end)) continue;
    references.push({ id: k.id, family: 'kiro', span: k.span });
  }
  const idDefinitions = [...walk.idDefinitions];
  const uniqueRequirements: Requirement[] = [];
  const seen = new Set<string>();
  for (const r of requirements) {
    idDefinitions.push({ id: r.family === 'kiro' ? `Requirement ${r.id}` : r.id, kind: 'requirement', span: r.span });
    if (seen.has(`${r.family}:${r.id}`)) continue;
    seen.add(`${r.family}:${r.id}`);
    uniqueRequirements.push(r);
  }
  idDefinitions.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { requirements: uniqueRequirements, references, idDefinitions };
}
