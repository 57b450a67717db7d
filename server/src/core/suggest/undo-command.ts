import type { Plan, Stage } from '../model/plan.js';
import { codeSegments, type CodeSegment } from './code.js';

/**
 * How a deploy or migration tool the plan uses is undone: the tool's forward command in the
 * plan's code (`helm upgrade api …`) and the undo command built from it (`helm rollback api`).
 */
interface UndoRule {
  tool: string;
  /** The forward command, in one code segment. */
  forward: RegExp;
  /** The undo step as Markdown (commands in backticks), from the forward match and all segments. */
  undo: (m: RegExpExecArray, segments: readonly CodeSegment[]) => string;
}

/** The first capture of `pattern` in any of `segments`. */
function firstCapture(segments: readonly CodeSegment[], pattern: RegExp): string | undefined {
  for (const s of segments) {
    const m = pattern.exec(s.text);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

/** The first word of `args` that is not a flag or a flag's value (`--install -n prod api ./chart` → `api`). */
function firstOperand(args: string): string | undefined {
  const words = args.trim().split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (/^--?[\w-]+=/.test(w) || w === '--install' || w === '--atomic' || w === '--wait') continue;
    if (/^-/.test(w)) {
      i++;
      continue;
    }
    return /^[\w.-]+$/.test(w) ? w : undefined;
  }
  return undefined;
}

const UNDO_RULES: readonly UndoRule[] = [
  {
    tool: 'Argo Rollouts',
    forward: /\bkubectl\s+argo\s+rollouts\s+(?:promote|set\s+image|deploy)\s+([\w.-]+)/,
    undo: (m) => `\`kubectl argo rollouts undo ${m[1]}\``,
  },
  {
    tool: 'Helm',
    forward: /\bhelm\s+(?:upgrade|install)\s+(.*)/,
    undo: (m) => `\`helm rollback ${firstOperand(m[1]!) ?? '<release>'}\``,
  },
  {
    tool: 'kubectl',
    forward: /\bkubectl\s+(?:-n\s+\S+\s+|--namespace[= ]\S+\s+)?(?:apply|set\s+image|rollout\s+(?:status|restart)|create\s+deployment|replace)\b/,
    undo: (_m, segments) => {
      const name = firstCapture(segments, /\b(?:deployments?|deploy)(?:\.apps)?[/\s]+([a-z0-9][\w.-]*)/);
      const ns = firstCapture(segments, /\bkubectl\s+(?:.*\s)?(?:-n|--namespace)[= ]([\w.-]+)/);
      return `\`kubectl rollout undo deployment/${name ?? '<name>'}${ns ? ` -n ${ns}` : ''}\``;
    },
  },
  {
    tool: 'Argo CD',
    forward: /\bargocd\s+app\s+sync\s+([\w.-]+)/,
    undo: (m) => `\`argocd app rollback ${m[1]}\``,
  },
  {
    tool: 'Heroku',
    forward: /\b(?:git\s+push\s+heroku|heroku\s+(?:releases|container:release|deploy))\b/,
    undo: () => '`heroku rollback`',
  },
  {
    tool: 'Vercel',
    forward: /\bvercel\s+(?:deploy\b|--prod\b|promote\b)/,
    undo: () => '`vercel rollback`',
  },
  {
    tool: 'Alembic',
    forward: /\balembic\s+upgrade\b/,
    undo: () => '`alembic downgrade -1`',
  },
  {
    tool: 'Prisma Migrate',
    forward: /\b((?:npx\s+|pnpm\s+|yarn\s+|bunx\s+)?)prisma\s+migrate\s+(?:deploy|dev)\b/,
    undo: (m) => `\`${m[1]}prisma db execute --file down.sql\`, then \`${m[1]}prisma migrate resolve --rolled-back <migration>\``,
  },
  {
    tool: 'Flyway',
    forward: /\bflyway\s+(?:\S+\s+)*?migrate\b/,
    undo: () => '`flyway undo`',
  },
  {
    tool: 'Liquibase',
    forward: /\bliquibase\s+(?:\S+\s+)*?update\b/,
    undo: () => '`liquibase rollback-count 1`',
  },
  {
    tool: 'Rails migrations',
    forward: /\b((?:bundle\s+exec\s+)?(?:bin\/)?(?:rails|rake))\s+db:migrate\b/,
    undo: (m) => `\`${m[1]} db:rollback\``,
  },
  {
    tool: 'Django migrations',
    forward: /\b((?:python3?\s+)?(?:\.\/)?manage\.py)\s+migrate\b(?:\s+([a-z_]\w*))?/,
    undo: (m) => `\`${m[1]} migrate ${m[2] ?? '<app>'} <previous_migration>\``,
  },
  {
    tool: 'Knex',
    forward: /\b((?:npx\s+)?knex)\s+migrate:(?:latest|up)\b/,
    undo: (m) => `\`${m[1]} migrate:rollback\``,
  },
  {
    tool: 'Sequelize',
    forward: /\b((?:npx\s+)?sequelize(?:-cli)?)\s+db:migrate\b(?!:)/,
    undo: (m) => `\`${m[1]} db:migrate:undo\``,
  },
  {
    tool: 'TypeORM',
    forward: /\b((?:npx\s+)?typeorm(?:-ts-node-\w+)?)\s+migration:run\b/,
    undo: (m) => `\`${m[1]} migration:revert\``,
  },
  {
    tool: 'golang-migrate',
    forward: /\b(migrate\s+(?:-\S+\s+\S+\s+)*)up\b/,
    undo: (m) => `\`${m[1]}down 1\``,
  },
  {
    tool: 'goose',
    forward: /\b(goose\s+(?:\S+\s+)*?)up\b/,
    undo: (m) => `\`${m[1]}down\``,
  },
  {
    tool: 'dbmate',
    forward: /\bdbmate\s+(?:\S+\s+)*?(?:up|migrate)\b/,
    undo: () => '`dbmate rollback`',
  },
];

/** A flag the plan names in code next to the word flag (`` the `new_checkout` flag ``, `` flag `beta-ui` ``). */
const NAMED_FLAG = /`([\w.:-]+)`\s+(?:feature\s+)?(?:flag|toggle)\b|\b(?:feature\s+)?(?:flag|toggle)\s+`([\w.:-]+)`/i;
/** A feature flag or kill switch named in prose. */
const ANY_FLAG = /\b(?:feature[\s-]+flags?|feature[\s-]+toggles?|behind\s+a\s+flag|kill[\s-]+switch)\b/i;

/** One way back the plan's own tools give. */
export interface UndoStep {
  /** The tool (`Helm`, `Alembic`, `feature flag`). */
  tool: string;
  /** The step as Markdown: `` `helm rollback api` ``, ``turn the `new_checkout` flag off``. */
  step: string;
}

/** The undo steps of the tools used in `segments` and `prose`, one per tool, in the order of {@link UNDO_RULES}. */
function undoStepsIn(segments: readonly CodeSegment[], prose: string): UndoStep[] {
  const out: UndoStep[] = [];
  const seen = new Set<string>();
  for (const rule of UNDO_RULES) {
    for (const s of segments) {
      const m = rule.forward.exec(s.text);
      if (!m || seen.has(rule.tool)) continue;
      // Argo Rollouts is kubectl's plugin: one way back, not two.
      if (rule.tool === 'kubectl' && seen.has('Argo Rollouts')) continue;
      seen.add(rule.tool);
      out.push({ tool: rule.tool, step: rule.undo(m, segments) });
    }
  }
  const flag = NAMED_FLAG.exec(prose);
  if (flag) out.push({ tool: 'feature flag', step: `turn the \`${flag[1] ?? flag[2]}\` flag off` });
  else if (ANY_FLAG.test(prose)) out.push({ tool: 'feature flag', step: 'turn the feature flag off' });
  return out;
}

/**
 * The undo steps for `stage` (or the whole plan): of the deploy and migration tools its own code
 * uses (`kubectl rollout undo`, `helm rollback`, `alembic downgrade -1`, `prisma migrate resolve
 * --rolled-back`, `flyway undo`, `rails db:rollback`…) and a feature flag it names; when the
 * stage uses none, those of the whole plan. Application steps come before schema steps.
 */
export function undoSteps(plan: Plan, stage?: Stage): UndoStep[] {
  if (stage && stage.source !== 'implicit') {
    const own = undoStepsIn(codeSegments(plan, stage.start, stage.end), plan.text.slice(stage.start, stage.end));
    if (own.length > 0) return own;
  }
  // The whole plan's steps, read once per plan however many stages ask (a plan is never changed).
  let steps = wholePlan.get(plan);
  if (!steps) wholePlan.set(plan, (steps = undoStepsIn(codeSegments(plan), plan.text)));
  return steps;
}

/** The undo steps of each plan analysed, by plan; a weak map lets a plan's entry go with it. */
const wholePlan = new WeakMap<Plan, UndoStep[]>();
