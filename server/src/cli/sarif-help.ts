import type * as Sarif from 'sarif';
import { docsUrl, type Rule } from '../core/index.js';

/**
 * What satisfies a rule, read from its message catalogue: each message says
 * "<what is wrong>; expected <what is expected>", so the distinct "expected …" clauses are the
 * ways to satisfy it, in catalogue order.
 */
export function expectations(rule: Pick<Rule, 'messages'>): string[] {
  const seen = new Set<string>();
  for (const template of Object.values(rule.messages)) {
    const at = template.lastIndexOf('; expected ');
    if (at < 0) continue;
    const clause = template.slice(at + '; expected '.length).trim();
    // A clause that still names a placeholder ("{stage}") reads badly out of context: keep it, unfilled, as "…".
    seen.add(clause.replace(/"?\{\w+\}"?/g, '…'));
  }
  return [...seen];
}

/**
 * The `help` of a rule's SARIF `reportingDescriptor`: its rationale, what satisfies it, whether
 * `--fix` or editor suggestions help, and a link to its docs page; as plain text and as GitHub
 * Markdown (code scanning shows the Markdown in an alert's "Rule" panel).
 */
export function ruleHelp(rule: Pick<Rule, 'id' | 'title' | 'rationale' | 'defaultSeverity' | 'fixable' | 'suggests' | 'messages'>): Sarif.MultiformatMessageString {
  const expected = expectations(rule);
  const remedy = rule.fixable
    ? '`planlint lint --fix` applies the fix of its findings.'
    : rule.suggests
      ? 'The language server offers a quick fix that inserts a skeleton to fill in.'
      : '';
  const url = docsUrl(rule.id);
  const markdown = [
    `**${rule.title}** (default severity: ${rule.defaultSeverity})`,
    '',
    rule.rationale,
    ...(expected.length ? ['', 'What satisfies it:', '', ...expected.map((e) => `- ${e}`)] : []),
    ...(remedy ? ['', remedy] : []),
    '',
    `Silence one finding with \`<!-- planlint-disable-next-line ${rule.id} -->\` on the line above it. [Documentation of ${rule.id}](${url})`,
  ].join('\n');
  const text = [
    `${rule.title} (default severity: ${rule.defaultSeverity}).`,
    rule.rationale,
    ...(expected.length ? [`What satisfies it: ${expected.join('; or ')}.`] : []),
    ...(remedy ? [remedy.replace(/`/g, '')] : []),
    `Documentation: ${url}`,
  ].join(' ');
  return { text, markdown };
}

/**
 * The `automationDetails` of the run: `id` is `<category>/`, the category code scanning keeps
 * apart from other analyses of the same commit. The category is `planlint` unless
 * `PLANLINT_SARIF_CATEGORY` names another (one workflow that lints docs/ and rfcs/ separately
 * gives each its own, e.g. `planlint-rfcs`).
 *
 * @throws Error when the category is empty or holds a character other than letters, digits, `.`, `_`, `-` or `/`
 */
export function automationDetails(category = process.env.PLANLINT_SARIF_CATEGORY): Sarif.RunAutomationDetails {
  const c = category === undefined || category === '' ? 'planlint' : category.replace(/\/+$/, '');
  if (!/^[\w.\-/]+$/.test(c)) throw new Error(`PLANLINT_SARIF_CATEGORY "${category}" is not a category; expected letters, digits, ".", "_", "-" or "/", such as planlint-docs`);
  return { id: `${c}/` };
}
