/**
 * The plan vocabulary of the rule catalogue (`spec/rules.md`, "The plan model"). Each list is
 * matched case-insensitively on headings, bold or line-start labels and table column headers.
 * Config can extend every list (`vocabulary` in `.planlintrc.json`).
 */
export interface Vocabulary {
  /** Words of a title or top-level heading that name a plan (spec: "Documents"). */
  planTitle: string[];
  /** Heading words that name a unit of sequenced work (followed by a number or a title). */
  stage: string[];
  /** Parent headings whose numbered children are stages. */
  stageParent: string[];
  dod: string[];
  tests: string[];
  rollback: string[];
  requirements: string[];
  risks: string[];
  gates: string[];
  owner: string[];
  /** Prefixes of requirement IDs (`FR` matches `FR-001`, `FR1`, `FR-AUTH-01`). */
  requirementPrefixes: string[];
}

/**
 * A language pack: terms of each list in one language. The built-in vocabulary is the union of
 * every pack, so a plan in any of these languages is read without configuration.
 */
export type VocabularyPack = { [K in keyof Vocabulary]?: string[] };

/** English, from the catalogue's vocabulary section (spec v2, "The plan model"). */
export const englishPack: VocabularyPack = {
  planTitle: ['plan', 'plans', 'planning', 'roadmap', 'rollout', 'runbook', 'migration', 'proposal', 'kep', 'tasks', 'spec', 'specification', 'rfc', 'enhancement'],
  stage: ['stage', 'phase', 'step', 'milestone', 'sprint', 'iteration', 'day', 'days', 'week', 'weeks', 'wave', 'task', 'epic'],
  stageParent: ['stages', 'phases', 'plan', 'implementation', 'implementation plan', 'rollout', 'rollout plan', 'milestones', 'roadmap', 'steps', 'execution plan', 'work plan', 'timeline', 'task list', 'tasks'],
  dod: [
    'definition of done', 'dod', 'done when', 'ready when', 'acceptance', 'acceptance criteria', 'acceptance checklist', 'exit conditions',
    'success conditions', 'completion checklist', 'acceptance scenarios', 'acceptance tests',
    'validation and acceptance', 'success criteria', 'success metrics', 'exit criteria', 'exit gate', 'exit gates', 'gate criteria',
    'decision gate', 'completion criteria', 'graduation criteria', 'checkpoint', 'verification', 'verification checklist',
    'done criteria', 'task completion criteria', 'deliverable', 'deliverables', 'expected', 'expected result', 'expected results', 'expected outcome',
    'expected outcomes', 'expected output',
  ],
  tests: [
    'tests', 'test', 'testing', 'test plan', 'test strategy', 'testing strategy', 'automated tests', 'verification',
    'validation', 'qa', 'independent test', 'test cases', 'unit tests', 'integration tests', 'e2e tests', 'tests to write',
  ],
  rollback: [
    'rollback', 'roll back', 'roll-back', 'rollback plan', 'rollback criteria', 'rollback triggers', 'rollback procedure',
    'rollback strategy', 'backout', 'back out', 'back-out', 'revert', 'kill switch', 'downgrade',
    'upgrade / downgrade strategy', 'feature enablement and rollback', 'reversibility', 'fallback', 'halt rules',
  ],
  requirements: ['requirements', 'functional requirements', 'non-functional requirements', 'success criteria', 'requirement'],
  risks: [
    'risks', 'risk', 'risk register', 'risks and mitigations', 'risk mitigation', 'risks & mitigations', 'drawbacks',
    'risk assessment', 'risk analysis', 'known risks', 'contingency plans', 'contingency plan', 'contingencies',
  ],
  gates: ['ci gate matrix', 'ci gates', 'quality gates', 'go/no-go gates', 'go/no-go', 'gates', 'release gates', 'ci gate'],
  owner: ['owner', 'owners', 'assignee', 'who', 'dri', 'responsible', 'lead'],
  requirementPrefixes: ['FR', 'NFR', 'SC', 'REQ', 'R', 'US'],
};

/** Chinese (simplified and traditional). */
export const chinesePack: VocabularyPack = {
  planTitle: ['计划', '計劃', '方案', '任务', '任務', '实施计划', '路线图'],
  stage: ['阶段', '階段', '步骤', '步驟', '里程碑'],
  stageParent: ['实施计划', '阶段', '里程碑'],
  dod: ['完成标准', '完成標準', '验收标准', '驗收標準', '完成定义'],
  tests: ['测试', '測試', '测试计划', '测试策略'],
  rollback: ['回滚', '回滾', '回滚方案', '回滚计划'],
  requirements: ['需求', '功能需求'],
  risks: ['风险', '風險', '风险与缓解'],
  owner: ['负责人', '負責人'],
};

/** Japanese. */
export const japanesePack: VocabularyPack = {
  planTitle: ['計画', '実装計画', 'タスク', 'ロードマップ'],
  stage: ['フェーズ', 'ステップ', '段階', 'マイルストーン'],
  stageParent: ['実装計画', 'タスク'],
  dod: ['完了条件', '受け入れ基準', '受入基準', '完了の定義'],
  tests: ['テスト', 'テスト計画', 'テスト戦略'],
  rollback: ['ロールバック', '切り戻し'],
  requirements: ['要件', '要求事項'],
  risks: ['リスク', 'リスクと対策'],
  owner: ['担当', '担当者'],
};

/** Spanish. */
export const spanishPack: VocabularyPack = {
  planTitle: ['plan de implementación', 'hoja de ruta', 'tareas', 'plan'],
  stage: ['fase', 'etapa', 'paso', 'hito'],
  stageParent: ['fases', 'etapas', 'plan de implementación', 'tareas'],
  dod: ['criterios de aceptación', 'definición de terminado', 'definición de hecho', 'criterios de éxito'],
  tests: ['pruebas', 'plan de pruebas', 'estrategia de pruebas'],
  rollback: ['reversión', 'plan de reversión', 'marcha atrás'],
  requirements: ['requisitos', 'requisitos funcionales'],
  risks: ['riesgos', 'riesgos y mitigaciones'],
  owner: ['responsable'],
};

/** The language packs active by default, by language tag. */
export const vocabularyPacks: Record<'en' | 'zh' | 'ja' | 'es', VocabularyPack> = { en: englishPack, zh: chinesePack, ja: japanesePack, es: spanishPack };

const VOCABULARY_KEYS = ['planTitle', 'stage', 'stageParent', 'dod', 'tests', 'rollback', 'requirements', 'risks', 'gates', 'owner', 'requirementPrefixes'] as const;

/** The union of `packs`, list by list, in order and without duplicates. */
export function mergePacks(packs: readonly VocabularyPack[]): Vocabulary {
  const out = {} as Vocabulary;
  for (const k of VOCABULARY_KEYS) out[k] = [...new Set(packs.flatMap((p) => p[k] ?? []))];
  return out;
}

/** The built-in vocabulary: every language pack (spec v2: "packs for English, Chinese, Japanese and Spanish, all active by default"). */
export const defaultVocabulary: Vocabulary = mergePacks(Object.values(vocabularyPacks));

/** Escapes `s` for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A RegExp that matches any of `terms` as whole words, longest first. */
export function termsPattern(terms: readonly string[]): string {
  const sorted = [...new Set(terms.map((t) => t.toLowerCase().trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  return `(?:${sorted.map((t) => escapeRegExp(t).replace(/\s+/g, '\\s+')).join('|')})`;
}

/** Compiled matchers for one vocabulary. */
export interface VocabularyMatchers {
  vocabulary: Vocabulary;
  /** The vocabulary's content as a string: equal keys, equal matching. */
  key: string;
  /** A word or phrase of a title that names a plan (whole words; CJK terms anywhere). */
  planTitle: RegExp;
  /** A stage heading: keyword then a number, or a `Task N`/`Day N`. Group 1 keyword, group 2 number. */
  stageHeading: RegExp;
  stageParent: RegExp;
  /** Whole-label matchers: the (cleaned) label text is exactly one of the terms, maybe with words around. */
  dod: RegExp;
  tests: RegExp;
  rollback: RegExp;
  requirements: RegExp;
  risks: RegExp;
  gates: RegExp;
  owner: RegExp;
  /** A requirement ID anywhere in text (global). */
  requirementId: RegExp;
  /** A term of each list as whole words anywhere in a short heading (lenient heading match). */
  inHeading: { dod: RegExp; tests: RegExp; rollback: RegExp; risks: RegExp };
}

/** Whole-word matcher for `terms`; terms in scripts written without spaces match anywhere. */
function wordsPattern(terms: string[]): RegExp {
  const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
  const spaced = terms.filter((t) => !cjk.test(t));
  const unspaced = terms.filter((t) => cjk.test(t));
  const parts = [`(?<![\\p{L}\\p{N}])${termsPattern(spaced)}(?![\\p{L}\\p{N}])`];
  if (unspaced.length) parts.push(termsPattern(unspaced));
  return new RegExp(parts.join('|'), 'iu');
}

function inHeading(terms: string[]): RegExp {
  return new RegExp(`(?:^|[^\\w])${termsPattern(terms)}(?:$|[^\\w])`, 'i');
}

/**
 * Compiles `vocabulary` into the matchers the model builder uses.
 *
 * @param vocabulary the built-in vocabulary, possibly extended by config
 */
export function compileVocabulary(vocabulary: Vocabulary): VocabularyMatchers {
  // A label may carry a qualifier before or after it: "Final acceptance criteria:",
  // "Phase 2 exit criteria:", "**Success Criteria** (what must be TRUE):".
  const label = (terms: string[]) =>
    new RegExp(`^(?:the\\s+|a\\s+)?(?:[\\p{L}\\p{N}][\\p{L}\\p{N}/&-]*\\s+){0,3}?${termsPattern(terms)}(?:\\s*\\(.*\\))?\\s*[:.]?$`, 'iu');
  const prefixes = [...new Set(vocabulary.requirementPrefixes)].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  return {
    vocabulary,
    key: JSON.stringify(vocabulary),
    planTitle: wordsPattern(vocabulary.planTitle),
    // Group 1 the keyword and 2 the number: a number ("2", "1.3", "2a"), a Roman numeral, a number
    // word ("One"), a letter or letter-number ID that ends the name ("Stage A:", "Milestone M1"),
    // CJK numerals ("阶段一"); or, for "第N阶段", group 3 the number and 4 the keyword.
    stageHeading: new RegExp(
      `^(?:(${termsPattern(vocabulary.stage)})\\s*(?:#\\s*)?(\\d+(?:[.-]\\d+)*[a-z]?|[IVX]+\\b|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\\b|(?<=[\\s#])[A-Z](?:[A-Z]?\\d{1,3})?(?=\\s*(?:[:.)：]|[—–-]|$))|[一二三四五六七八九十]+)|第\\s*([\\d一二三四五六七八九十]+)\\s*(${termsPattern(vocabulary.stage)}))`,
      'i',
    ),
    stageParent: new RegExp(`^(?:\\d+[.)]?\\s+)?${termsPattern(vocabulary.stageParent)}(?:\\s*(?:\\(.*\\)|[:-].*))?$`, 'i'),
    dod: label(vocabulary.dod),
    tests: label(vocabulary.tests),
    rollback: new RegExp(`^(?:the\\s+)?(?:[\\w/&-]+\\s+){0,3}${termsPattern(vocabulary.rollback)}(?:\\s+[\\w/&-]+){0,3}\\s*[:.]?$`, 'i'),
    requirements: new RegExp(`^(?:[\\w/&-]+\\s+){0,2}${termsPattern(vocabulary.requirements)}(?:\\s*\\(.*\\))?\\s*[:.]?$`, 'i'),
    risks: new RegExp(`^(?:[\\w/&-]+\\s+){0,2}${termsPattern(vocabulary.risks)}(?:\\s+(?:and|&)\\s+\\w+)?(?:\\s*\\(.*\\))?\\s*[:.]?$`, 'i'),
    gates: label(vocabulary.gates),
    owner: label(vocabulary.owner),
    requirementId: new RegExp(`\\b(?:${prefixes})(?:-[A-Z][A-Z0-9]*)*-?\\d+(?:\\.\\d+)?[a-z]?\\b`, 'g'),
    inHeading: {
      // "Expected …" is a label ("Expected: PASS"); a heading "Expected behaviour" describes, it does not gate.
      // "Acceptance" names a DoD only as the whole heading or label ("Acceptance Matrix" is a table of something else).
      dod: inHeading(vocabulary.dod.filter((t) => !/^expected\b/.test(t) && t !== 'acceptance')),
      // A bare "test" in a heading names a thing ("Test ID", "Test Environment"), not a tests section.
      tests: inHeading(vocabulary.tests.filter((t) => t !== 'validation' && t !== 'test')),
      rollback: inHeading(vocabulary.rollback),
      risks: inHeading(vocabulary.risks.filter((t) => t !== 'risk')),
    },
  };
}
