import type { Heading } from './model/plan.js';
import type { VocabularyPack } from './vocabulary.js';

/** The built-in profiles, in the order docs list them. */
export const PROFILE_NAMES = ['generic', 'spec-kit', 'kiro', 'kep'] as const;

/** A profile's name: `generic`, `spec-kit`, `kiro` or `kep`. */
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** How far requirements must trace to tasks in a plan set (rule uncovered-requirement). */
export type Traceability = 'coverage' | 'full';

/**
 * A section that, when the plan has it, must be answered: its text (subsections included),
 * without HTML comments, headings, template slots, bare labels, unchecked template checkboxes
 * and the profile's own template sentences, must say something.
 */
export interface AnsweredSection {
  /** The heading text, matched case-insensitively after decorations are removed. */
  heading: string;
  /** The rule that reports the section when it is unanswered. */
  ruleId: 'undefined-tests' | 'missing-rollback';
}

/**
 * A profile: what a kind of plan is expected to hold, as data. Profiles are chosen per file
 * and per plan set (see {@link detectProfile}), or named in config (`profile`, `sets[].profile`)
 * or front matter (`planlint: { profile: … }`).
 */
export interface Profile {
  name: ProfileName;
  /** One sentence for docs. */
  description: string;
  /** Sections that must be answered, not left as the template wrote them. */
  answeredSections: readonly AnsweredSection[];
  /**
   * Requirement ID families (`FR`, `SC`, `kiro` for `### Requirement N`) that a task traces to
   * in this profile, for full traceability; `any` for every family.
   */
  idFamilies: readonly string[] | 'any';
  /** Terms added to the configured vocabulary for files of this profile. */
  vocabulary: VocabularyPack;
  /** Options the profile gives rules, below the config's own rule options. */
  ruleOptions: {
    /** `full`: in a plan set, each task that traces to no requirement is reported too. */
    traceability: Traceability;
  };
  /**
   * Sentences of the profile's template that are guidance, not answers (whitespace-insensitive),
   * and words that mark a template example line (`MyCoolFeature`).
   */
  templateText: { sentences: readonly string[]; markers: readonly string[] };
}

/** The built-in profiles, by name. */
export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  generic: {
    name: 'generic',
    description: 'Any plan: the rule catalogue as it is, every requirement ID family.',
    answeredSections: [],
    idFamilies: 'any',
    vocabulary: {},
    ruleOptions: { traceability: 'coverage' },
    templateText: { sentences: [], markers: [] },
  },
  'spec-kit': {
    name: 'spec-kit',
    description: 'A spec-kit feature folder: spec.md (FR-###, SC-###, user stories), plan.md, tasks.md (T### tasks tagged [US1]).',
    answeredSections: [],
    idFamilies: ['FR', 'NFR', 'SC', 'US'],
    vocabulary: { tests: ['independent test'] },
    ruleOptions: { traceability: 'coverage' },
    templateText: { sentences: [], markers: [] },
  },
  kiro: {
    name: 'kiro',
    description: 'A Kiro spec: requirements.md (### Requirement N, criteria N.M), design.md, tasks.md (_Requirements: N.M_), and their language variants.',
    answeredSections: [],
    idFamilies: ['kiro'],
    vocabulary: {},
    ruleOptions: { traceability: 'coverage' },
    templateText: { sentences: [], markers: [] },
  },
  kep: {
    name: 'kep',
    description: 'A Kubernetes Enhancement Proposal: its Test Plan and Feature Enablement and Rollback must be answered, not left as the template wrote them.',
    answeredSections: [
      { heading: 'test plan', ruleId: 'undefined-tests' },
      { heading: 'feature enablement and rollback', ruleId: 'missing-rollback' },
    ],
    idFamilies: 'any',
    vocabulary: { rollback: ['rollout, upgrade and rollback planning'] },
    ruleOptions: { traceability: 'coverage' },
    templateText: {
      sentences: [
        'I/we understand the owners of the involved components may require updates to existing tests to make this code solid enough prior to committing the changes necessary to implement this enhancement.',
        'Feature gate (also fill in values in `kep.yaml`)',
        'Feature gate name:',
        'Components depending on the feature gate:',
        'Describe the mechanism:',
        'Will enabling / disabling the feature require downtime of the control plane?',
        'Will enabling / disabling the feature require downtime or reprovisioning of a node?',
      ],
      markers: ['MyCoolFeature', '<package>'],
    },
  },
};

/** Headings only a KEP has (the KEP template's). */
const KEP_HEADINGS = /^(?:production readiness review questionnaire|feature enablement and rollback|graduation criteria|upgrade \/ downgrade strategy|version skew strategy|release signoff checklist)$/i;

/** Spec-kit and Kiro file names, as in plan-set detection. */
const SPEC_KIT_FILE = /^(?:spec|plan|tasks|research|data-model)\.md$/i;
const KIRO_FILE = /^(?:requirements|design|tasks)(?:[-_][a-z]{2}(?:[-_][a-z]{2})?)?\.md$/i;

/**
 * The profile of one document, from its path and headings (plan sets choose theirs from their
 * layout). In order:
 *
 * 1. `kep`: a folder named `keps` in the path, or two or more KEP headings ("Graduation
 *    Criteria", "Production Readiness Review Questionnaire", "Feature Enablement and Rollback",
 *    "Version Skew Strategy", "Upgrade / Downgrade Strategy", "Release Signoff Checklist").
 * 2. `kiro`: a `.kiro` folder in the path and a Kiro file name (`requirements.md`, `tasks-es.md`).
 * 3. `spec-kit`: a `.specify` or `specs` folder in the path and a spec-kit file name (`spec.md`, `tasks.md`).
 * 4. `generic` otherwise.
 *
 * @param path the document's path (either separator), if it has one
 * @param headings the document's headings (`Plan.headings`)
 */
export function detectProfile(path: string | undefined, headings: readonly Pick<Heading, 'text'>[]): ProfileName {
  const parts = path ? path.split(/[\\/]/) : [];
  const name = parts[parts.length - 1] ?? '';
  if (parts.slice(0, -1).some((p) => p.toLowerCase() === 'keps')) return 'kep';
  let kep = 0;
  for (const h of headings) if (KEP_HEADINGS.test(h.text.trim()) && ++kep >= 2) return 'kep';
  const folders = parts.slice(0, -1).map((p) => p.toLowerCase());
  if (folders.includes('.kiro') && KIRO_FILE.test(name)) return 'kiro';
  if ((folders.includes('.specify') || folders.includes('specs')) && SPEC_KIT_FILE.test(name)) return 'spec-kit';
  return 'generic';
}

/** True when `value` names a built-in profile. */
export function isProfileName(value: unknown): value is ProfileName {
  return typeof value === 'string' && (PROFILE_NAMES as readonly string[]).includes(value);
}
