import { describe, expect, it } from 'vitest';
import { analyze, defaultConfig, isTemplatePath } from '../server/src/core/index.js';

/** The kind planlint gives `text` (at `path`, when given), and whether plan rules ran. */
const kindOf = (text: string, path?: string) => {
  const a = analyze(text, defaultConfig(), path === undefined ? {} : { path });
  return { kind: a.kind, isPlan: a.isPlan, reason: a.kindReason, rules: [...new Set(a.findings.map((f) => f.ruleId))] };
};

const STAGED = ['# Rollout plan: search', '', '## Stage 1: Index', '', '- [ ] Build the index', '', '## Stage 2: Deploy to production', '', '- [ ] Deploy'].join('\n');

describe('document kinds (spec v2, "Documents")', () => {
  it('reads a titled plan with stages as a plan', () => {
    expect(kindOf(STAGED)).toMatchObject({ kind: 'plan', isPlan: true });
  });

  it('reads templates from the path or front matter, and lints them only when asked', () => {
    for (const p of ['specs/plan-template.md', 'templates/tasks.md', 'keps/NNNN-kep-template/README.md', 'guidelines/enhancement_template.md', 'C:\\docs\\Templates\\plan.md']) {
      expect(isTemplatePath(p), p).toBe(true);
      expect(kindOf(STAGED, p)).toMatchObject({ kind: 'template', isPlan: false, rules: [] });
    }
    for (const p of ['docs/plans/contemplate.md', 'specs/001-templating/plan.md']) expect(isTemplatePath(p), p).toBe(false);
    expect(kindOf(`---\ntemplate: true\n---\n${STAGED}`)).toMatchObject({ kind: 'template', isPlan: false });
    expect(kindOf(`---\nplanlint: true\n---\n${STAGED}`, 'templates/plan.md')).toMatchObject({ kind: 'plan', isPlan: true });
    expect(analyze(STAGED, defaultConfig(), { path: 'plan-template.md', force: true })).toMatchObject({ kind: 'template', isPlan: true });
  });

  it('does not make a plan of a title word alone', () => {
    const stub = '# Implementation Plan: Fast path\n\n**Size**: simple. The real design lives in the spec.\n\nSee [spec](./spec.md).\n';
    expect(kindOf(stub)).toMatchObject({ kind: 'not-a-plan', isPlan: false });
    expect(kindOf(`${stub}\n- [ ] Write the parser\n`)).toMatchObject({ kind: 'plan' });
  });

  it('does not read prompts and skill definitions as plans, whatever their Step headings', () => {
    const prompt = ['# Plan out tasks', '', 'You are tasked with creating implementation plans.', '', '## Step 1: Gather context', '', 'Read the ticket.', '', '## Step 2: Draft phases', '', 'Write phases.'].join('\n');
    expect(kindOf(prompt)).toMatchObject({ kind: 'not-a-plan' });
    const skill = ['# Skill Plan: `make-package`', '', 'Guides users through making a package.', '', '## Skill Invocation', '', '`/make-package`', '', '### Stage 1: Gather inputs', '', 'Ask.', '', '### Stage 2: Generate', '', 'Write.'].join('\n');
    expect(kindOf(skill)).toMatchObject({ kind: 'not-a-plan' });
    // A plan to build an agent, or a runbook that speaks to its reader, is still a plan.
    const agentPlan = ['# Implementation plan: triage agent', '', 'An AI agent that triages new GitHub issues.', '', '## Phase 1: Classifier', '', '- [ ] Label issues by area', '', '## Phase 2: Deploy', '', '- [ ] Deploy the bot'].join('\n');
    expect(kindOf(agentPlan)).toMatchObject({ kind: 'plan' });
    const runbook = ['# Rollout runbook', '', 'You are the on-call engineer for this rollout.', '', '## Step 1: Drain traffic', '', '- [ ] Drain node A', '', '## Step 2: Upgrade', '', '- [ ] Upgrade node A'].join('\n');
    expect(kindOf(runbook)).toMatchObject({ kind: 'plan' });
    // A plan handed to an assistant, or one that builds a prompt, has a checklist of its own work.
    const handed = ['# Migrate payments DB to Aurora', '', 'As an AI assistant working on this repo, follow this plan phase by phase.', '', '## Phase 1: Prepare', '', '- [ ] Snapshot the instance', '', '## Phase 2: Cut over', '', '- [ ] Switch the write endpoint'].join('\n');
    expect(kindOf(handed)).toMatchObject({ kind: 'plan' });
    const builds = ['# Implementation plan: recipe chatbot', '', '## System Prompt', '', 'Versioned in `prompts/recipe.md`.', '', '## Phase 1: Retrieval', '', '- [ ] Build embeddings', '', '## Phase 2: Chat API', '', '- [ ] Stream answers'].join('\n');
    expect(kindOf(builds)).toMatchObject({ kind: 'plan' });
  });

  it('does not read records (capability logs, status indexes) as plans, but reports their conflict markers', () => {
    const log = ['# Tech Lead Day Capabilities', '', '<<<<<<< HEAD', '## Day 1 · Planning basics', '', '**Status:** ✅ MASTERED', '=======', '## Day 2 · Structured output', '>>>>>>> other', ''].join('\n');
    expect(kindOf(log)).toMatchObject({ kind: 'not-a-plan', isPlan: false, rules: ['merge-conflict-marker'] });
    const index = ['# Roadmap: Agents', '', '## Milestones', '', '- [x] Phase 1: Branding (3 plans) — completed 2026-01-29', '- [x] Phase 2: CI (3 plans) — completed 2026-01-30', ''].join('\n');
    expect(kindOf(index)).toMatchObject({ kind: 'not-a-plan' });
    expect(kindOf(`${index}- [x] Phase 3: Dark mode — done 2026-02-01\n- [x] Phase 4: SSO — shipped 2026-02-03\n- [ ] Usage-based pricing (Q4)\n`)).toMatchObject({ kind: 'not-a-plan' });
    // A record word that is not the title's head noun names a feature: still a plan.
    for (const title of ['Order Status Webhooks', 'Release Notes Automation', 'Notes Sync for the Desktop App']) {
      expect(kindOf([`# ${title}`, '', '## Phase 1: Data model', '', '- [ ] Add the table', '', '## Phase 2: API', '', '- [ ] Add the endpoint'].join('\n')), title).toMatchObject({ kind: 'plan' });
    }
    expect(kindOf(['# Meeting Notes — Sprint 4', '', '## Phase 1: Recap', '', '- Shipped search', '', '## Phase 2: Next', '', '- Billing'].join('\n'))).toMatchObject({ kind: 'not-a-plan' });
    // A finished task list without dates is still a plan (a completed Kiro tasks.md).
    expect(kindOf(['# Implementation Plan', '', '- [x] 1. Set up the module', '- [x] 2. Write the service', ''].join('\n'))).toMatchObject({ kind: 'plan' });
  });

  it('reads checklist items that define requirements as requirements, not tasks', () => {
    const backlog = ['# Requirements — Cleanup (M9)', '', '## Active requirements', '', '- [ ] **REQ-TEST-01**: Re-enable the idempotency test.', '- [ ] **REQ-DEBT-01**: Halve the console baseline.', '', '## Traceability (filled by roadmap)', '', '| Requirement | Phase |', '|---|---|', '| REQ-TEST-01 | TBD |'].join('\n');
    expect(kindOf(backlog)).toMatchObject({ kind: 'not-a-plan' });
  });
});
