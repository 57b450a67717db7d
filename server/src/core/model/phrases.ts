import type { Code, InlineCode, Nodes } from 'mdast';
import { addFact } from './facts.js';
import { firstMatch, spanOf, startOf } from './mdast.js';
import { CHANGE_SIGNAL, DDL, HEALTH_PHRASE, MIGRATION_STEP, PRODUCTION_PHRASE, ROLLBACK_PHRASE, SCHEMA_PROSE, TEST_COMMAND, TEST_MENTION } from './patterns.js';
import { sectionKindsAt } from './headings.js';
import type { WalkContext } from './section-walk.js';

/** Undo commands of deploy and migration tools (spec v2, Rollback vocabulary). */
const ROLLBACK_COMMAND = /\b(?:kubectl\s+rollout\s+undo|helm\s+rollback|db:rollback|migrate\s+down|alembic\s+downgrade|prisma\s+migrate\s+resolve\s+--rolled-back|rake\s+db:rollback|flyway\s+undo|liquibase\s+rollback|git\s+revert|terraform\s+apply\s+.*-target)\b/i;

/**
 * What a text node's `value` says in passing: tests, rollback, health checks, production, a
 * change to a running system, a migration step, a schema change.
 */
export function proseFacts(ctx: WalkContext, node: Nodes, value: string): void {
  const { out } = ctx;
  if (!ANY_PHRASE.test(value)) return;
  if (TEST_COMMAND.test(value) || TEST_MENTION.test(value)) addFact(out.facts, 'tests', node, value.slice(0, 80));
  if (ROLLBACK_PHRASE.test(value)) addFact(out.facts, 'rollback', node, value.slice(0, 80));
  if (HEALTH_PHRASE.test(value)) addFact(out.facts, 'health', node, value.slice(0, 80));
  if (PRODUCTION_PHRASE.test(value)) addFact(out.facts, 'production', node, value.slice(0, 80));
  if (PACKAGE_PUBLISH.test(value)) addFact(out.facts, 'publish', node, firstMatch(PACKAGE_PUBLISH, value));
  if (CHANGE_SIGNAL.test(value) && isChangeStatement(ctx, node, value)) addFact(out.facts, 'change', node, firstMatch(CHANGE_SIGNAL, value));
  if (!out.migration && MIGRATION_STEP.test(value)) out.migration = { span: spanOf(node), text: firstMatch(MIGRATION_STEP, value) };
  if (SCHEMA_PROSE.test(value)) out.schemaChanges.push({ span: spanOf(node), text: firstMatch(SCHEMA_PROSE, value) });
}

/** {@link CHANGE_SIGNAL} without its other flags, for its first match. */
const CHANGE_ONCE = new RegExp(CHANGE_SIGNAL.source, 'i');

/** Negation before a change phrase: "never shipped to production", "not deployed to prod". */
const NEGATED = /\b(?:never|not|no|without|isn't|aren't|wasn't|won't|don't|doesn't)\b[^.;\n]{0,25}$/i;

/**
 * Whether a change phrase in `value` states a change this plan makes: not negated, and not
 * inside a DoD, success-criteria or requirements section, where "in production" describes a
 * goal ("at least one driver in production"), not a step (spec v2, "Changes a running system").
 */
function isChangeStatement(ctx: WalkContext, node: Nodes, value: string): boolean {
  const m = CHANGE_ONCE.exec(value);
  if (!m || NEGATED.test(value.slice(0, m.index))) return false;
  const { kinds } = sectionKindsAt(ctx.outline, startOf(node));
  return !kinds.has('dod') && !kinds.has('requirements');
}

/** What inline code says: a test or rollback command, a migration step. */
export function inlineCodeFacts(ctx: WalkContext, n: InlineCode): void {
  const { out } = ctx;
  if (TEST_COMMAND.test(n.value)) addFact(out.facts, 'tests', n, n.value);
  // Only an undo command: "`POST /versions/{id}/rollback`" names a product feature, not this plan's way back.
  if (ROLLBACK_COMMAND.test(n.value)) addFact(out.facts, 'rollback', n, n.value, { explicit: true });
  if (PACKAGE_PUBLISH.test(n.value)) addFact(out.facts, 'publish', n, n.value);
  if (MIGRATION_STEP.test(n.value) && !out.migration) out.migration = { span: spanOf(n), text: n.value };
}

/** A code block at any depth: its range (never read as prose), test and rollback commands. */
export function codeBlockFacts(ctx: WalkContext, node: Code): void {
  const { out } = ctx;
  const s = spanOf(node);
  out.codeRanges.push([s.start.offset, s.end.offset]);
  if (TEST_COMMAND.test(node.value)) addFact(out.facts, 'tests', node, firstMatch(TEST_COMMAND, node.value));
  if (ROLLBACK_COMMAND.test(node.value)) addFact(out.facts, 'rollback', node, 'rollback command', { explicit: true });
  // A deploy command aimed at production ("swa deploy --env production", "vercel --prod").
  if (PRODUCTION_COMMAND.test(node.value)) addFact(out.facts, 'production', node, firstMatch(PRODUCTION_COMMAND, node.value));
  if (PACKAGE_PUBLISH.test(node.value)) addFact(out.facts, 'publish', node, firstMatch(PACKAGE_PUBLISH, node.value));
}

/** Publishing a library package: a release, but not a change to a running system (spec v2). */
const PACKAGE_PUBLISH = /\b(?:npm|pnpm|yarn)\s+publish\b|\bcargo\s+publish\b|\btwine\s+upload\b|\bgem\s+push\b|\b(?:dotnet\s+)?nuget\s+push\b|\bdotnet\s+pack\b|\bmvn\s+deploy\b|\bgradlew?\s+publish\b|\bpublish(?:es|ed|ing)?\b[^.\n]{0,40}\bto\s+(?:npm|pypi|crates\.io|maven(?:\s+central)?|nuget|rubygems|the\s+registry|the\s+marketplace|github\s+releases?)\b|\bgh\s+release\s+create\b|\bgoreleaser\b|\bhomebrew\s+(?:formula|tap)\b/i;

/**
 * Any phrase {@link proseFacts} reads, as one pattern (their alternation, each as written): one
 * scan that most text fails, instead of nine.
 */
const ANY_PHRASE = new RegExp(
  [TEST_COMMAND, TEST_MENTION, ROLLBACK_PHRASE, HEALTH_PHRASE, PRODUCTION_PHRASE, PACKAGE_PUBLISH, CHANGE_SIGNAL, MIGRATION_STEP, SCHEMA_PROSE].map((p) => `(?:${p.source})`).join('|'),
  'i',
);

const PRODUCTION_COMMAND = /--(?:env(?:ironment)?[= ]\s*)?prod(?:uction)?\b|\b(?:-e|--stage|--target)[= ]\s*prod(?:uction)?\b/i;

/** A top-level code block: DDL (a schema change, with a change signal a change too), a migration step. */
export function topLevelCodeFacts(ctx: WalkContext, node: Code): void {
  const { out } = ctx;
  if (DDL.test(node.value)) out.schemaChanges.push({ span: spanOf(node), text: firstMatch(DDL, node.value) });
  if (!out.migration && MIGRATION_STEP.test(node.value)) out.migration = { span: spanOf(node), text: firstMatch(MIGRATION_STEP, node.value) };
  if (CHANGE_SIGNAL.test(node.value) && DDL.test(node.value)) addFact(out.facts, 'change', node, firstMatch(DDL, node.value));
}
