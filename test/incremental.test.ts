import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, defaultConfig, type Analysis } from '../server/src/core/index.js';
import { generatePlan, random } from '../server/src/tools/plan-generator.js';
import { corpusFiles, hasCorpus } from './helpers/corpus.js';

const config = defaultConfig();

/** Edits that change block structure across section boundaries, plus ordinary typing. */
const SNIPPETS = [
  '```', '```\n', '~~~\n', '````md\n', '<!--', '-->', '<!-- planlint-disable missing-dod -->\n', '<div>\n', '</div>\n',
  '| a | b |\n| --- | --- |\n', '| x | y |\n', '---\n', '---', '===\n', '\n', '\n\n', '# ', '## Stage 9: New\n', '### ',
  '- ', '- [ ] ', '- [x] ', '  ', '    ', '> ', '1. ', '[x]: https://example.com\n', '[x]', '<<<<<<< HEAD\n', '=======\n',
  '>>>>>>> other\n', 'FR-001', 'FR-999', 'T001 ', 'TODO', '**DoD:** done\n', 'Rollback: revert\n', 'x', ' ', 'Deploy to production\n',
  '\t', '\r\n', '<https://a.b>', '[^1]', '[^1]: note\n', '+++\n', 'title: x\n',
];

function edit(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  const r = rnd();
  if (r < 0.25 && text.length > 0) {
    const len = 1 + Math.floor(rnd() * Math.min(40, text.length - Math.min(at, text.length - 1)));
    return text.slice(0, at) + text.slice(at + len);
  }
  // Snap half of the insertions to a line start, where block syntax matters.
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const pos = r < 0.6 ? lineStart : at;
  return text.slice(0, pos) + SNIPPETS[Math.floor(rnd() * SNIPPETS.length)] + text.slice(pos);
}

/**
 * Everything an analysis says: the tree with positions, the model's findings and the score, and
 * the kind with its reasons (they count the tasks, whose requirement-definition test is kept for
 * the unchanged tasks of the next edit).
 */
function fingerprint(a: Analysis): string {
  return JSON.stringify({ root: a.document?.root, findings: a.findings, score: a.score, isPlan: a.isPlan, kind: a.kind, kindReason: a.kindReason, stages: a.plan?.stages.map((s) => [s.title, s.start, s.end, s.tasks.length]) });
}

function runEdits(start: string, edits: number, seed: number): number {
  const rnd = random(seed);
  let text = start;
  let previous = analyze(text, config, { force: true });
  let compared = 0;
  let before = text;
  for (let i = 0; i < edits; i++) {
    // One edit in six is undone: the sections it replaced come back from the previous version's spares.
    const undo = rnd() < 1 / 6;
    const next = undo ? before : edit(text, rnd);
    before = text;
    text = next;
    const incremental = analyze(text, config, { force: true, previous: previous.document });
    const full = analyze(text, config, { force: true });
    expect(fingerprint(incremental), `edit ${i} (seed ${seed})`).toBe(fingerprint(full));
    previous = incremental;
    compared++;
  }
  return compared;
}

describe('incremental analysis equals full analysis', () => {
  const examples = ['strong-plan.md', 'weak-plan.md'].map((f) => readFileSync(path.join(__dirname, '..', 'examples', f), 'utf8'));

  it.each([1, 2, 3, 4, 5, 6])('after 400 random structural edits of the example plans (seed %i)', (seed) => {
    expect(runEdits(examples[seed % 2]!, 400, seed)).toBe(400);
  });

  // Each edit of a long document is two analyses of all of it: the case counts bound the work
  // (seconds on an idle machine); the many short edits above cover the edit kinds.
  it('after 60 random edits of a generated 1,000-line plan', () => {
    expect(runEdits(generatePlan(1000, 3), 60, 42)).toBe(60);
  });

  it.skipIf(!hasCorpus)('after 40 random edits of each of three corpus plans', () => {
    const picks = corpusFiles().filter(([p]) => /seeds\/003|spec-kit__templates__tasks|sig-apps/.test(p));
    expect(picks).toHaveLength(3);
    for (const [i, [, text]] of picks.entries()) expect(runEdits(text, 40, 100 + i)).toBe(40);
  });

  it('reuses the sections an undone edit had replaced (a fence opened and closed again)', () => {
    const text = generatePlan(1000, 5);
    const first = analyze(text, config);
    const at = text.indexOf('## Phase 3');
    const opened = analyze(`${text.slice(0, at)}\`\`\`\n${text.slice(at)}`, config, { previous: first.document });
    const before = new Set(first.document!.sections.map((s) => s.nodes[0]));
    const closed = analyze(text, config, { previous: opened.document });
    const reused = closed.document!.sections.filter((s) => before.has(s.nodes[0])).length;
    expect(reused).toBe(closed.document!.sections.length);
    expect(JSON.stringify(closed.document!.root)).toBe(JSON.stringify(analyze(text, config).document!.root));
  });

  it('reuses the unchanged sections', () => {
    const text = generatePlan(1000, 5);
    const first = analyze(text, config);
    const before = new Set(first.document!.sections.map((s) => s.nodes[0]));
    const lineStart = text.indexOf('## Phase 3');
    const second = analyze(`${text.slice(0, lineStart)}Extra line.\n${text.slice(lineStart)}`, config, { previous: first.document });
    const reused = second.document!.sections.filter((s) => before.has(s.nodes[0])).length;
    expect(reused).toBe(second.document!.sections.length - 1);
  });
});
