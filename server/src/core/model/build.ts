import type { ParsedDocument } from '../parse.js';
import { detectLineEnding } from '../text.js';
import type { VocabularyMatchers } from '../vocabulary.js';
import { findConflictMarkers } from './conflicts.js';
import { findEmptySections } from './empty-sections.js';
import { planEvidence, type PlanEvidence } from './evidence.js';
import { mergeFacts, type FactMap } from './facts.js';
import { frontmatterOwner, parseFrontmatter } from './frontmatter.js';
import { headingFacts } from './heading-facts.js';
import { buildOutline, type Outline } from './headings.js';
import { classify } from './kind.js';
import { dedupeBySpan, frontmatterPlaceholders } from './placeholders.js';
import type { Plan } from './plan.js';
import { resolveIds, type ResolvedIds } from './references.js';
import { withHeadingRisks } from './risk-headings.js';
import { headingRequirements } from './requirements.js';
import { findStageHeadings, type StageHeadings } from './stage-headings.js';
import { inheritOwners } from './owners.js';
import { withNodeMemo } from './mdast.js';
import { buildStages, stageAt } from './stages.js';
import { emptyWalk } from './section-walk.js';
import { walkSections } from './walk-cache.js';

/** Called once for each pass that threw: its result was replaced by an empty one. */
export type PassFailure = (pass: string, error: unknown) => void;

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
 * A pass that throws is skipped for this document: its result is empty (no headings, no facts,
 * no stages…), `onFailure` is told its name, and the later passes run on what is left, so one
 * failing pass never loses the whole document.
 *
 * @param doc the section-wise parse of the document (`parseDocument`); its sections may be
 *   annotated with cached walks
 * @param vocab compiled vocabulary (built-in plus config extensions)
 * @param onFailure told of each pass that threw (pass name and error); by default failures are ignored
 * @throws never
 */
export function buildPlan(doc: ParsedDocument, vocab: VocabularyMatchers, onFailure: PassFailure = () => {}): Plan {
  return withNodeMemo(() => passes(doc, vocab, onFailure));
}

/** The passes of {@link buildPlan}, in order. */
function passes(doc: ParsedDocument, vocab: VocabularyMatchers, onFailure: PassFailure): Plan {
  const { text, lines, root } = doc;
  const pass = <T>(name: string, empty: () => T, run: () => T): T => {
    try {
      return run();
    } catch (error) {
      onFailure(name, error);
      return empty();
    }
  };
  const frontmatter = pass('frontmatter', () => ({}), () => parseFrontmatter(root));
  const outline = pass('outline', (): Outline => ({ headings: [], nodes: [], locals: [], inheritedKinds: [], title: undefined, titleSpan: lines.lineSpan(1) }), () => buildOutline(doc, vocab)); // headings, section ends, section kinds
  const stageHeadings = pass('stage headings', (): StageHeadings => ({ indices: [], parents: new Map(), keys: new Map(), count: 0 }), () => findStageHeadings(outline, vocab)); // which headings open stages
  const fromHeadings = pass('heading facts', () => ({ facts: new Map() as FactMap, riskSection: undefined, unfilledRiskSection: undefined }), () => headingFacts(outline, text)); // DoD, tests, rollback… said by headings
  const walk = pass('section walk', emptyWalk, () => walkSections(doc, { text, lines, vocab, outline, stageHeadings })); // each section's blocks
  const facts = pass('facts', () => new Map() as FactMap, () => mergeFacts(fromHeadings.facts, walk.facts)); // by kind, sorted by offset
  const requirements = pass('requirements', () => walk.requirements, () => [...headingRequirements(doc, outline, vocab), ...walk.requirements].sort((a, b) => a.start - b.start));
  const stages = pass('stages', () => [], () => buildStages({ outline, stageHeadings, facts, tableStageRows: walk.tableStageRows, tasks: walk.tasks, textLength: text.length, vocab }));
  pass('owners', () => undefined, () => inheritOwners(stages, outline, facts, walk.tableStageRows)); // owners of parent headings, tracks and assignment tables
  const { isPlan, planSignals } = pass('kind', () => ({ isPlan: false, planSignals: [] }), () => classify({ root, frontmatter, outline, stageHeadings: stageHeadings.count, stageRows: walk.tableStageRows.length, tasks: walk.tasks, requirements: requirements.length, facts, vocab }));
  const noEvidence = (): PlanEvidence => ({ planDod: undefined, planTests: undefined, planRollback: undefined, planHealthCheck: undefined, anyRollback: undefined, unfilledRollback: undefined, changeSignal: undefined });
  const evidence = pass('plan evidence', noEvidence, () => planEvidence(stages, facts, text, outline)); // plan-level tests, rollback, health, change
  const ids = pass('ids', (): ResolvedIds => ({ requirements: [], references: [], idDefinitions: [] }), () => resolveIds(requirements, walk)); // unique requirements, references, ID definitions
  return {
    text,
    lines,
    lineEnding: detectLineEnding(text),
    unclosedBlock: doc.unclosedBlock,
    title: outline.title,
    titleSpan: outline.titleSpan,
    frontmatter,
    isPlan,
    planSignals,
    headings: outline.headings,
    stages,
    owner: pass('owner', () => undefined, () => frontmatterOwner(frontmatter)),
    requirements: ids.requirements,
    references: ids.references,
    stageReferences: walk.stageReferences,
    tasks: walk.tasks,
    risks: pass('heading risks', () => walk.risks, () => withHeadingRisks(walk.risks, doc, outline)), // items and rows, and risks written as sub-headings
    riskSection: fromHeadings.riskSection ?? walk.riskTable,
    unfilledRiskSection: fromHeadings.riskSection ?? walk.riskTable ? undefined : fromHeadings.unfilledRiskSection,
    gates: walk.gates,
    criteria: walk.criteria,
    placeholders: pass('placeholders', () => [], () => dedupeBySpan([...frontmatterPlaceholders(root, lines), ...walk.placeholders])),
    conflictMarkers: pass('conflict markers', () => [], () => findConflictMarkers(text, lines, walk.codeRanges)),
    dependencies: walk.dependencies.filter((d) => d.from),
    totals: pass('totals', () => [], () => walk.totals.filter((t) => !t.label || stageAt(stages, t.span.start.offset)?.source !== 'heading')),
    schemaChanges: walk.schemaChanges,
    migration: walk.migration,
    ...evidence,
    idDefinitions: ids.idDefinitions,
    emptySections: pass('empty sections', () => [], () => findEmptySections(root, outline.headings)),
    directives: walk.directives,
    codeRanges: walk.codeRanges,
    tokenEstimate: Math.ceil(text.length / 4),
  };
}
