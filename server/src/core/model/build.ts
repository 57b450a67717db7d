import type { Heading as MdHeading, ListItem, Nodes, Root, RootContent, Table, TableRow } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { parse as parseYaml } from 'yaml';
import type { ParsedDocument } from '../parse.js';
import { detectLineEnding, type Span } from '../text.js';
import type { VocabularyMatchers } from '../vocabulary.js';
import {
  CHANGE_SIGNAL,
  DDL,
  DEPLOY_TITLE,
  EMPTY_CELL,
  HEALTH_PHRASE,
  HTML_TAGS,
  KIND_PATTERNS,
  MIGRATION_STEP,
  MIGRATION_TITLE,
  PRODUCTION_PHRASE,
  ROLLBACK_PHRASE,
  ROLLBACK_TITLE,
  RUNBOOK_TITLE,
  VERIFICATION_TITLE,
  SCHEMA_PROSE,
  STAGE_NUMBER,
  STAGE_REF,
  STAGE_REF_WORDS,
  TEST_COMMAND,
  TEST_MENTION,
  parseDuration,
} from './patterns.js';
import type {
  ConflictMarker,
  Criterion,
  Dependency,
  Directive,
  Estimate,
  EstimateTotal,
  Evidence,
  Gate,
  Heading,
  IdDefinition,
  IdReference,
  Placeholder,
  Plan,
  Requirement,
  Risk,
  Stage,
  StageKind,
  StageReference,
  Task,
} from './plan.js';

type FactKind = 'dod' | 'tests' | 'testsTbd' | 'rollback' | 'health' | 'owner' | 'estimate' | 'status' | 'production' | 'change';

interface Fact extends Evidence {
  kind: FactKind;
  offset: number;
  /** Set on heading facts: the heading's section end. */
  sectionEnd?: number;
  fromHeading?: boolean;
}

const STAGE_TABLE_HEADER = /^(?:stage|phase|milestone|step|sprint|wave|iteration|week|day)s?\b/i;
const STAGE_TABLE_COLUMNS = /owner|dod|definition of done|evidence|exit|tests?|rollback|done|estimate|duration|effort|status|deliverables?|gates?|criteria|goal/i;
const OWNER_LABEL = /^(?:owners?|assignee|dri|responsible|lead)\s*[:：]\s*(.+)$/i;
const STATUS_LABEL = /^status\s*[:：]\s*(.+)$/i;
const DONE_WORD = /^(?:✅|✔️?|☑️?|done|complete|completed|finished|shipped|closed)\b/i;
const ESTIMATE_LABEL = /^(?:estimate[ds]?|estimated\s+(?:effort|time|duration)|effort|duration|time\s+estimate|timebox|time)\s*[:：]\s*(.+)$/i;
const TOTAL = /\btotal(?:\s+(?:estimated?|effort|duration|time))?\s*(?:\([^)]*\))?\s*[:=]?\s*\**\s*(~?\s*\d+(?:\.\d+)?(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?)?\s*(?:hours?|hrs?|h|days?|d|person[- ]days?|pd|weeks?|wks?|w)\b)/i;
/** A task ID opening an item ("T001 Create...", "**T002**:"), not a range such as "T015-T018". */
const TASK_ID = /^(?:\*\*)?((?:T|TASK-)\d{2,})(?:\*\*)?(?=[\s:.)]|$)(?!\s*[-–]\s*T\d)/;
const RISK_ID = /^(?:\*\*)?((?:RISK|RSK)-?\d+)\b/i;
const SEE_STAGE = new RegExp(`\\b(?:see|per|in|from|(?:described|defined|covered)\\s+in)\\s+(${STAGE_REF_WORDS})\\s*#?\\s*(${STAGE_NUMBER})\\b`, 'gi');
const DEP_LABEL = /^(?:depends\s+on|dependencies|dependency|blocked\s+by|requires|prerequisites?|after)\s*[:：]\s*(.+)$/i;
const DEP_INLINE = new RegExp(`\\b(?:depends\\s+on|blocked\\s+by|after)\\s+((?:(?:${STAGE_REF_WORDS})\\s*#?\\s*${STAGE_NUMBER}|T\\d{2,})(?:\\s*(?:,|and|&|/)\\s*(?:(?:${STAGE_REF_WORDS})\\s*#?\\s*${STAGE_NUMBER}|T\\d{2,}|${STAGE_NUMBER}))*)\\b`, 'gi');
const MAY_REFERENCE = new RegExp(`\\b${STAGE_REF_WORDS}s?\\s*#?\\s*\\d|\\bT\\d{2}|\\bTASK-\\d`, 'i');
const MITIGATION = /\b(?:mitigat\w*|contingency|fallback|workaround|remediat\w*|countermeasure|addressed\s+by|handled\s+by|guard(?:ed|s)?\s+(?:by|with)|prevent\w*|avoid\w*|monitor\w*|roll(?:ing)?[ -]?back|revert\w*|feature[- ]flag|kill[ -]?switch|we\s+will|by\s+\w+ing|plan:|response:|backup)\b/i;
const RISK_SEPARATOR = /(?:\s[—–-]\s|→|->|=>|:\s)(.+)/;
/** A section-level pass criterion that the gates listed below it inherit ("Each MUST exit 0"). */
const INHERITED_THRESHOLD = /\b(?:(?:must|should|shall)\s+(?:all\s+)?(?:pass|succeed|be\s+green|exit\s+(?:with\s+)?(?:code\s+)?0)|exit\s+(?:code\s+)?0\b|all\s+(?:must\s+)?pass)/i;
const COMMAND_WORDS = /\b(?:typescript|type[- ]?check|npm|pnpm|yarn|bun|npx|make|pytest|go\s+(?:test|vet|build)|cargo|mvn|gradle|tsc|eslint|ruff|mypy|semgrep|trivy|snyk|sonar\w*|codeql|docker|kubectl|helm|terraform|jest|vitest|playwright|lighthouse|k6|bandit|gitleaks|shellcheck)\b/i;
const THRESHOLD = /\d|[<>≤≥=]|\b(?:pass(?:es|ing)?|green|zero|no\s+(?:new\s+)?(?:errors?|warnings?|failures?|findings?|vulnerabilit\w+|regressions?|issues?)|clean|success(?:ful)?|approved?|all\s+(?:tests?|checks?)|must\s+pass|blocking|fails?\s+(?:on|if|when))\b/i;
const REQ_LABEL = /^_?\s*(?:requirements?|reqs?|covers|implements|traces?\s+to|satisfies|refs?)\s*[:：]/i;
const KIRO_REQUIREMENT = /^requirement\s+(\d+)\b/i;
const KIRO_REFS = /\b\d+(?:\.\d+)?\b/g;
const PLAN_TITLE = /\b(?:plans?|planning|roadmap|rollout|runbook|migration|proposal|kep|tasks|spec|specification|rfc|enhancement)\b/i;
const TRACE_HEADER = /\b(?:task|tasks|stage|phase|covered|coverage|implement\w*|trace\w*|mapped|story|stories|tests?|verified\s+by)\b/i;
const CODE_TYPES = new Set(['code', 'inlineCode']);
/**
 * Placeholder words. TBD and TKTK always; TODO, FIXME and XXX only where they stand in for
 * content (before a colon or bracket, or ending the text), not as a topic ("TODO Report") and
 * never inside an identifier ("REQ-TODO-01", "TODO/FIXME").
 */
const PLACEHOLDER_WORD = /(?<![\w/-])(?:TBD|TKTK)(?![\w/-])|(?<![\w/-])(?:TODO|FIXME|XXX)(?=\s*[:)\]]|\s*[.,;]?\s*$)(?![\w/-])|\?{3,}|\{\{\s*[\w.-]+\s*\}\}/g;

function spanOf(node: Nodes): Span {
  const p = node.position!;
  return {
    start: { line: p.start.line, column: p.start.column, offset: p.start.offset ?? 0 },
    end: { line: p.end.line, column: p.end.column, offset: p.end.offset ?? 0 },
  };
}

function plain(node: Nodes): string {
  return toString(node, { includeHtml: false, includeImageAlt: false });
}

/** Heading text without emoji, status decorations, checkboxes, owners and estimates. */
export function cleanHeadingText(raw: string): string {
  return raw
    .replace(/\(\s*owner\s*:[^)]*\)/gi, ' ')
    .replace(/\(\s*~?\s*\d+(?:\.\d+)?(?:\s*[-–]\s*\d+(?:\.\d+)?)?\s*(?:h|hrs?|hours?|d|days?|w|wks?|weeks?)\s*\)/gi, ' ')
    .replace(/[([]\s*(?:done|complete|completed|finished|in progress|wip|blocked|pending|not started|todo|planned)\s*[)\]]/gi, ' ')
    .replace(/\s[—–-]\s*(?:done|complete|completed|finished|in progress)\s*$/i, ' ')
    .replace(/\[[ xX]\]/g, ' ')
    .replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}\u2705\u2714\u2610\u2611\u2612\u23F3\u26A0]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function headingDone(raw: string): boolean {
  // A mark before the title is an icon ("## ✅ Sign-off"); after the title it is a status.
  return (/[✅✔☑]/u.test(raw) && /[\p{L}\p{N}][^✅✔☑]*(?:✅|✔|☑)/u.test(raw)) || /\[[xX]\]/.test(raw) || /[([]\s*(?:done|complete|completed|finished)\s*[)\]]/i.test(raw) || /\s[—–-]\s*(?:done|complete|completed|finished)\s*$/i.test(raw);
}

function stageKind(title: string): StageKind {
  if (RUNBOOK_TITLE.test(title)) return 'docs';
  if (ROLLBACK_TITLE.test(title)) return 'rollback';
  if (VERIFICATION_TITLE.test(title)) return 'test';
  if (MIGRATION_TITLE.test(title)) return 'migration';
  if (DEPLOY_TITLE.test(title)) return 'deploy';
  for (const [kind, pattern] of KIND_PATTERNS) if (pattern.test(title)) return kind;
  return 'build';
}

function normalizeStageKey(keyword: string, number: string): string {
  return `${keyword.toLowerCase().replace(/s$/, '')} ${number.toLowerCase()}`;
}

/** A label at the start of a block: `**DoD:** rest`, `Tests: rest`, or a bold-only paragraph. */
function labelOf(node: Nodes): { label: string; rest: string } | undefined {
  const text = plain(node).trim();
  const firstLine = text.split('\n')[0] ?? '';
  const m = firstLine.includes(':') || firstLine.includes('：') ? /^([^:：\n]{1,60}?)\s*[:：]\s*(.*)$/.exec(firstLine) : null;
  const children = 'children' in node ? (node.children as Nodes[]) : [];
  const first = children[0];
  const strongFirst = first && (first.type === 'strong' || first.type === 'emphasis');
  if (m && (strongFirst || m[1]!.trim().split(/\s+/).length <= 5)) {
    return { label: m[1]!.replace(/[*_`]/g, '').trim(), rest: text.slice(firstLine.length - m[2]!.length).trim() };
  }
  if (strongFirst && children.length <= 2 && plain(first).trim().length === text.length) {
    return { label: text.replace(/[:：]$/, '').trim(), rest: '' };
  }
  return undefined;
}

function isTbd(text: string): boolean {
  return /^\s*(?:tbd|tbc|todo|n\/a|none|-|—|\?+|to be (?:defined|determined|decided))\.?\s*$/i.test(text);
}

/**
 * Builds the typed {@link Plan} from a parsed document. Total: any mdast yields a model. This
 * is the only function that walks mdast; rules read the model.
 *
 * Work is split the way the parse is: a global pass over the headings (section kinds, stages),
 * a walk of each section's nodes, and the assembly of cross-section facts (stages' evidence,
 * coverage, references, plan-level sections) from the walks. A section's walk is cached on the
 * section, with the heading context it depended on; when `parseDocument` reuses a section for
 * the next version of the document and the context is the same, the walk is moved instead of
 * repeated. The result does not depend on the cache (the differential test checks this).
 *
 * @param doc the section-wise parse of the document (`parseDocument`); its sections may be
 *   annotated with cached walks
 * @param vocab compiled vocabulary (built-in plus config extensions)
 */
export function buildPlan(doc: ParsedDocument, vocab: VocabularyMatchers): Plan {
  const { text, lines, root } = doc;
  const facts = new Map<FactKind, Fact[]>();
  /** Where addFact writes: the global map for heading facts, a section's own map during its walk. */
  let sink = facts;
  const addFact = (kind: FactKind, node: Nodes | Span, factText: string, extra: Partial<Fact> = {}) => {
    const span = 'start' in node && 'end' in node && !('type' in node) ? node : spanOf(node as Nodes);
    const list = sink.get(kind) ?? [];
    list.push({ kind, span, text: factText, offset: span.start.offset, ...extra });
    sink.set(kind, list);
  };

  // ---- front matter
  let frontmatter: Record<string, unknown> = {};
  const yamlNode = root.children.find((n) => n.type === 'yaml');
  if (yamlNode && yamlNode.type === 'yaml') {
    try {
      const value = parseYaml(yamlNode.value);
      if (value && typeof value === 'object' && !Array.isArray(value)) frontmatter = value as Record<string, unknown>;
    } catch {
      // Invalid YAML front matter is treated as absent; the document is still linted.
    }
  }

  // ---- headings
  const headingNodes: Array<{ node: MdHeading; index: number }> = [];
  root.children.forEach((node, index) => {
    if (node.type === 'heading') headingNodes.push({ node, index });
  });
  const locals = headingNodes.map(({ node }) => headingLocal(node, vocab));
  const headings: Heading[] = headingNodes.map(({ node }, i) => ({ depth: node.depth, raw: locals[i]!.raw, text: locals[i]!.text, span: spanOf(node), sectionEnd: text.length, contentEnd: text.length }));
  {
    // A heading's section ends at the next heading of the same or a higher level (a stack walk).
    const open: Heading[] = [];
    headings.forEach((h, i) => {
      const next = headings[i + 1];
      h.contentEnd = next ? next.span.start.offset : text.length;
      while (open.length && open[open.length - 1]!.depth >= h.depth) open.pop()!.sectionEnd = h.span.start.offset;
      open.push(h);
    });
  }
  const title = headings.find((h) => h.depth === 1);
  const titleSpan = title ? title.span : lines.lineSpan(1);

  // ---- classify headings as plan sections
  const headingKinds: Array<Set<string>> = locals.map((l) => l.kinds);

  // ---- stages from headings
  const stageHeadings: number[] = [];
  const isStageHeading = (i: number): { key: string | undefined } | undefined => {
    const h = headings[i]!;
    if (h.depth === 1 && i === headings.indexOf(title!)) return undefined;
    const m = vocab.stageHeading.exec(h.text.replace(/^\d+(?:\.\d+)*[.)]\s+/, '').replace(/[*_`]/g, ''));
    if (m) return { key: normalizeStageKey(m[0].replace(/\s*#?\s*[\dIVX.-]+[a-z]?$/i, '').trim(), m[1]!) };
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
  };
  let stageHeadingCount = 0;
  let open: Heading | undefined;
  const stageKeysByHeading = new Map<number, string | undefined>();
  for (let i = 0; i < headings.length; i++) {
    const s = isStageHeading(i);
    if (!s) continue;
    stageHeadingCount++;
    const h = headings[i]!;
    if (open && h.span.start.offset < open.sectionEnd) continue;
    stageHeadings.push(i);
    stageKeysByHeading.set(i, s.key);
    open = h;
  }

  /** Key of the heading stage holding `offset`: the source of a dependency declared in prose. */
  const headingStageKeyAt = (offset: number): string | undefined => {
    let lo = 0;
    let hi = stageHeadings.length - 1;
    let key: string | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const h = headings[stageHeadings[mid]!]!;
      if (h.span.start.offset <= offset) {
        key = offset < h.sectionEnd ? stageKeysByHeading.get(stageHeadings[mid]!) : undefined;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return key;
  };

  // ---- walk blocks: labels, phrases, tasks, tables, lists (per section, see SectionWalk)
  /** Requirements defined by headings (their definition spans the heading's section). */
  const headingRequirements: Requirement[] = [];
  let riskSection: Span | undefined;
  let out: SectionWalk = emptyWalk();
  /** Set while walking a gate list whose introduction states the pass criterion for all of it. */
  let inheritedThreshold = false;

  const headingIndexAt = (offset: number): number => {
    let lo = 0;
    let hi = headings.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (headings[mid]!.span.start.offset <= offset) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  };
  // Kinds of each heading's section plus its ancestors' (a stack walk, O(headings)).
  const inheritedKinds: Array<Set<string>> = [];
  {
    const stack: number[] = [];
    headings.forEach((h, i) => {
      while (stack.length && headings[stack[stack.length - 1]!]!.depth >= h.depth) stack.pop();
      const kinds = new Set<string>(headingKinds[i]);
      for (const a of stack) for (const k of headingKinds[a]!) kinds.add(k);
      inheritedKinds.push(kinds);
      stack.push(i);
    });
  }
  const NO_KINDS = new Set<string>();
  /** Kinds of the sections (the nearest heading and its ancestors) that contain `offset`. */
  const sectionKindsAt = (offset: number): { kinds: Set<string>; heading: number } => {
    const i = headingIndexAt(offset);
    return { kinds: i >= 0 ? inheritedKinds[i]! : NO_KINDS, heading: i };
  };

  // Headings as facts.
  headings.forEach((h, i) => {
    const kinds = headingKinds[i]!;
    const extra = { sectionEnd: h.sectionEnd, fromHeading: true };
    if (kinds.has('dod')) addFact('dod', h.span, h.text, extra);
    if (kinds.has('tests')) {
      const body = text.slice(h.span.end.offset, h.contentEnd).trim();
      const onlyTbd = body.length > 0 && body.split('\n').every((l) => isTbd(l.replace(/^[-*+]\s+/, '')) || l.trim() === '');
      addFact(onlyTbd ? 'testsTbd' : 'tests', h.span, h.text, extra);
    }
    if (kinds.has('rollback')) addFact('rollback', h.span, h.text, extra);
    if (kinds.has('health')) addFact('health', h.span, h.text, extra);
    const local = locals[i]!;
    if (local.owner) addFact('owner', h.span, local.owner);
    if (local.estimate) addFact('estimate', h.span, local.estimate);
    if (local.done) addFact('status', h.span, 'done');
    if (local.production) addFact('production', h.span, h.text);
    if (kinds.has('risks') && !riskSection) riskSection = h.span;
  });

  const handleProse = (node: Nodes, value: string) => {
    if (TEST_COMMAND.test(value) || TEST_MENTION.test(value)) addFact('tests', node, value.slice(0, 80));
    if (ROLLBACK_PHRASE.test(value)) addFact('rollback', node, value.slice(0, 80));
    if (HEALTH_PHRASE.test(value)) addFact('health', node, value.slice(0, 80));
    if (PRODUCTION_PHRASE.test(value)) addFact('production', node, value.slice(0, 80));
    if (CHANGE_SIGNAL.test(value)) addFact('change', node, firstMatch(CHANGE_SIGNAL, value));
    if (!out.migration && MIGRATION_STEP.test(value)) out.migration = { span: spanOf(node), text: firstMatch(MIGRATION_STEP, value) };
    if (SCHEMA_PROSE.test(value)) out.schemaChanges.push({ span: spanOf(node), text: firstMatch(SCHEMA_PROSE, value) });
  };

  const handleLabel = (node: Nodes, following: Nodes | undefined) => {
    const label = labelOf(node);
    if (!label) return;
    const l = label.label;
    const span = spanOf(node);
    if (vocab.dod.test(l)) {
      addFact('dod', span, l);
      if (label.rest && !(following && following.type === 'list')) out.criteria.push({ text: label.rest, span: firstLineSpan(span) });
      if (following?.type === 'list') for (const item of following.children) out.criteria.push({ text: plain(item).trim(), span: firstLineSpan(spanOf(item)) });
    }
    if (vocab.tests.test(l)) addFact(isTbd(label.rest) && !(following?.type === 'list') ? 'testsTbd' : 'tests', span, l);
    if (vocab.rollback.test(l)) addFact('rollback', span, l);
    const owner = OWNER_LABEL.exec(`${l}: ${label.rest}`);
    if (owner && !isTbd(owner[1]!)) addFact('owner', span, owner[1]!.trim());
    const status = STATUS_LABEL.exec(`${l}: ${label.rest}`);
    if (status && DONE_WORD.test(status[1]!.trim())) addFact('status', firstLineSpan(span), 'done');
    const est = ESTIMATE_LABEL.exec(`${l}: ${label.rest}`);
    if (est) {
      const d = parseDuration(est[1]!);
      if (d) addFact('estimate', firstLineSpan(span), d.text);
    }
    if (REQ_LABEL.test(`${l}:`)) {
      for (const m of label.rest.matchAll(KIRO_REFS)) out.kiroRefs.push({ id: m[0], offset: span.start.offset, span: firstLineSpan(span) });
    }
  };

  const handleTable = (table: Table) => {
    const [headerRow, ...rows] = table.children;
    if (!headerRow) return;
    const header = headerRow.children.map((c) => plain(c).trim());
    const lower = header.map((h) => h.toLowerCase().replace(/[*_`]/g, ''));
    const col = (p: RegExp) => lower.findIndex((h) => p.test(h));
    const span = spanOf(table);
    const { kinds } = sectionKindsAt(span.start.offset);
    for (const [i, h] of lower.entries()) {
      if (vocab.dod.test(h)) addFact('dod', span, header[i]!);
      if (vocab.tests.test(h)) addFact('tests', span, header[i]!);
      if (vocab.rollback.test(h)) addFact('rollback', span, header[i]!);
    }
    const cellsOf = (row: TableRow) => row.children.map((c) => plain(c).trim());
    // Stage table
    if (STAGE_TABLE_HEADER.test(lower[0] ?? '') && lower.slice(1).some((h) => STAGE_TABLE_COLUMNS.test(h))) {
      for (const row of rows) {
        const cells = cellsOf(row);
        if (!/^\**total\b/i.test(cells[0] ?? '') && cells[0]) out.tableStageRows.push({ row, cells, header: lower });
      }
    }
    // Risk table
    const riskCol = col(/^(?:risks?|risk description|description|threat|concern)$/);
    const isRiskTable =
      (riskCol >= 0 && lower.some((h) => /mitigat|likelihood|probability|impact|severity/.test(h)) && (riskCol > 0 || /risk/.test(lower[0]!) || kinds.has('risks'))) ||
      (kinds.has('risks') && lower.some((h) => /mitigat|likelihood|impact/.test(h)));
    if (isRiskTable) {
      out.riskTable ??= span;
      const textCol = riskCol >= 0 ? riskCol : 0;
      const mitCol = col(/mitigat|response|contingency|countermeasure|action/);
      const checked = header.map((h, i) => ({ h, i })).filter(({ h }) => /^(?:owner|likelihood|probability|impact|severity|mitigation|mitigations)$/i.test(h.replace(/[*_`]/g, '')));
      for (const row of rows) {
        const cells = cellsOf(row);
        if (cells.every((c) => c === '')) continue;
        const emptyFields = checked.filter(({ i }) => EMPTY_CELL.test(cells[i] ?? '')).map(({ h }) => h);
        const id = RISK_ID.exec(cells[0] ?? '')?.[1];
        const rs = spanOf(row);
        if (id) out.idDefinitions.push({ id: id.toUpperCase(), kind: 'risk', span: rs });
        out.risks.push({
          text: cells[textCol] || cells.join(' '),
          span: rs,
          id,
          hasMitigation: mitCol >= 0 ? !EMPTY_CELL.test(cells[mitCol] ?? '') : MITIGATION.test(cells.join(' ')),
          emptyFields,
          drawback: false,
        });
      }
      return;
    }
    // Gate table
    const gateCol = col(/^(?:(?:ci\s+)?gates?|checks?|quality gate|gate name)$/);
    if ((gateCol === 0 || kinds.has('gates')) && lower.some((h) => /command|threshold|blocking|criteria|pass|tool|job/.test(h))) {
      const cmdCol = col(/command|tool|job|script/);
      const thrCol = col(/threshold|criteria|pass|target|blocking|condition/);
      for (const row of rows) {
        const cells = cellsOf(row);
        if (cells.every((c) => c === '')) continue;
        const rowText = cells.join(' | ');
        out.gates.push({
          text: cells[gateCol >= 0 ? gateCol : 0] || rowText,
          span: spanOf(row),
          hasCommand: cmdCol >= 0 ? !EMPTY_CELL.test(cells[cmdCol] ?? '') : row.children.some((c) => hasInlineCode(c)) || COMMAND_WORDS.test(rowText),
          hasThreshold: thrCol >= 0 ? !EMPTY_CELL.test(cells[thrCol] ?? '') : THRESHOLD.test(rowText.replace(/`[^`]*`/g, '')),
        });
      }
    }
    // DoD columns give criteria
    const dodCol = lower.findIndex((h) => vocab.dod.test(h));
    if (dodCol >= 0) {
      for (const row of rows) {
        const cell = row.children[dodCol];
        if (cell && plain(cell).trim()) out.criteria.push({ text: plain(cell).trim(), span: spanOf(cell) });
      }
    }
    // Owner / dependency columns of tables with task or stage ids
    const depCol = col(/depend|blocked by|prerequisite|^after$/);
    if (depCol > 0) {
      for (const row of rows) {
        const cells = cellsOf(row);
        const from = nodeKeyOf(cells[0] ?? '');
        const to = targetsOf(cells[depCol] ?? '');
        if (from && to.length) out.dependencies.push({ from, to, span: spanOf(row) });
      }
    }
    // Requirement definitions in the first column; traceability tables only reference.
    const defines = !lower.some((h) => TRACE_HEADER.test(h)) || /^(?:id|req(?:uirement)?s?(?:\s+id)?|#)$/.test(lower[0] ?? '') && !lower.slice(1).some((h) => /\b(?:tasks?|stages?|phases?|covered|implemented)\b/.test(h));
    for (const row of rows) {
      const first = row.children[0];
      if (!first) continue;
      const cellText = plain(first).trim().replace(/[*_`]/g, '');
      const m = new RegExp(`^(${vocab.requirementId.source})$`).exec(cellText);
      if (m && defines) {
        const s = spanOf(row);
        const cell = spanOf(first);
        const at = cell.start.offset + textValueOffset(text.slice(cell.start.offset, cell.end.offset), m[1]!);
        out.requirements.push({ id: m[1]!, family: familyOf(m[1]!), text: cellsOf(row).slice(1).join(' ').trim(), span: s, idSpan: lines.span(at, at + m[1]!.length), start: s.start.offset, end: s.end.offset, criteria: [] });
      }
    }
  };

  const handleListItem = (item: ListItem, inRisk: boolean, inGate: boolean, inDod: boolean, drawback: boolean, topLevel: boolean) => {
    const span = spanOf(item);
    const firstChild = item.children[0];
    const ownText = firstChild && firstChild.type === 'paragraph' ? plain(firstChild).trim() : '';
    if (typeof item.checked === 'boolean' || TASK_ID.test(ownText)) {
      const id = TASK_ID.exec(ownText)?.[1];
      let unchecked = 0;
      visit(item, (n) => {
        if (n !== item && n.type === 'listItem' && n.checked === false) unchecked++;
        return true;
      });
      const task: Task = { text: ownText, span: firstLineSpan(span), checked: typeof item.checked === 'boolean' ? item.checked : null, id, uncheckedChildren: unchecked };
      out.tasks.push(task);
      if (id) out.idDefinitions.push({ id, kind: 'task', span: task.span });
    }
    if (inDod && topLevel) out.criteria.push({ text: ownText, span: firstLineSpan(span) });
    if (inRisk && topLevel) {
      const nested = item.children.some((c) => c.type === 'list');
      const after = RISK_SEPARATOR.exec(ownText)?.[1] ?? '';
      const id = RISK_ID.exec(ownText)?.[1];
      if (id) out.idDefinitions.push({ id: id.toUpperCase(), kind: 'risk', span: firstLineSpan(span) });
      out.risks.push({
        text: ownText,
        span: firstLineSpan(span),
        id,
        hasMitigation: nested || MITIGATION.test(ownText) || after.trim().split(/\s+/).length >= 2 || item.children.length > 1,
        emptyFields: [],
        drawback,
      });
    }
    if (inGate && topLevel) {
      const t = plain(item);
      out.gates.push({
        text: ownText,
        span: firstLineSpan(span),
        hasCommand: hasInlineCode(item) || COMMAND_WORDS.test(t),
        hasThreshold: inheritedThreshold || THRESHOLD.test(t.replace(/`[^`]*`/g, '')),
      });
    }
  };

  const familyOf = (id: string): string => /^[A-Z]+/.exec(id)?.[0] ?? id;

  const nodeKeyOf = (cell: string): string | undefined => {
    const t = cell.replace(/[*_`]/g, '').trim();
    const task = /^(T\d{2,}|TASK-\d+)\b/.exec(t);
    if (task) return task[1];
    const m = vocab.stageHeading.exec(cleanHeadingText(t));
    if (m) return normalizeStageKey(m[0].replace(/\s*#?\s*[\dIVX.-]+[a-z]?$/i, '').trim(), m[1]!);
    return undefined;
  };
  const targetsOf = (s: string): string[] => {
    const out: string[] = [];
    let lastKeyword: string | undefined;
    for (const m of s.matchAll(new RegExp(`\\b(${STAGE_REF_WORDS})s?\\s*#?\\s*(${STAGE_NUMBER})\\b|\\b(T\\d{2,}|TASK-\\d+)\\b|(?<=(?:,|and|&|/)\\s*)(${STAGE_NUMBER})\\b`, 'gi'))) {
      if (m[1]) {
        lastKeyword = m[1];
        out.push(normalizeStageKey(m[1], m[2]!));
      } else if (m[3]) out.push(m[3]);
      else if (m[4] && lastKeyword) out.push(normalizeStageKey(lastKeyword, m[4]));
    }
    return out;
  };

  // Walk the document once.
  const walkBlock = (node: RootContent, ctx: { risk: boolean; gate: boolean; dod: boolean; drawback: boolean }, following: Nodes | undefined, topLevel: boolean) => {
    switch (node.type) {
      case 'heading':
      case 'code':
      case 'yaml':
      case 'definition':
        return;
      case 'html':
        collectDirectives(node.value, spanOf(node));
        collectHtmlPlaceholders(node);
        return;
      case 'table':
        handleTable(node);
        visitInline(node);
        return;
      case 'list':
        for (const item of node.children) walkBlock(item, ctx, undefined, topLevel);
        return;
      case 'listItem': {
        handleListItem(node, ctx.risk, ctx.gate, ctx.dod, ctx.drawback, topLevel);
        const first = node.children[0];
        if (first && first.type === 'paragraph') {
          handleLabel(first, node.children[1]);
          const label = labelOf(first);
          const nested = { ...ctx };
          if (label && vocab.dod.test(label.label)) nested.dod = true;
          handleDeps(first, node);
          visitInline(first);
          node.children.slice(1).forEach((c, i) => walkBlock(c, nested, node.children[i + 2], false));
        } else {
          node.children.forEach((c, i) => walkBlock(c, ctx, node.children[i + 1], false));
        }
        return;
      }
      case 'paragraph':
        handleLabel(node, following);
        handleDeps(node, undefined);
        visitInline(node);
        return;
      case 'blockquote':
        node.children.forEach((c, i) => walkBlock(c, ctx, node.children[i + 1], topLevel));
        return;
      default:
        if ('children' in node) visitInline(node as Nodes);
    }
  };

  const handleDeps = (node: Nodes, item: ListItem | undefined) => {
    const value = plain(node);
    // Every dependency or stage reference names a stage keyword or a task ID.
    if (!MAY_REFERENCE.test(value)) return;
    const span = spanOf(node);
    const ownText = value.trim();
    const ownerTask = item ? TASK_ID.exec(ownText)?.[1] : undefined;
    const fromKey = () => ownerTask ?? headingStageKeyAt(span.start.offset);
    const label = DEP_LABEL.exec(ownText.replace(/^[*_]+|[*_]+(?=\s*[:：])/g, ''));
    const found: Array<{ to: string[]; span: Span }> = [];
    if (label) found.push({ to: targetsOf(label[1]!), span: firstLineSpan(span) });
    else {
      for (const m of value.matchAll(DEP_INLINE)) found.push({ to: targetsOf(m[1]!), span: lineSpanAt(span, value, m.index ?? 0) });
    }
    for (const f of found) {
      const from = fromKey();
      const to = f.to.filter((t) => t !== from);
      if (from && to.length) out.dependencies.push({ from, to, span: f.span });
      for (const t of f.to) if (!/^T/.test(t)) out.stageReferences.push({ key: t, span: f.span });
    }
    for (const m of value.matchAll(SEE_STAGE)) out.stageReferences.push({ key: normalizeStageKey(m[1]!, m[2]!), span: lineSpanAt(span, value, m.index ?? 0) });
  };

  const lineSpanAt = (span: Span, value: string, index: number): Span => {
    const line = span.start.line + (value.slice(0, index).match(/\n/g)?.length ?? 0);
    return lines.lineSpan(Math.min(line, span.end.line));
  };
  const firstLineSpan = (span: Span): Span => {
    const end = Math.min(lines.lineEnd(span.start.line), span.end.offset);
    return { start: span.start, end: lines.point(Math.max(end, span.start.offset)) };
  };

  const visitInline = (node: Nodes) => {
    visit(node, (n) => {
      if (n.type === 'inlineCode') {
        if (TEST_COMMAND.test(n.value)) addFact('tests', n, n.value);
        if (ROLLBACK_PHRASE.test(n.value)) addFact('rollback', n, n.value);
        if (MIGRATION_STEP.test(n.value) && !out.migration) out.migration = { span: spanOf(n), text: n.value };
        collectIds(n.value, spanOf(n).start.offset + 1);
        return false;
      }
      if (n.type === 'html') {
        collectDirectives(n.value, spanOf(n));
        collectHtmlPlaceholders(n);
        return false;
      }
      if (n.type === 'text') {
        const s = spanOf(n);
        const raw = text.slice(s.start.offset, s.end.offset);
        handleProse(n, n.value);
        collectPlaceholders(raw, s.start.offset);
        collectIds(raw, s.start.offset);
        return false;
      }
      return true;
    });
  };

  const collectIds = (raw: string, base: number) => {
    vocab.requirementId.lastIndex = 0;
    for (const m of raw.matchAll(vocab.requirementId)) {
      const offset = base + (m.index ?? 0);
      out.refCandidates.push({ id: m[0], family: familyOf(m[0]), offset, span: lines.span(offset, offset + m[0].length) });
    }
  };

  const collectPlaceholders = (raw: string, base: number) => {
    const add = (index: number, match: string) => {
      const at = base + index;
      if (!insideQuotes(at)) out.placeholders.push({ text: match, span: lines.span(at, at + match.length) });
    };
    if (/TODO|TBD|TKTK|FIXME|XXX|\?\?\?|\{\{/.test(raw)) for (const m of raw.matchAll(PLACEHOLDER_WORD)) add(m.index ?? 0, m[0]);
    if (raw.includes('[')) for (const m of raw.matchAll(/\[([^[\]\n]{1,100})\]/g)) {
      if (isTemplateSlot(m[1]!) && !/\b(?:TODO|TBD|TKTK|FIXME|XXX)\b|\?{3,}/.test(m[1]!)) add(m.index ?? 0, m[0]);
    }
  };
  /** True when `offset` lies inside a quoted string on its line: a format being described, not a slot. */
  const insideQuotes = (offset: number): boolean => {
    const { line, column } = lines.point(offset);
    const text = lines.lineText(line);
    for (const q of text.matchAll(/"[^"]*"|“[^”]*”|(?<![\p{L}\p{N}])'[^']*'(?![\p{L}\p{N}])/gu)) {
      const start = q.index ?? 0;
      if (column - 1 > start && column - 1 < start + q[0].length) return true;
    }
    return false;
  };
  const collectHtmlPlaceholders = (node: Nodes & { value: string }) => {
    const s = spanOf(node);
    for (const m of node.value.matchAll(/<([A-Za-z][\w-]*)(\s[^<>]*)?>/g)) {
      const name = m[1]!.toLowerCase();
      if (HTML_TAGS.has(name) || m[0].startsWith('<!')) continue;
      if (/[=/]/.test(m[2] ?? '') || /^(?:https?|mailto)$/.test(name)) continue;
      const at = s.start.offset + (m.index ?? 0);
      if (!insideQuotes(at)) out.placeholders.push({ text: m[0], span: lines.span(at, at + m[0].length) });
    }
  };

  const collectDirectives = (value: string, span: Span) => {
    for (const m of value.matchAll(/<!--\s*planlint-(disable-next-line|disable-line|disable-file|disable|enable)\b([\s\S]*?)-->/g)) {
      const [spec, reason] = splitOnce(m[2]!, /\s--\s?/);
      const rules = spec.split(/[\s,]+/).map((r) => r.trim()).filter(Boolean);
      const at = span.start.offset + value.slice(0, m.index ?? 0).length;
      const line = lines.point(at).line;
      out.directives.push({ kind: m[1] as Directive['kind'], rules, reason: reason?.trim() || undefined, span: { start: lines.point(at), end: lines.point(Math.min(at + m[0].length, lines.lineEnd(line))) } });
    }
  };

  // Requirements defined at the start of list items, paragraphs and headings.
  const defineRequirementAt = (textValue: string, start: number, end: number, span: Span, heading = false) => {
    const cleaned = textValue.replace(/^[\s*_`[]+/, '');
    const m = new RegExp(`^(${vocab.requirementId.source})(?:\\]|\\*\\*|__|\`)?\\s*(?:[:：.)]|\\s[—–-]\\s|\\s*\\|)\\s*(\\S.*)?`, 's').exec(cleaned);
    if (!m) return;
    const rest = (m[2] ?? '').split('\n')[0]!.trim();
    // "FR-001: T001, T002" maps an ID to its tasks: a reference, not a definition.
    const stripped = rest.replace(vocab.requirementId, ' ').replace(/\b(?:T\d{2,}|TASK-\d+)\b/g, ' ').replace(STAGE_REF, ' ');
    const words = stripped.match(/\p{L}{2,}/gu) ?? [];
    // Scripts written without spaces (Chinese, Japanese, Korean) count as text too.
    if (words.length < 2 && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]{2,}/u.test(stripped)) return;
    const at = start + textValueOffset(text.slice(start, end), m[1]!);
    (heading ? headingRequirements : out.requirements).push({ id: m[1]!, family: familyOf(m[1]!), text: rest, span: firstLineSpan(span), idSpan: lines.span(at, at + m[1]!.length), start, end, criteria: [] });
  };

  /** Walks one section's top-level nodes into a fresh {@link SectionWalk}. */
  const walkSection = (nodes: RootContent[]): SectionWalk => {
    out = emptyWalk();
    sink = out.facts;
    for (const top of nodes) {
      visit(top, (node) => {
        if (node.type !== 'code') return true;
        const s = spanOf(node);
        out.codeRanges.push([s.start.offset, s.end.offset]);
        if (TEST_COMMAND.test(node.value)) addFact('tests', node, firstMatch(TEST_COMMAND, node.value));
        if (/\b(?:kubectl\s+rollout\s+undo|helm\s+rollback|db:rollback|migrate\s+down)\b/i.test(node.value)) addFact('rollback', node, 'rollback command');
        return false;
      });
    }
    nodes.forEach((node, i) => {
      const at = node.position?.start.offset ?? 0;
      const { kinds } = sectionKindsAt(at);
      const ctx = { risk: kinds.has('risks'), gate: kinds.has('gates'), dod: kinds.has('dod'), drawback: kinds.has('drawbacks') };
      if (node.type === 'heading') {
        visitInline(node);
        return;
      }
      if (node.type === 'list') {
        for (const item of node.children) {
          const s = spanOf(item);
          const first = item.children[0];
          if (first?.type === 'paragraph' && typeof item.checked !== 'boolean') defineRequirementAt(plain(first), s.start.offset, s.end.offset, s);
          // Nested definition lists (e.g. "- Functional:\n  - FR-1: ...")
          for (const c of item.children) {
            if (c.type !== 'list') continue;
            for (const sub of c.children) {
              const sf = sub.children[0];
              const ss = spanOf(sub);
              if (sf?.type === 'paragraph' && typeof sub.checked !== 'boolean' && (ctx.risk || kinds.has('requirements'))) defineRequirementAt(plain(sf), ss.start.offset, ss.end.offset, ss);
            }
          }
        }
      }
      if (node.type === 'paragraph') {
        const s = spanOf(node);
        defineRequirementAt(plain(node), s.start.offset, s.end.offset, s);
      }
      if (node.type === 'code') {
        if (DDL.test(node.value)) out.schemaChanges.push({ span: spanOf(node), text: firstMatch(DDL, node.value) });
        if (!out.migration && MIGRATION_STEP.test(node.value)) out.migration = { span: spanOf(node), text: firstMatch(MIGRATION_STEP, node.value) };
        if (CHANGE_SIGNAL.test(node.value) && DDL.test(node.value)) addFact('change', node, firstMatch(DDL, node.value));
      }
      const previous = nodes[i - 1];
      inheritedThreshold = ctx.gate && node.type === 'list' && previous?.type === 'paragraph' && INHERITED_THRESHOLD.test(plain(previous));
      walkBlock(node, ctx, nodes[i + 1], true);
      inheritedThreshold = false;
    });
    // Estimate totals in prose and table rows.
    for (const top of nodes) {
      visit(top, (n) => {
        if (CODE_TYPES.has(n.type)) return false;
        if (n.type === 'tableRow') {
          const cells = n.children.map((c) => plain(c).trim().replace(/[*_]/g, ''));
          if (/^total\b/i.test(cells[0] ?? '')) {
            for (const c of cells.slice(1)) {
              const d = parseDuration(c);
              if (d) {
                out.totals.push({ min: d.min, max: d.max, text: d.text, span: spanOf(n) });
                break;
              }
            }
          }
          return false;
        }
        if (n.type === 'paragraph' || n.type === 'heading') {
          const value = plain(n);
          const m = TOTAL.exec(value);
          if (m) {
            const d = parseDuration(m[1]!);
            if (d) out.totals.push({ min: d.min, max: d.max, text: d.text, span: lineSpanAt(spanOf(n), value, m.index ?? 0) });
          }
          return false;
        }
        return true;
      });
    }
    sink = facts;
    return out;
  };

  // Headings define requirements whose definition spans their section, and Kiro requirements.
  headingNodes.forEach(({ node, index }, hi) => {
    const h = headings[hi]!;
    defineRequirementAt(plain(node), h.span.start.offset, h.sectionEnd, h.span, true);
    const kiro = KIRO_REQUIREMENT.exec(h.text);
    if (kiro) {
      const crit: string[] = [];
      let n = 0;
      for (let j = index + 1; j < root.children.length; j++) {
        const c = root.children[j]!;
        if ((c.position?.start.offset ?? 0) >= h.sectionEnd) break;
        if (c.type === 'list' && c.ordered) for (const _ of c.children) crit.push(`${kiro[1]}.${++n}`);
      }
      headingRequirements.push({ id: kiro[1]!, family: 'kiro', text: h.text, span: h.span, idSpan: h.span, start: h.span.start.offset, end: h.sectionEnd, criteria: crit });
    }
  });

  // Each section's walk depends on its text and on its heading context: the section kinds and
  // the stage key in force at its start and at each of its headings. A cached walk with the same
  // context is reused (moved with its section) instead of walked again.
  const walks: SectionWalk[] = doc.sections.map((section) => {
    const points = [section.start];
    for (let i = Math.max(0, headingIndexAt(section.start)); i < headings.length && headings[i]!.span.start.offset < section.end; i++) {
      if (headings[i]!.span.start.offset > section.start) points.push(headings[i]!.span.start.offset);
    }
    const context = `${points.map((o) => `${[...sectionKindsAt(o).kinds].sort().join(',')}:${headingStageKeyAt(o) ?? ''}:${o - section.start}`).join(';')}`;
    const cached = section.walk as CachedWalk | undefined;
    if (cached && cached.vocabulary === vocab.key && cached.context === context) {
      shiftWalk(cached.result, section.start - cached.start, section.line - cached.line);
      cached.start = section.start;
      cached.line = section.line;
      return cached.result;
    }
    const result = walkSection(section.nodes);
    section.walk = { vocabulary: vocab.key, context, start: section.start, line: section.line, result } satisfies CachedWalk;
    return result;
  });
  const merged = mergeWalks(walks);
  for (const [kind, list] of merged.facts) {
    const into = facts.get(kind);
    if (into) for (const f of list) into.push(f);
    else facts.set(kind, list);
  }
  const { tasks, criteria, risks, gates, directives, dependencies, stageReferences, totals, schemaChanges, idDefinitions, refCandidates, kiroRefs, tableStageRows, codeRanges } = merged;
  const placeholders = merged.placeholders;
  const migration = merged.migration;
  riskSection ??= merged.riskTable;
  const requirements = [...headingRequirements, ...merged.requirements].sort((a, b) => a.start - b.start);

  // ---- conflict markers (raw lines outside code)
  const conflictMarkers: ConflictMarker[] = [];
  {
    let inConflict = false;
    let code = 0;
    for (const m of text.matchAll(/^(?:<{7}|>{7}|={7}|\|{7})[^\r\n]*/gm)) {
      const at = m.index ?? 0;
      while (code < codeRanges.length && codeRanges[code]![1] <= at) code++;
      if (code < codeRanges.length && codeRanges[code]![0] <= at) continue;
      const t = m[0];
      const span = lines.span(at, at + t.length);
      if (/^<{7}(?: |$)/.test(t)) {
        conflictMarkers.push({ kind: 'ours', span });
        inConflict = true;
      } else if (/^>{7}(?: |$)/.test(t)) {
        conflictMarkers.push({ kind: 'theirs', span });
        inConflict = false;
      } else if (inConflict && /^={7}\s*$/.test(t)) conflictMarkers.push({ kind: 'separator', span });
      else if (inConflict && /^\|{7}(?: |$)/.test(t)) conflictMarkers.push({ kind: 'base', span });
    }
  }

  // ---- stages
  for (const list of facts.values()) list.sort((a, b) => a.offset - b.offset);
  /** Index of the first fact at or after `offset` in a list sorted by offset. */
  const lowerBound = (list: Fact[], offset: number): number => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.offset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const firstIn = (kind: FactKind, start: number, end: number): Fact | undefined => {
    const list = facts.get(kind) ?? [];
    const f = list[lowerBound(list, start)];
    return f && f.offset < end ? f : undefined;
  };
  const stages: Stage[] = [];
  const makeStage = (source: Stage['source'], key: string | undefined, titleText: string, depth: number, headingSpan: Span, start: number, end: number, evidenceStart: number): Stage => {
    const tests = firstIn('tests', evidenceStart, end);
    const testsTbd = tests ? undefined : firstIn('testsTbd', evidenceStart, end);
    const kind = stageKind(titleText);
    const done = firstIn('status', start, end);
    const stageText = titleText;
    const change = kind === 'deploy' || kind === 'migration';
    return {
      key,
      title: titleText,
      kind,
      source,
      depth,
      headingSpan,
      start,
      end,
      dod: firstIn('dod', evidenceStart, end),
      tests: tests ?? (testsTbd ? { ...testsTbd, tbd: true } : undefined),
      rollback: firstIn('rollback', evidenceStart, end),
      healthCheck: firstIn('health', evidenceStart, end),
      owner: firstIn('owner', start, end),
      estimate: asEstimate(firstIn('estimate', start, end)),
      done: done && (done.offset === headingSpan.start.offset || source !== 'heading' || done.offset < end) ? done : undefined,
      changesRunningSystem: change,
      production: PRODUCTION_PHRASE.test(stageText) || (change && (kind === 'deploy' || firstIn('production', evidenceStart, end) !== undefined)),
      tasks: [],
    };
  };
  for (const i of stageHeadings) {
    const h = headings[i]!;
    stages.push(makeStage('heading', stageKeysByHeading.get(i), h.text, h.depth, h.span, h.span.start.offset, h.sectionEnd, h.span.start.offset));
  }
  const tableStages = tableStageRows.map(({ row, cells, header }) => {
    const s = spanOf(row);
    const get = (p: RegExp) => {
      const i = header.findIndex((h) => p.test(h));
      return i >= 0 && !EMPTY_CELL.test(cells[i] ?? '') ? { span: spanOf(row.children[i]!), text: cells[i]! } : undefined;
    };
    const name = cells[0] ?? '';
    const key = nodeKeyOf(name) ?? (/^\d+$/.test(name) ? normalizeStageKey(header[0]!.split(/\s+/)[0]!, name) : undefined);
    return { key, name, span: s, dod: get(/\b(?:dod|definition of done|done when|exit|criteria|evidence|acceptance)\b/), tests: get(/\btests?\b|verification/), rollback: get(/rollback|revert|backout/), owner: get(/^(?:owner|owners|assignee|dri|who|lead)$/), estimate: get(/estimate|duration|effort|days|time/), status: get(/^status$/) };
  });
  if (stages.length === 0 && tableStages.length >= 1) {
    for (const t of tableStages) {
      const stage = makeStage('table-row', t.key, cleanHeadingText(t.name), 0, t.span, t.span.start.offset, t.span.end.offset, t.span.start.offset);
      stage.dod = t.dod;
      stage.tests = t.tests ?? stage.tests;
      stage.rollback = t.rollback ?? stage.rollback;
      stage.owner = t.owner;
      const d = t.estimate && parseDuration(t.estimate.text);
      stage.estimate = d ? { min: d.min, max: d.max, text: d.text, span: t.estimate!.span } : undefined;
      stage.done = t.status && DONE_WORD.test(t.status.text) ? t.status : undefined;
      stages.push(stage);
    }
  } else {
    for (const t of tableStages) {
      const stage = stages.find((s) => s.key && s.key === t.key);
      if (!stage) continue;
      stage.dod ??= t.dod;
      stage.tests ??= t.tests;
      stage.rollback ??= t.rollback;
      stage.owner ??= t.owner;
    }
  }

  // ---- owner from front matter
  const fmOwner = typeof frontmatter.owner === 'string' ? frontmatter.owner : Array.isArray(frontmatter.owners) ? String(frontmatter.owners[0] ?? '') || undefined : undefined;

  // ---- is it a plan?
  const planSignals: string[] = [];
  const fmFlag = frontmatter.planlint;
  // "Top-level" headings: the H1s and the sections directly under them, or the shallowest level.
  const topDepth = Math.min(7, ...headings.map((h) => h.depth));
  const topHeadings = headings.filter((h) => h.depth === topDepth || (topDepth === 1 && h.depth === 2));
  const titles = [...topHeadings.map((h) => h.text), typeof frontmatter.title === 'string' ? frontmatter.title : undefined].filter(Boolean) as string[];
  if (fmFlag === true) planSignals.push('front matter planlint: true');
  const titleHit = titles.find((t) => PLAN_TITLE.test(t));
  if (titleHit) planSignals.push(`title "${titleHit}"`);
  if (stageHeadingCount >= 2 || tableStages.length >= 2) planSignals.push('two or more stages');
  const hasRequirements = requirements.length > 0;
  if (hasRequirements && tasks.length > 0) planSignals.push('requirements with tasks');
  const isPlan = fmFlag === false ? false : planSignals.length > 0;

  // ---- implicit stage
  const implicit = stages.length === 0;
  if (implicit) {
    stages.push(makeStage('implicit', undefined, title?.text ?? 'plan', 0, titleSpan, 0, text.length, 0));
  }
  for (const task of tasks) {
    const stage = stageAt(stages, task.span.start.offset);
    if (stage) stage.tasks.push(task);
  }


  // ---- plan-level sections (outside every heading stage)
  const outsideStages = (f: Fact) => implicit || !stageAt(stages, f.offset);
  const planTestsFact = (facts.get('tests') ?? []).find((f) => f.fromHeading && outsideStages(f));
  const testStage = stages.find((s) => s.kind === 'test' && s.source !== 'implicit');
  const planTests: Evidence | undefined = planTestsFact ?? (testStage ? { span: testStage.headingSpan, text: testStage.title } : undefined);
  const planRollbackFact = (facts.get('rollback') ?? []).find((f) => f.fromHeading && outsideStages(f));
  const rollbackStage = stages.find((s) => s.kind === 'rollback' && s.source !== 'implicit');
  const planRollback = planRollbackFact
    ? { span: planRollbackFact.span, text: planRollbackFact.text, stageKeys: stageKeysIn(text.slice(planRollbackFact.offset, planRollbackFact.sectionEnd ?? planRollbackFact.offset)) }
    : rollbackStage
      ? { span: rollbackStage.headingSpan, text: rollbackStage.title, stageKeys: [] }
      : undefined;
  const healthStage = stages.find((s) => s.source !== 'implicit' && /\b(?:health\s*checks?|smoke\s+tests?|monitoring|observability)\b/i.test(s.title));
  const planHealthCheck: Evidence | undefined =
    (facts.get('health') ?? []).find((f) => f.fromHeading && outsideStages(f)) ?? (healthStage ? { span: healthStage.headingSpan, text: healthStage.title } : undefined);
  const anyRollback = (facts.get('rollback') ?? [])[0];
  const changeStage = stages.find((s) => s.changesRunningSystem && s.source !== 'implicit');
  const changeFact = (facts.get('change') ?? [])[0];
  const changeSignal: Evidence | undefined = changeStage ? { span: changeStage.headingSpan, text: changeStage.title } : changeFact;
  if (implicit && changeSignal) {
    stages[0]!.changesRunningSystem = true;
    stages[0]!.production = (facts.get('production') ?? []).length > 0;
  }

  // ---- references: requirement IDs outside their own definitions
  const defsById = new Map<string, Requirement[]>();
  for (const r of requirements) defsById.set(r.id, [...(defsById.get(r.id) ?? []), r]);
  const references: IdReference[] = [];
  for (const c of refCandidates) {
    const defs = defsById.get(c.id);
    if (defs && defs.some((d) => c.offset >= d.start && c.offset < d.end)) continue;
    references.push({ id: c.id, family: c.family, span: c.span });
  }
  for (const k of kiroRefs) {
    const defs = requirements.filter((r) => r.family === 'kiro');
    if (defs.some((d) => k.offset >= d.start && k.offset < d.end)) continue;
    references.push({ id: k.id, family: 'kiro', span: k.span });
  }
  const uniqueRequirements: Requirement[] = [];
  const seen = new Set<string>();
  for (const r of requirements) {
    idDefinitions.push({ id: r.family === 'kiro' ? `Requirement ${r.id}` : r.id, kind: 'requirement', span: r.span });
    if (seen.has(`${r.family}:${r.id}`)) continue;
    seen.add(`${r.family}:${r.id}`);
    uniqueRequirements.push(r);
  }
  idDefinitions.sort((a, b) => a.span.start.offset - b.span.start.offset);

  // ---- empty sections (HTML comments are not content)
  const contentStarts: number[] = [];
  for (const n of root.children) {
    if (n.type === 'heading') continue;
    if (n.type === 'html' && /^\s*(?:<!--[\s\S]*?-->\s*)+$/.test(n.value)) continue;
    contentStarts.push(n.position?.start.offset ?? 0);
  }
  const emptySections = headings.filter((h, i) => {
    const next = headings[i + 1];
    if (next && next.depth > h.depth && next.span.start.offset < h.sectionEnd) return false;
    let lo = 0;
    let hi = contentStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (contentStarts[mid]! <= h.span.start.offset) lo = mid + 1;
      else hi = mid;
    }
    const first = contentStarts[lo];
    return first === undefined || first >= h.sectionEnd;
  });

  return {
    text,
    lines,
    lineEnding: detectLineEnding(text),
    title,
    titleSpan,
    frontmatter,
    isPlan,
    planSignals,
    headings,
    stages,
    owner: fmOwner,
    requirements: uniqueRequirements,
    references,
    stageReferences,
    tasks,
    risks,
    riskSection,
    gates,
    criteria,
    placeholders: dedupeBySpan(placeholders),
    conflictMarkers,
    dependencies: dependencies.filter((d) => d.from),
    totals,
    schemaChanges,
    migration,
    planTests,
    planRollback,
    planHealthCheck,
    anyRollback,
    changeSignal,
    idDefinitions,
    emptySections,
    directives,
    codeRanges,
    tokenEstimate: Math.ceil(text.length / 4),
  };
}

/** Offset of `id` in the source slice of its definition (0 when absent). */
function textValueOffset(source: string, id: string): number {
  return Math.max(0, source.indexOf(id));
}

/** What a heading says by itself, cached on its mdast node (`data.planlint`) across edits. */
interface HeadingLocal {
  vocabulary: string;
  raw: string;
  text: string;
  kinds: Set<string>;
  owner: string | undefined;
  estimate: string | undefined;
  done: boolean;
  production: boolean;
}

function headingLocal(node: MdHeading, vocab: VocabularyMatchers): HeadingLocal {
  const data = (node.data ??= {}) as { planlint?: HeadingLocal };
  if (data.planlint && data.planlint.vocabulary === vocab.key) return data.planlint;
  const raw = plain(node).trim();
  const text = cleanHeadingText(raw);
  const kinds = new Set<string>();
  const t = text.replace(/^\d+(?:\.\d+)*[.)]?\s+/, '').replace(/[*_`]/g, '');
  const short = t.split(/\s+/).length <= 8;
  const has = (p: RegExp) => short && p.test(t);
  if (vocab.dod.test(t) || has(vocab.inHeading.dod)) kinds.add('dod');
  if (vocab.tests.test(t) || has(vocab.inHeading.tests) || (short && /^validation\b/i.test(t))) kinds.add('tests');
  if (vocab.rollback.test(t) || has(vocab.inHeading.rollback)) kinds.add('rollback');
  if (vocab.risks.test(t) || has(vocab.inHeading.risks)) kinds.add('risks');
  if (vocab.gates.test(t) || /^(?:[\w/&-]+\s+){0,2}(?:ci|quality|release|merge|exit|go\/no-go|promotion)\s+gates?(?:\s+matrix)?$/i.test(t)) kinds.add('gates');
  if (vocab.requirements.test(t)) kinds.add('requirements');
  if (/\b(?:monitoring|observability|health\s*checks?|smoke\s+tests?|alerting|slos?)\b/i.test(t)) kinds.add('health');
  if (/\bdrawbacks?\b/i.test(t)) kinds.add('drawbacks');
  let estimate: string | undefined;
  for (const group of raw.matchAll(/\(([^)]*)\)/g)) {
    const d = parseDuration(group[1]!);
    if (d && d.index === 0) {
      estimate = d.text;
      break;
    }
  }
  const local: HeadingLocal = {
    vocabulary: vocab.key,
    raw,
    text,
    kinds,
    owner: /\(\s*owner\s*:\s*([^)]+)\)/i.exec(raw)?.[1]?.trim(),
    estimate,
    done: headingDone(raw),
    production: PRODUCTION_PHRASE.test(text),
  };
  data.planlint = local;
  return local;
}

/** What walking one section's nodes yields; merged over sections into the plan. */
interface SectionWalk {
  facts: Map<FactKind, Fact[]>;
  tasks: Task[];
  criteria: Criterion[];
  risks: Risk[];
  gates: Gate[];
  placeholders: Placeholder[];
  directives: Directive[];
  dependencies: Dependency[];
  stageReferences: StageReference[];
  totals: EstimateTotal[];
  schemaChanges: Evidence[];
  requirements: Requirement[];
  idDefinitions: IdDefinition[];
  refCandidates: Array<{ id: string; family: string; span: Span; offset: number }>;
  kiroRefs: Array<{ id: string; offset: number; span: Span }>;
  tableStageRows: Array<{ row: TableRow; cells: string[]; header: string[] }>;
  codeRanges: Array<[number, number]>;
  riskTable: Span | undefined;
  migration: Evidence | undefined;
}

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

function emptyWalk(): SectionWalk {
  return {
    facts: new Map(),
    tasks: [],
    criteria: [],
    risks: [],
    gates: [],
    placeholders: [],
    directives: [],
    dependencies: [],
    stageReferences: [],
    totals: [],
    schemaChanges: [],
    requirements: [],
    idDefinitions: [],
    refCandidates: [],
    kiroRefs: [],
    tableStageRows: [],
    codeRanges: [],
    riskTable: undefined,
    migration: undefined,
  };
}

/** Concatenates section walks in document order (the first risk table and migration win). */
function mergeWalks(walks: SectionWalk[]): SectionWalk {
  const out = emptyWalk();
  for (const w of walks) {
    for (const [kind, list] of w.facts) {
      const into = out.facts.get(kind);
      if (into) for (const f of list) into.push(f);
      else out.facts.set(kind, [...list]);
    }
    out.tasks.push(...w.tasks);
    out.criteria.push(...w.criteria);
    out.risks.push(...w.risks);
    out.gates.push(...w.gates);
    out.placeholders.push(...w.placeholders);
    out.directives.push(...w.directives);
    out.dependencies.push(...w.dependencies);
    out.stageReferences.push(...w.stageReferences);
    out.totals.push(...w.totals);
    out.schemaChanges.push(...w.schemaChanges);
    out.requirements.push(...w.requirements);
    out.idDefinitions.push(...w.idDefinitions);
    out.refCandidates.push(...w.refCandidates);
    out.kiroRefs.push(...w.kiroRefs);
    out.tableStageRows.push(...w.tableStageRows);
    out.codeRanges.push(...w.codeRanges);
    out.riskTable ??= w.riskTable;
    out.migration ??= w.migration;
  }
  return out;
}

/**
 * Moves a cached walk by `offsetDelta` characters and `lineDelta` lines, in place: its section
 * moved without changing. Columns do not change (sections start at line starts). Points shared
 * between spans are moved once. The mdast nodes it refers to were moved by the parser.
 */
function shiftWalk(w: SectionWalk, offsetDelta: number, lineDelta: number): void {
  if (offsetDelta === 0 && lineDelta === 0) return;
  const moved = new Set<object>();
  const point = (p: { line: number; offset: number }) => {
    if (moved.has(p)) return;
    moved.add(p);
    p.offset += offsetDelta;
    p.line += lineDelta;
  };
  const span = (s: Span | undefined) => {
    if (!s) return;
    point(s.start);
    point(s.end);
  };
  const withSpan = (items: Array<{ span: Span }>) => {
    for (const item of items) span(item.span);
  };
  for (const list of w.facts.values()) {
    for (const f of list) {
      span(f.span);
      f.offset += offsetDelta;
    }
  }
  withSpan(w.tasks);
  withSpan(w.criteria);
  withSpan(w.risks);
  withSpan(w.gates);
  withSpan(w.placeholders);
  withSpan(w.directives);
  withSpan(w.dependencies);
  withSpan(w.stageReferences);
  withSpan(w.totals);
  withSpan(w.schemaChanges);
  withSpan(w.idDefinitions);
  for (const r of w.requirements) {
    span(r.span);
    span(r.idSpan);
    r.start += offsetDelta;
    r.end += offsetDelta;
  }
  for (const c of w.refCandidates) {
    span(c.span);
    c.offset += offsetDelta;
  }
  for (const k of w.kiroRefs) {
    span(k.span);
    k.offset += offsetDelta;
  }
  for (const range of w.codeRanges) {
    range[0] += offsetDelta;
    range[1] += offsetDelta;
  }
  span(w.riskTable);
  if (w.migration) span(w.migration.span);
}


function asEstimate(f: Fact | undefined): Estimate | undefined {
  if (!f) return undefined;
  const d = parseDuration(f.text);
  return d ? { min: d.min, max: d.max, text: d.text, span: f.span } : undefined;
}

/** The stage holding `offset`: stages are sorted by start and do not nest (binary search). */
export function stageAt(stages: Stage[], offset: number): Stage | undefined {
  let lo = 0;
  let hi = stages.length - 1;
  let found: Stage | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = stages[mid]!;
    if (s.start <= offset) {
      if (offset < s.end) found = s;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found) return found;
  // The implicit stage spans the document and comes last.
  const last = stages[stages.length - 1];
  return last && last.source === 'implicit' && offset >= last.start && offset < last.end ? last : undefined;
}

function stageKeysIn(s: string): string[] {
  return [...s.matchAll(STAGE_REF)].map((m) => normalizeStageKey(m[1]!, m[2]!));
}

function cleanParent(t: string): string {
  return t.replace(/[*_`]/g, '').trim();
}

function firstMatch(p: RegExp, s: string): string {
  return (new RegExp(p.source, p.flags.replace('g', '')).exec(s)?.[0] ?? s).slice(0, 80);
}

function hasInlineCode(node: Nodes): boolean {
  let found = false;
  visit(node, (n) => {
    if (n.type === 'inlineCode') found = true;
    return !found;
  });
  return found;
}

function splitOnce(s: string, sep: RegExp): [string, string | undefined] {
  const m = sep.exec(s);
  return m ? [s.slice(0, m.index), s.slice(m.index + m[0].length)] : [s, undefined];
}

function dedupeBySpan<T extends { span: Span }>(items: T[]): T[] {
  const seen = new Set<number>();
  return items
    .filter((i) => (seen.has(i.span.start.offset) ? false : (seen.add(i.span.start.offset), true)))
    .sort((a, b) => a.span.start.offset - b.span.start.offset);
}

/** A template slot in brackets: `[Feature Name]`, `[e.g., ...]`, `[list ...]`, `[DATE]`. */
function isTemplateSlot(inner: string): boolean {
  const t = inner.trim();
  if (/^NEEDS CLARIFICATION\b/i.test(t)) return true;
  if (/^(?:e\.?g\.?|eg|i\.e\.|list|describe|insert|add|enter|your|specify|fill|placeholder|link to|name of|brief|one[- ]line|short|optional:)\b/i.test(t)) return true;
  if (/^(?:DATE|NAME|URL|LINK|OWNER|TITLE|VERSION|DESCRIPTION|EMAIL|PROJECT|FEATURE|AUTHOR|TEAM|NUMBER|###|N|X|YYYY-MM-DD|ticket|issue)$/i.test(t) && t !== 'x' && t !== 'X') return t.length > 1 || t === 'N';
  const words = t.split(/\s+/);
  if (words.length >= 2 && words.length <= 6 && words.every((w) => /^[A-Z][a-z]+$|^[A-Z]{2,}$|^(?:of|the|or|and|to|for|a|an|in|\/|&)$/.test(w)) && /^[A-Z]/.test(words[0]!)) {
    // "Feature Name", "PROJECT NAME"; not requirement IDs or labels like "P1"
    return !/^(?:[A-Z]+\d|US\d|P\d)/.test(t);
  }
  if (/^#{3}-?[\w-]*$/.test(t)) return true;
  return false;
}

type Visitor = (node: Nodes) => boolean;
/** Depth-first walk; the visitor returns false to skip a node's children. */
function visit(node: Nodes | Root, fn: Visitor): void {
  if (!fn(node as Nodes)) return;
  if ('children' in node) for (const child of node.children as Nodes[]) visit(child, fn);
}
