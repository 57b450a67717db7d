import type { ParsedDocument } from '../parse.js';
import { detectLineEnding } from '../text.js';
import type { VocabularyMatchers } from '../vocabulary.js';
import { findConflictMarkers } from './conflicts.js';
import { findEmptySections } from './empty-sections.js';
import { planEvidence } from './evidence.js';
import { mergeFacts } from './facts.js';
import { frontmatterOwner, parseFrontmatter } from './frontmatter.js';
import { headingFacts } from './heading-facts.js';
import { buildOutline } from './headings.js';
import { classify } from './kind.js';
import { dedupeBySpan, frontmatterPlaceholders } from './placeholders.js';
import type { Plan } from './plan.js';
import { resolveIds } from './references.js';
import { withHeadingRisks } from './risk-headings.js';
import { headingRequirements } from './requirements.js';
import { findStageHeadings } from './stage-headings.js';
import { inheritOwners } from './owners.js';
import { buildStages, stageAt } from './stages.js';
import { walkSections } from './walk-cache.js';

/**
 * Builds the typed {@link Plan} from a parsed document. Total: any mdast yields a model. The
 * model modules are the only code that reads mdast; rules read the model.
 *
 * The build is a list of passes, each a pure function of the document and of what earlier
 * passes found: the headings, which of them are stages, what headings say, the walk of each
 * section's blocks (cached on the section and moved with it when `parseDocument` reuses it and
 * its heading context is the same; the result does not depend on the cache), then the
 * cross-section assembly: facts, requirements, stages, plan kind, plan-level evidence, IDs.
 *
 * @param doc the section-wise parse of the document (`parseDocument`); its sections may be
 *   annotated with cached walks
 * @param vocab compiled vocabulary (built-in plus config extensions)
 */
export function buildPlan(doc: ParsedDocument, vocab: VocabularyMatchers): Plan {
  const { text, lines, root } = doc;
  const frontmatter = parseFrontmatter(root);
  const outline = buildOutline(doc, vocab); // headings, section ends, section kinds
  const stageHeadings = findStageHeadings(outline, vocab); // which headings open stages
  const fromHeadings = headingFacts(outline, text); // DoD, tests, rollback… said by headings
  const walk = walkSections(doc, { text, lines, vocab, outline, stageHeadings }); // each section's blocks
  const facts = mergeFacts(fromHeadings.facts, walk.facts); // by kind, sorted by offset
  const requirements = [...headingRequirements(doc, outline, vocab), ...walk.requirements].sort((a, b) => a.start - b.start);
  const stages = buildStages({ outline, stageHeadings, facts, tableStageRows: walk.tableStageRows, tasks: walk.tasks, textLength: text.length, vocab });
  inheritOwners(stages, outline, facts, walk.tableStageRows); // owners of parent headings, tracks and assignment tables
  const { isPlan, planSignals } = classify({ root, frontmatter, outline, stageHeadings: stageHeadings.count, stageRows: walk.tableStageRows.length, tasks: walk.tasks, requirements: requirements.length, facts, vocab });
  const evidence = planEvidence(stages, facts, text, outline); // plan-level tests, rollback, health, change
  const ids = resolveIds(requirements, walk); // unique requirements, references, ID definitions
  return {
    text,
    lines,
    lineEnding: detectLineEnding(text),
    title: outline.title,
    titleSpan: outline.titleSpan,
    frontmatter,
    isPlan,
    planSignals,
    headings: outline.headings,
    stages,
    owner: frontmatterOwner(frontmatter),
    requirements: ids.requirements,
    references: ids.references,
    stageReferences: walk.stageReferences,
    tasks: walk.tasks,
    risks: withHeadingRisks(walk.risks, doc, outline), // items and rows, and risks written as sub-headings
    riskSection: fromHeadings.riskSection ?? walk.riskTable,
    gates: walk.gates,
    criteria: walk.criteria,
    placeholders: dedupeBySpan([...frontmatterPlaceholders(root, lines), ...walk.placeholders]),
    conflictMarkers: findConflictMarkers(text, lines, walk.codeRanges),
    dependencies: walk.dependencies.filter((d) => d.from),
    totals: walk.totals.filter((t) => !t.label || stageAt(stages, t.span.start.offset)?.source !== 'heading'),
    schemaChanges: walk.schemaChanges,
    migration: walk.migration,
    ...evidence,
    idDefinitions: ids.idDefinitions,
    emptySections: findEmptySections(root, outline.headings),
    directives: walk.directives,
    codeRanges: walk.codeRanges,
    tokenEstimate: Math.ceil(text.length / 4),
  };
}
