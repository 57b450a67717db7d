import type { Heading, Plan } from './model/plan.js';
import { unfilled } from './model/unfilled.js';
import type { AnsweredSection, Profile } from './profiles.js';
import type { Report } from './rule.js';
import { escapeRegExp } from './vocabulary.js';

/** A section of the profile's {@link Profile.answeredSections} that the plan has and leaves unanswered. */
export interface UnansweredSection {
  section: AnsweredSection;
  heading: Heading;
}

/** A line holding only a list marker and/or a checkbox (`- `, `- [x]`, `1.`), once the template text around it is gone. */
function isBareMarker(line: string): boolean {
  const rest = line.trim().replace(/^(?:[-*+]|\d+[.)])/, '').trim();
  return rest.replace(/^\[[xX ]\]/, '').trim() === '';
}

/**
 * The sections `profile` asks to be answered that `plan` has (first heading of that text, any
 * level) and leaves as its template wrote them. A section's body, subsections included, is read
 * without HTML comments, lines holding one of the template's example markers (`MyCoolFeature`,
 * `<package>`), unchecked options (`- [ ] Other`), the template's guidance sentences
 * (whitespace-insensitive), and lines left holding only a checkbox or list marker; what remains
 * must not be unfilled (see `unfilled`: headings, slots, TBD, guidance).
 *
 * @returns the unanswered sections, in the order of the profile's list
 */
export function unansweredSections(plan: Plan, profile: Profile): UnansweredSection[] {
  const out: UnansweredSection[] = [];
  if (profile.answeredSections.length === 0) return out;
  const sentences = profile.templateText.sentences.map((s) => new RegExp(escapeRegExp(s).replace(/\s+/g, '\\s+'), 'gi'));
  for (const section of profile.answeredSections) {
    const heading = plan.headings.find((h) => h.text.trim().toLowerCase() === section.heading);
    if (!heading) continue;
    let body = plan.text.slice(heading.span.end.offset, heading.sectionEnd).replace(/<!--[\s\S]*?(?:-->|$)/g, ' ');
    for (const re of sentences) body = body.replace(re, ' ');
    body = body
      .split(/\r?\n|\r/)
      .filter((line) => !profile.templateText.markers.some((m) => line.includes(m)))
      .filter((line) => !/^\s*(?:[-*+]\s+)?\[ \]/.test(line))
      .map((line) => (isBareMarker(line) ? '' : line))
      .join('\n');
    if (unfilled(body, 0, body.length)) out.push({ section, heading });
  }
  return out;
}

/**
 * A rule's findings for the unanswered sections of the profile that it owns, then its other
 * reports except those on the same line (the unanswered section says it better). A section that
 * one of the other reports already names as unfilled (`data.section`) is not reported twice.
 *
 * @param reports the rule's other reports
 */
export function* withUnanswered(plan: Plan, profile: Profile | undefined, ruleId: AnsweredSection['ruleId'], reports: Iterable<Report>): Iterable<Report> {
  const own = profile ? unansweredSections(plan, profile).filter((u) => u.section.ruleId === ruleId) : [];
  if (own.length === 0) return yield* reports;
  const others = [...reports];
  const named = new Set(others.map((r) => String(r.data?.section ?? '').trim().toLowerCase()));
  const lines = new Set<number>();
  for (const u of own) {
    if (named.has(u.heading.text.trim().toLowerCase())) continue;
    lines.add(u.heading.span.start.line);
    yield { messageId: 'unanswered', data: { section: u.heading.text, profile: profile!.name }, span: u.heading.span };
  }
  for (const r of others) if (!lines.has(r.span.start.line)) yield r;
}
