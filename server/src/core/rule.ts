import type { Profile } from './profiles.js';
import type * as z from 'zod';
import type { Plan } from './model/plan.js';
import type { Span } from './text.js';

/** Finding severity; `off` disables a rule. */
export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** A text edit on the document: replace offsets `[start, end)` with `text`. An insertion has `start === end`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
  /**
   * The same edit as an LSP snippet (`$1`, `${1:default}`, `$0`; `$`, `}` and `\\` escaped):
   * its tab stops are the slots the author fills in. `text` is the plain form, each slot
   * replaced by its default. Set only on suggestions; editors without snippet support apply `text`.
   */
  snippet?: string;
}

/** A mechanical fix: a title for menus and the edits that make it. Fixes only insert. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

/** What a rule reports; the engine turns it into a {@link Finding}. */
export interface Report {
  messageId: string;
  data?: Record<string, string | number | undefined>;
  span: Span;
  /** Applied by `--fix` and fix-all. */
  fix?: Fix;
  /** Offered as separate quick fixes, never applied automatically. */
  suggestions?: Fix[];
  /** Other places that explain the finding (the first definition of a duplicate, the other members of a cycle). */
  related?: Array<{ span: Span; message: string }>;
}

/** A finding: a rule's report with its severity and message resolved. */
export interface Finding {
  ruleId: string;
  /** The rule's message id (key of `Rule.messages`). */
  messageId: string;
  severity: Severity;
  message: string;
  span: Span;
  fix?: Fix;
  suggestions?: Fix[];
  related?: Array<{ span: Span; message: string }>;
}

/** Everything a rule's `check` receives beyond the plan. */
export interface RuleContext<O> {
  plan: Plan;
  options: O;
  /** The document's profile (docs/profiles.md); `generic` when absent. */
  profile?: Profile;
}

/**
 * A rule of the catalogue (`spec/rules.md`). `check` is pure: it reads the {@link Plan} and
 * yields {@link Report}s; it must not mutate the plan.
 */
export interface Rule<S extends z.ZodType = z.ZodType> {
  /** Kebab-case id, equal to the file name and the catalogue id. */
  id: string;
  title: string;
  rationale: string;
  defaultSeverity: Severity;
  /** Whether findings carry a fix: a complete, mechanical edit that `--fix` and fix-all apply. */
  fixable: boolean;
  /** Whether findings carry suggestions: editor quick fixes with slots, never applied automatically. */
  suggests?: boolean;
  /** Options schema; `parse(undefined)` must give the defaults. */
  options: S;
  /** Message templates by id, with `{placeholders}`; one grammar: "<what is wrong>; expected <what is expected>". */
  messages: Record<string, string>;
  /** Decisions the catalogue leaves open, written into the rule's docs page. */
  notes: string[];
  check(context: RuleContext<z.output<S>>): Iterable<Report>;
}

/** Declares a rule; an identity function that keeps the option types. */
export function defineRule<S extends z.ZodType>(rule: Rule<S>): Rule<S> {
  return rule;
}

/** Fills `{name}` placeholders of a message template from `data`. */
export function formatMessage(template: string, data: Record<string, string | number | undefined> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (data[key] !== undefined ? String(data[key]) : whole));
}
