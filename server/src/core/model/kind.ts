import type { Root } from 'mdast';
import type { VocabularyMatchers } from '../vocabulary.js';
import type { FactMap } from './facts.js';
import type { Outline } from './headings.js';
import { plain } from './mdast.js';
import { DIGIT, replaceParenthesized } from './patterns.js';
import type { Task } from './plan.js';

/**
 * What plan detection reads (spec v2: "Documents: plan, template, not a plan"). Built by the
 * model builder from the earlier passes; every count is of things outside code and comments.
 */
export interface KindEvidence {
  frontmatter: Record<string, unknown>;
  /** The first H1 (cleaned), if any. */
  title: string | undefined;
  /** Texts of the top-level headings (H1s and H2s under them, or the shallowest level) and a front matter `title`. */
  topHeadings: string[];
  /** Every heading's text, in order. */
  headings: string[];
  /** Stage headings (of any depth). */
  stageHeadings: number;
  /** Rows of stage tables (status tables are not stage tables). */
  stageRows: number;
  /** Checklist items and items with task IDs, without the ones that define a requirement. */
  tasks: Array<{ checked: boolean | null; text: string }>;
  /** Requirement definitions. */
  requirements: number;
  /** Filled plan sections (DoD, tests, rollback, risks) found as headings or labels. */
  planSections: number;
  /** The first paragraph of prose (after the title), as plain text. */
  opening: string;
}

/** The model's verdict: a plan or not, and why. Templates are decided from the path and front matter too (engine). */
export interface KindVerdict {
  isPlan: boolean;
  /** The signals that made (or would have made) it a plan, or why it is not one. */
  signals: string[];
}

/**
 * Text that addresses an assistant or describes one's runtime behaviour: a prompt, a skill or
 * a command definition. Its "Step N" headings are what the assistant does when invoked, not
 * stages of work (spec v2, item 5: prompts are not plans).
 */
const PROMPT_OPENING = /^(?:you\s+are\s+(?:tasked\s+with|an?\s+(?:expert|ai|assistant|agent|helpful|senior|world-class|experienced)\b)|you're\s+an?\s+(?:expert|ai|assistant|agent)\b|act\s+as\s+an?\b)/i;
/** Weaker signs of a prompt: they also open plans handed to an assistant ("As an AI assistant, follow this plan"). */
const PROMPT_OPENING_WEAK = /^(?:your\s+(?:task|role|job)\s+is\b|as\s+an?\s+(?:ai|assistant|agent|llm)\b)/i;
/** Sections only a prompt or a skill definition has; a plan to build a skill names its work stages instead. */
const PROMPT_HEADING = /^(?:(?:skill|agent|prompt)\s+(?:invocation|instructions|definition|file\s+layout)|initial\s+response|when\s+invoked|system\s+prompt)$/i;

/**
 * Titles that name a record of what happened rather than work to do: capability logs, status
 * files, changelogs, journals, notes (spec v2, item 5). Decided on the H1 alone, and only when
 * the H1 does not also name a plan.
 */
const RECORD_TITLE = /\b(?:capabilit(?:y|ies)|change\s?log|release\s+notes|journal|diary|(?:work|activity|update|progress|status)\s+log|status(?:\s+(?:report|update))?|progress\s+report|retrospective|retro|meeting\s+notes|notes|glossary|faq)\s*$/i;

/** The head of a title: the words before a subtitle or a trailing clause ("Meeting Notes — Sprint 4" → "Meeting Notes"). */
function titleHead(title: string): string {
  // A run of spaces is tried from its first space only (`(?<!\s)`), and "a parenthetical that
  // ends the title" is found without a look to the end from every `(`: both linear.
  let end = TITLE_BREAK.exec(title)?.index ?? title.length;
  if (title.endsWith(')')) {
    const lastBreak = Math.max(title.lastIndexOf('\n'), title.lastIndexOf('\r'), title.lastIndexOf('\u2028'), title.lastIndexOf('\u2029'));
    for (const m of title.slice(0, end).matchAll(/(?<!\s)\s+\(/g)) {
      if (m.index + m[0].length - 1 > lastBreak) {
        end = m.index;
        break;
      }
    }
  }
  return title.slice(0, end).trim();
}

/** Where a title's head ends: a dash, a colon or a joining word between spaces. */
const TITLE_BREAK = /(?<!\s)\s+[—–-]\s+|:\s+|(?<!\s)\s+(?:for|of|in|on|to|with|via|about)\s+/i;

/** An item that records when it was finished: "— completed 2026-02-07", "(shipped 2026-01-30)". */
const DONE_RECORD = /\b(?:completed|shipped|done|finished|released|merged)\b[^\n]{0,20}\b\d{4}-\d{2}-\d{2}\b/i;

/**
 * Decides whether a document is a plan (spec v2, "Documents"). A plan holds sequenced work
 * (stages, tasks, requirement IDs with tasks, or plan sections) and is named or shaped as one:
 *
 * - `planlint: true` / `planlint: false` in front matter decide outright;
 * - a prompt or skill definition (its opening addresses an assistant, or it has an invocation
 *   section) is not a plan, whatever its "Step N" headings;
 * - an H1 that names a record (capability log, status, changelog, notes) and no plan is not a plan;
 * - a title word (plan, roadmap, rollout, …) makes a plan only with sequenced work beside it;
 *   two or more stages, or requirement IDs with tasks, make a plan by themselves;
 * - a status index (every task checked, no stage heading, no plan section) is not a plan.
 *
 * @param e what the earlier passes found
 * @param vocab compiled vocabulary (plan title words of every language pack)
 */
export function classifyDocument(e: KindEvidence, vocab: VocabularyMatchers): KindVerdict {
  const flag = e.frontmatter.planlint;
  if (flag === true) return { isPlan: true, signals: ['front matter planlint: true'] };
  if (flag === false) return { isPlan: false, signals: ['front matter planlint: false'] };

  // A prompt has no checklist of its own work; a plan handed to an assistant ("As an AI assistant,
  // follow this plan…") or a plan that builds one ("## System Prompt") has one.
  const checklist = e.tasks.some((t) => t.checked !== null);
  const opening = e.opening.trim();
  const weak = PROMPT_OPENING_WEAK.test(opening) || e.headings.some((h) => PROMPT_HEADING.test(h.replace(/[*_`]/g, '').trim()));
  if (PROMPT_OPENING.test(opening) || (!checklist && weak)) {
    return { isPlan: false, signals: ['a prompt or skill definition (it addresses an assistant), not a plan'] };
  }
  // A record by its head noun only: "Order Status Webhooks" is a feature, "Weekly Status" a record.
  if (e.title !== undefined && RECORD_TITLE.test(titleHead(e.title)) && !vocab.planTitle.test(e.title)) {
    return { isPlan: false, signals: [`title "${e.title}" names a record, not a plan`] };
  }

  const stages = e.stageHeadings + e.stageRows;
  const work = stages > 0 || e.tasks.length > 0 || e.requirements > 0 || e.planSections > 0;
  const signals: string[] = [];
  const titleHit = e.topHeadings.find((t) => vocab.planTitle.test(t));
  if (titleHit && work) signals.push(`title "${titleHit}"`);
  if (stages >= 2) signals.push('two or more stages');
  if (e.requirements > 0 && e.tasks.length > 0) signals.push('requirements with tasks');
  if (signals.length === 0) {
    return { isPlan: false, signals: [titleHit ? `title "${titleHit}" alone, with no stage, task list, requirement IDs or plan section` : 'no plan title, stages or tasks'] };
  }
  // Mostly finished items with the dates they were done: a record of work, not a plan for it.
  if (e.stageHeadings === 0 && e.tasks.length > 0 && e.planSections === 0 && e.tasks.filter((t) => t.checked === true && DONE_RECORD.test(t.text)).length * 5 >= e.tasks.length * 4) {
    return { isPlan: false, signals: ['a status index: most items are checked off with the date they were done, and there is no stage or plan section'] };
  }
  return { isPlan: true, signals };
}

/** What {@link classify} reads from earlier passes. */
export interface KindInputs {
  root: Root;
  frontmatter: Record<string, unknown>;
  outline: Outline;
  stageHeadings: number;
  stageRows: number;
  tasks: readonly Task[];
  requirements: number;
  facts: FactMap;
  vocab: VocabularyMatchers;
}

/** Per vocabulary, its requirement-definition test and what it said of each task seen (a task of a section an edit left alone is the same object in the next analysis). */
const requirementTasks = new WeakMap<VocabularyMatchers, { test: RegExp; seen: WeakMap<Task, boolean> }>();

/** Whether task `t`'s text defines a requirement ("FR-001: …") rather than naming work. */
function definesRequirement(vocab: VocabularyMatchers, t: Task): boolean {
  let memo = requirementTasks.get(vocab);
  if (!memo) requirementTasks.set(vocab, (memo = { test: new RegExp(`^(?:${vocab.requirementId.source})\\s*(?:[:：.)]|\\s[—–-]\\s)`), seen: new WeakMap() }));
  let defines = memo.seen.get(t);
  // An ID has a digit: most tasks have none and skip the clean-up and the test.
  if (defines === undefined) memo.seen.set(t, (defines = DIGIT.test(t.text) && memo.test.test(t.text.replace(/[*_`]/g, '').trim())));
  return defines;
}

/**
 * Gathers the {@link KindEvidence} of a document from the earlier passes and classifies it.
 * Checklist items that define a requirement (`- [ ] **REQ-1**: …`) are requirements, not tasks.
 */
export function classify(input: KindInputs): { isPlan: boolean; planSignals: string[] } {
  const { outline, vocab, frontmatter } = input;
  const headings = outline.headings;
  const topDepth = Math.min(7, ...headings.map((h) => h.depth));
  // A parenthetical is a remark about the section, not its name: "Traceability (filled by roadmap)".
  const topHeadings = headings.filter((h) => h.depth === topDepth || (topDepth === 1 && h.depth === 2)).map((h) => replaceParenthesized(h.text, /\([^)]*\)/g, ' ').trim());
  if (typeof frontmatter.title === 'string') topHeadings.push(frontmatter.title);
  const tasks = input.tasks.filter((t) => !definesRequirement(vocab, t));
  const sectionHeadings = outline.locals.filter((l, i) => headings[i] !== outline.title && ['dod', 'tests', 'rollback', 'risks'].some((k) => l.kinds.has(k))).length;
  const opening = input.root.children.find((n) => n.type === 'paragraph');
  const verdict = classifyDocument(
    {
      frontmatter,
      title: outline.title?.text,
      topHeadings,
      headings: headings.map((h) => h.text),
      stageHeadings: input.stageHeadings,
      stageRows: input.stageRows,
      tasks,
      requirements: input.requirements,
      planSections: sectionHeadings + (input.facts.get('dod')?.length ?? 0),
      opening: opening ? plain(opening) : '',
    },
    vocab,
  );
  return { isPlan: verdict.isPlan, planSignals: verdict.signals };
}
