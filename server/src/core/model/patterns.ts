/**
 * Phrase patterns of the plan vocabulary that are not configurable word lists: commands,
 * decorations and durations. Sources: `spec/rules.md` vocabulary, tuned on the public corpus.
 */

/**
 * A digit: every requirement ID, task ID and stage reference has one, so text without one is
 * skipped before the patterns that look for them.
 */
export const DIGIT = /\d/;

/** Test commands (spec: Tests vocabulary). Matched in prose and in code. */
export const TEST_COMMAND =
  /\b(?:(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?test(?::[\w:-]+)?|vitest|jest|pytest|go\s+test|cargo\s+(?:test|nextest)|mvn\s+(?:test|verify)|gradlew?\s+test|make\s+test\w*|k6\s+run|playwright\s+test|xcodebuild\s+test|dotnet\s+test|phpunit|rspec|mocha|cypress\s+run|tox|ctest|bats|swift\s+test|mix\s+test|deno\s+test|node\s+--test)\b/i;

/** Mentions of kinds of tests (spec: "unit/integration/e2e/smoke/contract/load test mentions"). */
export const TEST_MENTION =
  /\b(?:(?:unit|integration|e2e|end[- ]to[- ]end|smoke|contract|load|regression|acceptance|snapshot|property[- ]based|performance|component|api|ui|golden|fuzz|conformance|migration|chaos|stress)[- ]tests?|tests?\s+(?:pass(?:es|ing)?|suite|coverage|cases?)|tested\s+(?:[\w-]+\s+){0,3}?(?:on|in|against|with|via|using)|(?:write|add|run|update|extend)\s+(?:the\s+|new\s+|unit\s+)?tests?|test\s+coverage|test\s+harness|tests(?!\s*[:：])|test\s+suites?|tdd|pruebas?|tests?\s+unitarios|tests?\s+d'intégration)\b|テスト|测试|測試|테스트/i;

/** Rollback phrases and commands (spec: Rollback vocabulary). */
export const ROLLBACK_PHRASE =
  /\b(?:roll(?:ing|ed)?[ -]?back|rollbacks?|revert(?:ing|ed|s)?|back[ -]?out|kill[ -]?switch(?:es)?|downgrad(?:e|es|ing)|flag\s+off|(?:disable|turn\s+off)\s+the\s+(?:feature\s+)?flag|restore\s+from\s+(?:the\s+)?backups?|kubectl\s+rollout\s+undo|helm\s+rollback|db:rollback|migrate\s+down|undo\s+the\s+(?:migration|deploy(?:ment)?|release|change))\b/i;

/** Health checks, smoke tests and monitored thresholds (spec: missing-health-check). */
export const HEALTH_PHRASE =
  /\b(?:health[ -]?checks?|healthz|readyz|livez|readiness|liveness|smoke[ -]?tests?|error[ -]rates?|latency|slos?|slis?|p9[059]|p50|apdex|monitor(?:ing|ed|s)?|dashboards?|alert(?:s|ing)?|canary\s+analysis|synthetic\s+checks?|uptime|status\s+page|5xx|4xx)\b|监控|監控|错误率|錯誤率|健康检查|監視|エラー率|ヘルスチェック|monitoreo|tasa\s+de\s+errores|grafana|datadog|sentry|new\s+relic|prometheus|within\s+\d+(?:\.\d+)?\s*%\s+of\s+(?:the\s+)?(?:baseline|v\d|previous)/i;

/** A stage title that deploys, releases, cuts over or migrates (spec: missing-rollback). */
export const DEPLOY_TITLE =
  /\b(?:deploy(?:s|ing|ment)?(?!\s+(?:config\w*|settings|docs|documentation|guides?|manifests?|scripts?|files|templates?|pipelines?|strategy|plans?|planning|prep\w*|readiness|checklists?|automation|tooling|setup|notes)\b)|release|releasing|roll[ -]?out|launch|go[ -]live|cut[ -]?over|ship(?:ping)?|production|prod|canary|ga\b|general\s+availability)\b|(?:上线|上線|发布|發布|部署|灰度|リリース|デプロイ|本番)(?!设置|設定|配置|構成|文档|文書|ドキュメント|脚本|スクリプト|手順|说明|説明|准备|準備|计划|計画|ノート)|despliegue|lanzamiento|puesta\s+en\s+producción/i;
export const MIGRATION_TITLE = /\b(?:migrat(?:e|es|ing|ion|ions)|backfill|schema\s+change|data\s+move)\b/i;

/** Prose that puts a change onto a running system (spec: missing-rollback, "changes a running system"). */
export const CHANGE_SIGNAL =
  /\b(?:deploy(?:s|ing|ed)?\s+(?:to|in|into|on)\s+(?:prod|production|staging|the\s+cluster|live)|production\s+(?:deploy(?:ment)?|release|rollout|cutover|traffic|database|migration)|(?:roll(?:ing)?[ -]?out|rollout)\s+(?:to|across|of)|cut[ -]?over|go[ -]live|(?:database|data|schema)\s+migrations?|migrat(?:e|ing)\s+(?:the\s+|our\s+|existing\s+)?(?:database|data|schema|users|traffic|tables?|records)|drop\s+(?:table|column|database|index)|alter\s+table|release\s+to\s+(?:prod|production|customers|users)|(?:deploy\w*|releas\w*|roll(?:ed|ing)?\s*out|ship\w*|promot\w*|launch\w*|migrat\w*|cut(?:ting)?\s+over)\b[^.;\n]{0,40}?\b(?:in|to|into|on)\s+(?:prod|production)|canary\s+(?:release|deploy(?:ment)?|rollout))\b|(?:发布|發布|部署|上线|上線|灰度)[^。\n]{0,10}(?:生产|生產|线上|線上)|本番(?:環境)?(?:に|へ)?(?:リリース|デプロイ|反映)|(?:desplegar|despliegue)\s+(?:a|en)\s+producción/i;

/** Production context (spec: missing-health-check). */
export const PRODUCTION_PHRASE = /\b(?:production|prod|live\s+traffic|go[ -]live|canary|cut[ -]?over|customers|general\s+availability|producción)\b|生产环境|生產環境|线上|本番/i;

/** Schema changes: DDL in code or stated in prose (spec: missing-migration). */
export const DDL = /\b(?:CREATE|ALTER|DROP)\s+TABLE\b/i;
export const SCHEMA_PROSE =
  /\b(?:add(?:s|ing)?\s+(?:an?\s+|the\s+|new\s+)?(?:\w+\s+)?columns?\s+(?:to|on)|new\s+(?:database\s+)?tables?\b|create\s+(?:an?\s+|the\s+)?(?:\w+\s+)?tables?\s+(?:for|to|in|with)|drop\s+(?:the\s+)?(?:\w+\s+)?(?:column|table)|alter\s+table|schema\s+change)/i;
export const MIGRATION_STEP =
  /\b(?:migrations?|migrate|migrating|db:migrate|flyway|liquibase|alembic|prisma\s+migrate|knex\s+migrate|sequelize|goose|dbmate|sqitch|atlas\s+migrate|typeorm\s+migration|drizzle-kit)\b/i;

/** Operational documents: procedures to follow, not work that builds something. */
export const RUNBOOK_TITLE = /\b(?:runbooks?|playbooks?|checklists?|sop)\b/i;

/** A stage that is itself the rollback procedure ("Step 13: Rollback Plan"). */
export const ROLLBACK_TITLE = /\b(?:roll(?:ing)?[ -]?back|back[ -]?out|revert|downgrade)\b/i;

/** A stage that checks a deploy rather than making one ("Post-Deployment Verification"). */
export const VERIFICATION_TITLE = /\b(?:post[ -]?(?:deploy(?:ment)?|release|launch|cutover)|verification|validation|smoke\s+tests?|health\s+checks?)\b/i;

/** Stage kinds exempt from undefined-tests, by title words. */
export const KIND_PATTERNS: Array<[kind: 'setup' | 'docs' | 'research' | 'polish' | 'test', pattern: RegExp]> = [
  ['test', /\b(?:test(?:s|ing)?|qa|verification|validation|quality\s+assurance|pruebas?)\b|テスト|测试|測試|테스트/i],
  // "Foundational" stages implement code (spec-kit's blocking prerequisites): not setup (spec v2).
  ['setup', /\b(?:set[ -]?up|scaffold(?:ing)?|bootstrap(?:ping)?|init(?:ial(?:ize|ise|ization))?|prerequisites?|environment|project\s+structure|preparation|prep|kick[ -]?off|onboarding|configur(?:e|ation)|install(?:ation)?|infrastructure|configuración|infraestructura|preparación)\b|基础设施|基礎設施|环境搭建|環境構築|セットアップ|初期設定|基盤/i],
  ['docs', /\b(?:docs|documentation|readme|write[ -]?up|changelog|guides?)\b/i],
  ['research', /\b(?:research|spike|investigat(?:e|ion)|discovery|explor(?:e|ation)|analysis|assessment|audit|design|planning|requirements|prototype)\b/i],
  ['polish', /\b(?:buffer|contingency\s+time|slack\s+time|catch[ -]?up|polish|cleanup|clean[ -]up|cross[ -]cutting|finaliz(?:e|ation)|wrap[ -]?up|retro(?:spective)?|handoff|hand[ -]off|monitoring|maintenance|observability|stabiliz(?:e|ation))\b/i],
];

/**
 * Vague words and phrases in criteria (spec: unmeasurable-criterion, the v2 list). "Normal"
 * and "increased" are vague only as a verdict ("volume normal", "confidence increased"), not
 * as a category ("Normal case:", "Increased payload"); bare 正常 is a test category (正常系).
 */
export const VAGUE_WORDS = new RegExp(
  [
    String.raw`\b(?:fast|faster|quick(?:ly)?|responsive|robust|scalable|secure|intuitive|user[- ]friendly|seamless(?:ly)?|efficient(?:ly)?|reliabl[ey]|performant|appropriate(?:ly)?|properly|as\s+needed|works\s+well|smooth(?:ly)?|easy|easily|good|nice|optimal|high[- ]quality|minimal|adequate(?:ly)?|reasonable|snappy|stable|well[- ]tested|sufficient(?:ly)?|good\s+enough|normally)\b`,
    String.raw`\bmeets?\s+(?:the\s+|all\s+|our\s+)?(?:targets?|expectations?|goals?)\b`,
    String.raw`\b(?:is|are|remains?|stays?|back\s+to|returns?\s+to|returning\s+to|within)\s+normal\b`,
    String.raw`\bnormal\s*[.!]?$`,
    String.raw`\bmaintained\s+(?:or|and|\/)\s+improved\b`,
    String.raw`\bincreased\s*[.!]?$`,
    String.raw`\bno\s+negative\s+(?:\w+\s+){0,2}feedback\b`,
    '正常に|適切に|十分(?:に|な)|スムーズに|問題なく',
    '(?:正常|良好)(?:运行|工作)|适当|合适|流畅|足够',
  ].join('|'),
  'i',
);

/** An observable verb made vague by its adverb ("displays properly"): not a concrete check. */
export const VAGUE_VERB_PHRASE =
  /\b(?:displays?|shows?|returns?|loads?|renders?|works?|runs?|functions?|operates?)\s+(?:properly|correctly|normally|well|fine|appropriately|smoothly|as\s+expected)\b|\breturns?\s+to\s+normal\b/gi;

/** A scenario criterion (Given … When … Then …): the scenario is the check. */
export const SCENARIO = /\bwhen\b[\s\S]*\bthen\b/i;

/** Something concrete to check: a number, threshold, command or observable result. */
export const CONCRETE_CHECK =
  /\d|[<>≤≥]|`|\b(?:pass(?:es|ing)?|green|returns?|exit\s+code|zero|no\s+(?:errors?|warnings?|failures?|regressions?)|https?:\/\/|merged|deployed|visible|exists?|logged|documented|approved|reviewed|released|shows?|displays?)\b/i;

/** Stage keywords that references use ("see Stage 6", "after Phase 2"). */
export const STAGE_REF_WORDS = '(?:stage|phase|step|milestone|sprint|iteration|wave|epic|day|week)';
/** A stage number: `3`, `1.2`, `1a`. */
export const STAGE_NUMBER = '\\d+(?:\\.\\d+)*[a-z]?';
/** A stage reference anywhere in text. Group 1 keyword, group 2 number. */
export const STAGE_REF = new RegExp(`\\b(${STAGE_REF_WORDS})\\s*(?:#\\s*)?(${STAGE_NUMBER})\\b`, 'gi');

/** Duration units to hours: 1 week = 5 days, 1 day = 8 hours (spec: estimate-mismatch). */
const UNIT_HOURS: Array<[RegExp, number]> = [
  [/^(?:h|hr|hrs|hour|hours)$/i, 1],
  [/^(?:d|day|days|pd|person[- ]days?)$/i, 8],
  [/^(?:w|wk|wks|week|weeks)$/i, 40],
];

/**
 * A duration: number or range, then a unit. Group 1 min, 2 max, 3 unit. It starts at the `~` or
 * the number: spaces before them are not tried one start at a time (that is quadratic in a run
 * of spaces); {@link parseDuration} puts them back.
 */
export const DURATION = /(?<![\w.])(?:~\s*)?(\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?))?\s*(hours?|hrs?|h|days?|d|person[- ]days?|pd|weeks?|wks?|w)\b/i;

/**
 * Reads a duration from `text` ("2 days", "1-2 weeks", "~4h").
 *
 * @returns hours as `[min, max]`, or undefined when `text` holds no duration
 */
export function parseDuration(text: string): { min: number; max: number; text: string; index: number } | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const unit = UNIT_HOURS.find(([p]) => p.test(m[3]!))?.[1];
  if (unit === undefined) return undefined;
  const a = Number(m[1]) * unit;
  const b = m[2] ? Number(m[2]) * unit : a;
  return { min: Math.min(a, b), max: Math.max(a, b), text: m[0].trim(), index: durationStart(text, m.index) };
}

/**
 * Where a duration found at `at` starts when the spaces before its number count, as a search
 * that may start on a space finds it: the first space of the run, or the second when the first
 * follows a word character or a dot. A duration that starts with `~` starts there.
 */
function durationStart(text: string, at: number): number {
  if (text[at] === '~') return at;
  let start = at;
  while (start > 0 && /\s/.test(text[start - 1]!)) start--;
  if (start < at && start > 0 && /[\w.]/.test(text[start - 1]!)) start++;
  return start;
}

/**
 * `s` with `pattern` (a global pattern that starts with `(` and ends with its first `)`, such
 * as `/\([^)]*\)/g`) replaced. Applied only up to the last `)`, where every `(` finds its `)`:
 * an unclosed `(` after it would make each later `(` scan to the end of the text.
 */
export function replaceParenthesized(s: string, pattern: RegExp, by: string): string {
  const end = s.lastIndexOf(')') + 1;
  return end === 0 ? s : s.slice(0, end).replace(pattern, by) + s.slice(end);
}

/** Cells that count as empty in risk and gate tables (spec: incomplete-risk). */
export const EMPTY_CELL = /^\s*(?:(?:-+|—|–|tbd|tbc|todo|\?+|n\/?a\?)\s*)?$/i;

/** Known HTML element names: `<div>` is markup, `<feature-name>` is a placeholder. */
export const HTML_TAGS = new Set(
  'a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark menu meta meter nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script search section select slot small source span strong style sub summary sup table tbody td template textarea tfoot th thead time title tr track u ul var video wbr center font strike tt big kbd svg path g rect circle line polyline polygon text tspan use defs symbol image'.split(
    ' ',
  ),
);
