import type { Heading } from './plan.js';

const PLAN_TITLE = /\b(?:plans?|planning|roadmap|rollout|runbook|migration|proposal|kep|tasks|spec|specification|rfc|enhancement)\b/i;

/** What {@link classify} reads: counts found by earlier passes. */
export interface PlanShape {
  frontmatter: Record<string, unknown>;
  headings: Heading[];
  /** Headings that name stages, nested ones included. */
  stageHeadings: number;
  /** Rows of stage tables. */
  tableStages: number;
  requirements: number;
  tasks: number;
}

/**
 * Whether the document is a plan, and why: front matter `planlint: true`, a plan word in a
 * top-level heading or the front matter title, two or more stages, or requirements with tasks.
 * Front matter `planlint: false` says it is not, whatever the signals.
 */
export function classify(shape: PlanShape): { isPlan: boolean; planSignals: string[] } {
  const { frontmatter, headings } = shape;
  const planSignals: string[] = [];
  const fmFlag = frontmatter.planlint;
  // "Top-level" headings: the H1s and the sections directly under them, or the shallowest level.
  const topDepth = Math.min(7, ...headings.map((h) => h.depth));
  const topHeadings = headings.filter((h) => h.depth === topDepth || (topDepth === 1 && h.depth === 2));
  const titles = [...topHeadings.map((h) => h.text), typeof frontmatter.title === 'string' ? frontmatter.title : undefined].filter(Boolean) as string[];
  if (fmFlag === true) planSignals.push('front matter planlint: true');
  const titleHit = titles.find((t) => PLAN_TITLE.test(t));
  if (titleHit) planSignals.push(`title "${titleHit}"`);
  if (shape.stageHeadings >= 2 || shape.tableStages >= 2) planSignals.push('two or more stages');
  const hasRequirements = shape.requirements > 0;
  if (hasRequirements && shape.tasks > 0) planSignals.push('requirements with tasks');
  const isPlan = fmFlag === false ? false : planSignals.length > 0;
  return { isPlan, planSignals };
}
