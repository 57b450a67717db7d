import type { ListItem, TableRow } from 'mdast';
import type { Span } from '../text.js';
import { firstLineSpan, hasInlineCode, plain, spanOf } from './mdast.js';
import { EMPTY_CELL } from './patterns.js';
import type { WalkContext } from './section-walk.js';

const RISK_ID = /^(?:\*\*)?((?:RISK|RSK)-?\d+)\b/i;
/**
 * Words that say how a risk is handled. "prevent" and "avoid" only as an intent ("to prevent",
 * "will avoid", "prevented by"): "a sidecar can prevent termination" states the risk.
 */
export const MITIGATION = /\b(?:mitigat\w*|contingency|fallback|workaround|remediat\w*|countermeasure|addressed\s+by|handled\s+by|guard(?:ed|s)?\s+(?:by|with)|(?:to|will|would|should|must|we|can\s+be)\s+(?:prevent|avoid)\w*|(?:prevented|avoided)\s+by|monitor\w*|roll(?:ing)?[ -]?back|revert\w*|feature[- ]flag|kill[ -]?switch|we\s+will|by\s+\w+ing|backup)\b/i;
/** An inline mitigation label: "Mitigation: …", "Plan: …", "Response: …", "mitigated by: …". */
export const MITIGATION_LABEL = /\b(?:mitigations?|mitigated\s+by|response|plan|solution|fix|action|remedy|contingency)\s*[:：]/i;
/** An arrow from the risk to what is done about it: "loss possible → nightly backups". */
const RISK_ARROW = /(?:→|->|=>)\s*(\S+\s+\S+.*)/;
/** The clause after the risk's name and a separator: "Index drift: rebuild nightly", "Load — throttle the batch". */
const SEPARATOR_CLAUSE = /(?:\s[—–-]\s|[:：]\s*)(.+)/;
/** A clause that starts with an action ("detect the charset and convert"): the action is the mitigation. */
const ACTION_START = /^(?:\*\*|__)?(?:add|adopt|alert|audit|automate|avoid|back\s+up|batch|benchmark|cache|cap|check|communicate|convert|coordinate|debounce|deprecate|detect|document|encrypt|enforce|ensure|escape|fall\s+back|gate|implement|index|introduce|isolate|keep|limit|lock|log|measure|notify|offer|paginate|pin|preload|prevent|profile|provide|queue|rebuild|reduce|require|restrict|retry|review|rotate|run|sanitize|scale|schedule|shard|snapshot|split|stage|stream|test|throttle|train|use|validate|verify|warm)\b/i;
/**
 * A clause that describes the risk rather than what is done about it: a modal or a harm form
 * ("queries might be slower", "legacy data must continue to work", "the batch can overload the
 * API", "leads to data loss", "risk of drift"). A plain "is/are" says nothing either way.
 */
const DESCRIPTION = /\b(?:might|may|could|can(?:not|'t)?|must|would|will\s+(?:be|not|cause|break|fail)|becomes?|caus(?:e|es|ed|ing)|leads?\s+to|results?\s+in|risk\s+of)\b/i;
/**
 * A control stated in the passive or as a property: "misses are coalesced by a lock", "entries
 * are invalidated on every write", "keys are capped at 10k", "the codec is covered by tests",
 * "evicted LRU", "reads fall back to Postgres". A harm in the passive ("caused by", "blocked by")
 * is not a control.
 */
const PASSIVE_CONTROL = /\b(?:(?:is|are|be|been|get|gets)\s+(?:\w+ly\s+)?(?!(?:caused|affected|impacted|blocked|slowed|delayed|broken|lost|corrupted|exposed|exceeded|overwhelmed|hit|dropped|leaked)\b)\w+(?:ed|en)\s+(?:by|with|via|through|using|on\s+(?:every|each)|per|before|after|behind|in\s+batches)|capped\s+(?:at|to)|covered\s+by|evicted|deduplicated|idempotent|fail[- ](?:open|closed|safe)|falls?\s+(?:back|through)\s+to)\b/i;
/** An uncertain modal: a passive control under it ("could be caused by", "may be throttled by") is a description. */
const UNCERTAIN = /\b(?:might|may|could|can)\b/i;

/** Whether one clause after the risk's name says how it is handled: two or more words that start with an action, state a control, or do not describe the risk. */
function clauseMitigates(clause: string): boolean {
  const c = clause.trim();
  if (c.split(/\s+/).length < 2) return false;
  return ACTION_START.test(c) || (PASSIVE_CONTROL.test(c) && !UNCERTAIN.test(c)) || !DESCRIPTION.test(c);
}

/**
 * Whether the text after the risk's name says how the risk is handled. The name ends at a
 * separator ("**Name**: …", "Name — …") or, without one, at the end of the first sentence;
 * every sentence or clause after it is read ("Slow queries. Indexes are created in Phase 1").
 * "`**Name**: description`" alone is not a mitigation.
 */
function separatorMitigates(ownText: string): boolean {
  const after = SEPARATOR_CLAUSE.exec(ownText)?.[1] ?? /^.+?[.!?]\s+(\S.*)$/.exec(ownText)?.[1] ?? '';
  return after.split(/(?<=[.!?])\s+|;\s*/).some(clauseMitigates);
}

/**
 * Whether a risk's own text says how it is handled: a mitigation word or label, words after an
 * arrow, or a clause after the risk's name that acts, states a control or does not describe
 * the risk ({@link riskItem}'s test for one item or paragraph).
 */
export function textMitigates(ownText: string): boolean {
  return MITIGATION.test(ownText) || MITIGATION_LABEL.test(ownText) || RISK_ARROW.test(ownText) || separatorMitigates(ownText);
}

/** A section-level pass criterion that the gates listed below it inherit ("Each MUST exit 0"). */
export const INHERITED_THRESHOLD = /\b(?:(?:must|should|shall)\s+(?:all\s+)?(?:pass|succeed|be\s+green|exit\s+(?:with\s+)?(?:code\s+)?0)|exit\s+(?:code\s+)?0\b|all\s+(?:must\s+)?pass)/i;
const COMMAND_WORDS = /\b(?:typescript|type[- ]?check|npm|pnpm|yarn|bun|npx|make|pytest|go\s+(?:test|vet|build)|cargo|mvn|gradle|tsc|eslint|ruff|mypy|semgrep|trivy|snyk|sonar\w*|codeql|docker|kubectl|helm|terraform|jest|vitest|playwright|lighthouse|k6|bandit|gitleaks|shellcheck)\b/i;
const THRESHOLD = /\d|[<>≤≥=]|\b(?:pass(?:es|ing)?|green|zero|no\s+(?:new\s+)?(?:errors?|warnings?|failures?|findings?|vulnerabilit\w+|regressions?|issues?)|clean|success(?:ful)?|approved?|all\s+(?:tests?|checks?)|must\s+pass|blocking|fails?\s+(?:on|if|when))\b/i;

/** A table's header: the cells as written, and lower-cased without emphasis. */
export interface TableHeader {
  header: string[];
  lower: string[];
}

/**
 * Reads a risk register (a risk column with mitigation, likelihood or impact columns, or such
 * columns in a risks section) into risks and risk IDs. `span` is the table's. Returns whether
 * the table is one.
 */
export function riskTable(ctx: WalkContext, span: Span, { header, lower }: TableHeader, rows: TableRow[], kinds: ReadonlySet<string>, cellsOf: (row: TableRow) => string[]): boolean {
  const { out } = ctx;
  const col = (p: RegExp) => lower.findIndex((h) => p.test(h));
  const riskCol = col(/^(?:risks?|risk description|description|threat|concern)$/);
  const isRiskTable =
    (riskCol >= 0 && lower.some((h) => /mitigat|likelihood|probability|impact|severity/.test(h)) && (riskCol > 0 || /risk/.test(lower[0]!) || kinds.has('risks'))) ||
    (kinds.has('risks') && lower.some((h) => /mitigat|likelihood|impact/.test(h)));
  if (!isRiskTable) return false;
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
  return true;
}

/**
 * Reads a gate table (a gate first column, or a gates section, with command or criteria
 * columns) into gates: each with or without a command and a pass criterion.
 */
export function gateTable(ctx: WalkContext, { lower }: TableHeader, rows: TableRow[], kinds: ReadonlySet<string>, cellsOf: (row: TableRow) => string[]): void {
  const { out } = ctx;
  const col = (p: RegExp) => lower.findIndex((h) => p.test(h));
  const gateCol = col(/^(?:(?:ci\s+)?gates?|checks?|quality gate|gate name)$/);
  if (!((gateCol === 0 || kinds.has('gates')) && lower.some((h) => /command|threshold|blocking|criteria|pass|tool|job/.test(h)))) return;
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

/**
 * A top-level item of a risks (or drawbacks) list: a risk, mitigated when the item says how
 * (a nested list, a mitigation word or label, words after an arrow, an action after a
 * separator, more blocks).
 */
export function riskItem(ctx: WalkContext, item: ListItem, ownText: string, span: Span, drawback: boolean): void {
  const { out, lines } = ctx;
  const nested = item.children.some((c) => c.type === 'list');
  const id = RISK_ID.exec(ownText)?.[1];
  if (id) out.idDefinitions.push({ id: id.toUpperCase(), kind: 'risk', span: firstLineSpan(lines, span) });
  out.risks.push({
    text: ownText,
    span: firstLineSpan(lines, span),
    id,
    hasMitigation: nested || textMitigates(ownText) || item.children.length > 1,
    emptyFields: [],
    drawback,
  });
}

/** A top-level item of a gates list: a gate, with a command and a pass criterion or not. */
const APPROVAL = /\b(?:approv\w*|sign(?:s|ed)?[ -]?off|signoff|reviewed\s+by|review\s+by|acknowledg\w*|agreed\s+by)\b/i;

export function gateItem(ctx: WalkContext, item: ListItem, ownText: string, span: Span): void {
  const { out, lines } = ctx;
  const t = plain(item);
  // An approval or sign-off is a design or release gate, not a CI gate (spec v2, CI gates).
  if (APPROVAL.test(t) && !hasInlineCode(item) && !COMMAND_WORDS.test(t)) return;
  out.gates.push({
    text: ownText,
    span: firstLineSpan(lines, span),
    hasCommand: hasInlineCode(item) || COMMAND_WORDS.test(t),
    hasThreshold: ctx.inheritedThreshold || THRESHOLD.test(t.replace(/`[^`]*`/g, '')),
  });
}
