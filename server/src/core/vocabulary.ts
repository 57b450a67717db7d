/**
 * The plan vocabulary of the rule catalogue (`spec/rules.md`, "The plan model"). Each list is
 * matched case-insensitively on headings, bold or line-start labels and table column headers.
 * Config can extend every list (`vocabulary` in `.planlintrc.json`).
 */
export interface Vocabulary {
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

/** The built-in vocabulary, from the catalogue's vocabulary section. */
export const defaultVocabulary: Vocabulary = {
  stage: ['stage', 'phase', 'step', 'milestone', 'sprint', 'iteration', 'day', 'days', 'week', 'weeks', 'wave', 'task', 'epic'],
  stageParent: ['stages', 'phases', 'plan', 'implementation', 'implementation plan', 'rollout', 'rollout plan', 'milestones', 'roadmap', 'steps', 'execution plan', 'work plan', 'timeline'],
  dod: [
    'definition of done', 'dod', 'done when', 'acceptance criteria', 'acceptance scenarios', 'success criteria',
    'exit criteria', 'completion criteria', 'graduation criteria', 'checkpoint', 'verification checklist', 'done criteria',
  ],
  tests: [
    'tests', 'test', 'testing', 'test plan', 'test strategy', 'testing strategy', 'automated tests', 'verification',
    'validation', 'qa', 'independent test', 'test cases', 'unit tests', 'integration tests', 'e2e tests',
  ],
  rollback: [
    'rollback', 'roll back', 'roll-back', 'rollback plan', 'rollback criteria', 'rollback triggers', 'rollback procedure',
    'rollback strategy', 'backout', 'back out', 'back-out', 'revert', 'kill switch', 'downgrade',
    'upgrade / downgrade strategy', 'feature enablement and rollback', 'reversibility', 'fallback',
  ],
  requirements: ['requirements', 'functional requirements', 'non-functional requirements', 'success criteria', 'requirement'],
  risks: ['risks', 'risk', 'risk register', 'risks and mitigations', 'risk mitigation', 'risks & mitigations', 'drawbacks', 'risk assessment', 'known risks'],
  gates: ['ci gate matrix', 'ci gates', 'quality gates', 'go/no-go gates', 'go/no-go', 'gates', 'release gates', 'ci gate'],
  owner: ['owner', 'owners', 'assignee', 'who', 'dri', 'responsible', 'lead'],
  requirementPrefixes: ['FR', 'NFR', 'SC', 'REQ', 'R', 'US'],
};

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

function inHeading(terms: string[]): RegExp {
  return new RegExp(`(?:^|[^\\w])${termsPattern(terms)}(?:$|[^\\w])`, 'i');
}

/**
 * Compiles `vocabulary` into the matchers the model builder uses.
 *
 * @param vocabulary the built-in vocabulary, possibly extended by config
 */
export function compileVocabulary(vocabulary: Vocabulary): VocabularyMatchers {
  const label = (terms: string[]) => new RegExp(`^(?:the\\s+|a\\s+)?${termsPattern(terms)}(?:\\s*\\(.*\\))?\\s*[:.]?$`, 'i');
  const prefixes = [...new Set(vocabulary.requirementPrefixes)].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  return {
    vocabulary,
    key: JSON.stringify(vocabulary),
    stageHeading: new RegExp(`^${termsPattern(vocabulary.stage)}\\s*#?\\s*(\\d+(?:[.-]\\d+)*[a-z]?|[IVX]+\\b)`, 'i'),
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
      dod: inHeading(vocabulary.dod),
      tests: inHeading(vocabulary.tests.filter((t) => t !== 'validation')),
      rollback: inHeading(vocabulary.rollback),
      risks: inHeading(vocabulary.risks.filter((t) => t !== 'risk')),
    },
  };
}
