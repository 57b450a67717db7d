import type { VocabularyMatchers } from '../vocabulary.js';
import { cleanHeadingText } from './headings.js';
import { replaceParenthesized, STAGE_NUMBER, STAGE_REF, STAGE_REF_WORDS } from './patterns.js';

/** The key naming a stage: the keyword singular and lower-cased, then the number ("phase 1a"). */
export function normalizeStageKey(keyword: string, number: string): string {
  return `${keyword.toLowerCase().replace(/s$/, '')} ${number.toLowerCase()}`;
}

/** Keys of the stages `s` names by keyword and number ("Stage 2", "phase 1a"), in order. */
export function stageKeysIn(s: string): string[] {
  return [...s.matchAll(STAGE_REF)].map((m) => normalizeStageKey(m[1]!, m[2]!));
}

/** The key of a stage heading match (`vocab.stageHeading`): its keyword and number ("phase 2", "阶段 一"). */
export function stageHeadingKey(m: RegExpExecArray): string {
  return normalizeStageKey((m[1] ?? m[4]!).trim(), m[2] ?? m[3]!);
}

/** The task ID (`T001`, `TASK-3`) or stage key a table cell starts with. */
export function nodeKeyOf(cell: string, vocab: VocabularyMatchers): string | undefined {
  const t = cell.replace(/[*_`]/g, '').trim();
  const task = /^(T\d{2,}|TASK-\d+)\b/.exec(t);
  if (task) return task[1];
  const m = vocab.stageHeading.exec(cleanHeadingText(t));
  if (m) return stageHeadingKey(m);
  return undefined;
}

/**
 * The stages and tasks a dependency names, in order: stage keys ("Phase 2", and "3" in
 * "Phase 2 and 3") and task IDs.
 */
export function targetsOf(s: string): string[] {
  const out: string[] = [];
  let lastKeyword: string | undefined;
  for (const m of s.matchAll(new RegExp(`\\b(${STAGE_REF_WORDS})s?\\s*(?:#\\s*)?(${STAGE_NUMBER})\\b|\\b(T\\d{2,}|TASK-\\d+)\\b|(?=\\d)(?<=(?:,|and|&|/)\\s*)(${STAGE_NUMBER})\\b`, 'gi'))) {
    if (m[1]) {
      lastKeyword = m[1];
      out.push(normalizeStageKey(m[1], m[2]!));
    } else if (m[3]) out.push(m[3]);
    else if (m[4] && lastKeyword) out.push(normalizeStageKey(lastKeyword, m[4]));
  }
  return out;
}

/** A stage title without its keyword and number ("Step 13: Rollback Plan" → "Rollback Plan"). */
export function stageName(title: string): string {
  const name = title.replace(/^(?:[\p{L}]+\s*(?:#\s*)?)?(?:\d+(?:[.-]\d+)*[a-z]?|[IVX]+|[A-Z](?=\s*[:.)—–-]))(?:\s*[-–]\s*\d+)?\+?\s*(?:[:.)—–·-]\s*|\s+)/u, '');
  return replaceParenthesized(name, /\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Significant words (three letters or more) of a stage's name, lower-cased: "Phase 5: Migration & Cutover" → migration, cutover. */
export function nameWords(title: string): string[] {
  return stageName(cleanHeadingText(title))
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2);
}
