import { firstIn, type FactMap } from './facts.js';
import { DEPLOY_TITLE, KIND_PATTERNS, MIGRATION_TITLE, ROLLBACK_TITLE, RUNBOOK_TITLE, VERIFICATION_TITLE } from './patterns.js';
import type { StageKind } from './plan.js';
import { stageName } from './stage-keys.js';

/*
 * What a stage does (spec v2, "Changes a running system" and the exempt kinds of the rules):
 * read from the action its title names, not from a word anywhere in it.
 */

/** A review, gate, sign-off or demo: the whole of a stage name part. */
const REVIEW_PART = /^(?:(?:[\w-]+\s+){0,3}(?:review|retro(?:spective)?|gate|go\/no-go|go-no-go|sign[- ]?off|approval|checkpoint|demo)s?)$/i;
/** A check of what an earlier stage did: the whole of a stage name part. */
const VERIFICATION_PART = /^(?:(?:[\w-]+\s+){0,3}(?:verification|validation|smoke\s+tests?|checks?))$/i;


/** True when every part of a stage name (split at commas, "&", "+", "and", "/") matches `part`. */
function allParts(name: string, part: RegExp): boolean {
  const parts = name.split(/(?<!\s)\s*(?:,|&|\+|\band\b|\s\/\s)\s*/i).filter(Boolean);
  return parts.length > 0 && parts.every((p) => part.test(p.trim()));
}

/** Stage kinds whose text may mention a change without making it: research, docs, checks, the rollback itself. */
export const NO_CHANGE_KINDS: ReadonlySet<StageKind> = new Set(['docs', 'research', 'test', 'review', 'verification', 'rollback']);

/** A change phrase that reaches what serves users (not "run database migrations" in a new project). */
const LIVE_CHANGE = /\b(?:prod(?:uction)?|live|traffic|customers?|users|cut[ -]?over|go[ -]live|canary|producción)\b|生产|生產|线上|線上|本番/i;

/** Whether the stage's own text `[start, end)` says it changes what serves users. */
export function servesUsers(facts: FactMap, start: number, end: number): boolean {
  for (let f = firstIn(facts, 'change', start, end); f; f = firstIn(facts, 'change', f.offset + 1, end)) if (LIVE_CHANGE.test(f.text)) return true;
  return false;
}

/** Nouns a deploy word modifies when it is not the stage's action ("Launch screen", "Release notes"). */
const DEPLOY_MODIFIED = String.raw`(?:screens?|pages?|views?|notes?|buttons?|flows?|candidates?|branch(?:es)?|process|pipelines?|scripts?|config\w*|settings|docs?|documentation|checklists?|readiness|plan\w*|prep\w*|strategy|tooling|automation|workflows?|dashboards?|tracking|metrics|manifests?|templates?|guides?|ready)`;
/**
 * A stage name whose action is a deploy (spec v2, "Changes a running system"): a deploy verb
 * that opens it ("Roll out to EU", "Deploy"), a deploy noun that ends it ("Frontend Deploy",
 * "Production Rollout"), a target environment ("… to production"), canary or GA. Not a deploy
 * word that modifies a noun ("Launch screen", "Production-ready error handling").
 */
const DEPLOY_NAME = new RegExp(
  [
    String.raw`^(?:deploy\w*|roll(?:ing)?[ -]?out|go[ -]live|cut(?:ting)?[ -]?over|canary|launch(?:ing)?|releas(?:e|ing)|ship(?=\s+(?:to|it|v?\d|the|behind)\b|\s*$)|promot\w*)\b(?![ -]+${DEPLOY_MODIFIED}\b)`,
    String.raw`\b(?:deploy(?:ment)?|roll[ -]?out|releases?|launch|cut[ -]?over|go[ -]live|canary)\s*$`,
    String.raw`\b(?:to|in|into|on)\s+(?:prod(?:uction)?|live|staging)\b`,
    String.raw`\bproduction\s+(?:deploy\w*|releases?|rollout|launch|cut[ -]?over|traffic|migration|enablement)\b`,
    String.raw`\bcanary\b|\bgeneral\s+availability\b|\bGA\b|^(?:production|go[ -]live)$`,
    '(?:上线|上線|发布|發布|部署|灰度|リリース|デプロイ|本番)(?!设置|設定|配置|構成|文档|文書|ドキュメント|脚本|スクリプト|手順|说明|説明|准备|準備|计划|計画|ノート)|despliegue|lanzamiento|puesta\\s+en\\s+producción',
  ].join('|'),
  'i',
);
/**
 * A stage name that migrates what a running system holds: data, a schema, users or traffic, a
 * backfill or a cutover; not a code migration ("Migrate utils to TypeScript", "Migrate config").
 */
const MIGRATION_NAME =
  /\b(?:data(?:base)?|db|schema|users?|accounts?|traffic|tables?|records|storage|tenants?|customers?)\b.*\bmigrat|\bmigrat\w*\s+(?:[\w-]+\s+){0,3}(?:data(?:base)?|db|schema|users?|accounts?|traffic|tables?|records|storage|tenants?|customers?)\b|^(?:data\s+)?migrations?(?:\s*(?:&|and)\s*cut[ -]?over)?$|\bbackfill|\bschema\s+change|\bcut[ -]?over/i;

/** What a stage does, by its title. */
export function stageKind(title: string): StageKind {
  const name = stageName(title);
  if (RUNBOOK_TITLE.test(title)) return 'docs';
  // The rollback procedure itself, not a stage that mentions rolling back.
  if (ROLLBACK_TITLE.test(name) && ROLLBACK_TITLE.exec(name)!.index === 0) return 'rollback';
  if (allParts(name, REVIEW_PART)) return 'review';
  if (allParts(name, VERIFICATION_PART)) return 'verification';
  if (VERIFICATION_TITLE.test(title)) return 'test';
  if (MIGRATION_TITLE.test(title) && MIGRATION_NAME.test(name)) return 'migration';
  if (DEPLOY_TITLE.test(title) && DEPLOY_NAME.test(name)) return 'deploy';
  for (const [kind, pattern] of KIND_PATTERNS) if (pattern.test(title)) return kind;
  return 'build';
}
