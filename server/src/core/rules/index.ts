import type { Rule } from '../rule.js';
import dependencyCycle from './dependency-cycle.js';
import duplicateId from './duplicate-id.js';
import emptySection from './empty-section.js';
import estimateMismatch from './estimate-mismatch.js';
import incompleteGate from './incomplete-gate.js';
import incompleteRisk from './incomplete-risk.js';
import mergeConflictMarker from './merge-conflict-marker.js';
import missingDod from './missing-dod.js';
import missingHealthCheck from './missing-health-check.js';
import missingMigration from './missing-migration.js';
import missingOwner from './missing-owner.js';
import missingRisks from './missing-risks.js';
import missingRollback from './missing-rollback.js';
import placeholderText from './placeholder-text.js';
import planTooLong from './plan-too-long.js';
import statusContradiction from './status-contradiction.js';
import uncoveredRequirement from './uncovered-requirement.js';
import undefinedTests from './undefined-tests.js';
import unknownReference from './unknown-reference.js';
import unmeasurableCriterion from './unmeasurable-criterion.js';

/** The rule catalogue (`spec/rules.md`), in catalogue order. */
export const rules: readonly Rule[] = [
  missingRollback,
  undefinedTests,
  uncoveredRequirement,
  missingDod,
  missingOwner,
  unmeasurableCriterion,
  placeholderText,
  mergeConflictMarker,
  missingRisks,
  incompleteRisk,
  incompleteGate,
  unknownReference,
  duplicateId,
  dependencyCycle,
  estimateMismatch,
  statusContradiction,
  missingMigration,
  missingHealthCheck,
  emptySection,
  planTooLong,
] as Rule[];

/** Rules by id. */
export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.id, r]));
