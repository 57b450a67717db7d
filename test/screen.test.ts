import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../server/src/core/index.js';
import { cannotBePlan } from '../server/src/core/screen.js';
import { compileVocabulary, defaultVocabulary } from '../server/src/core/vocabulary.js';
import { corpusFiles, markdownUnder } from './helpers/corpus.js';
import { FIXTURES } from './helpers/fixtures.js';

// The quick screen (core/screen.ts) may skip a document's parse only when the full analysis
// would find no plan in it and report nothing: checked on every real document at hand.

const vocab = compileVocabulary(defaultVocabulary);


/** The screened and the full analysis of `text` at `file`, as what the CLI reports. */
function both(text: string, file: string) {
  const screened = analyze(text, undefined, { path: file, screen: true });
  const full = analyze(text, undefined, { path: file });
  const report = (a: typeof full) => ({ kind: a.kind, isPlan: a.isPlan, findings: a.findings.map((f) => `${f.ruleId}:${f.span.start.line}`), score: a.score?.total });
  return { skipped: screened.plan === undefined, screened: report(screened), full: report(full) };
}

describe('quick screen of documents that cannot be plans', () => {
  const documents: Array<[string, string]> = [
    ...corpusFiles({ sets: true }).map(([rel, text]): [string, string] => [`corpus/${rel}`, text]),
    ...markdownUnder(FIXTURES, 2_000).map((f): [string, string] => [path.relative(FIXTURES, f), readFileSync(f, 'utf8')]),
    // Real Markdown that is mostly not plans: the READMEs and changelogs of the dependencies.
    ...markdownUnder(path.join(__dirname, '..', 'node_modules'), 400).map((f): [string, string] => [f, readFileSync(f, 'utf8')]),
  ];

  it('skips only documents whose full analysis is not a plan and has no findings', () => {
    const wrong: string[] = [];
    let skipped = 0;
    for (const [file, text] of documents) {
      const r = both(text, file);
      if (!r.skipped) continue;
      skipped++;
      if (JSON.stringify(r.screened) !== JSON.stringify(r.full)) wrong.push(`${file}: screened ${JSON.stringify(r.screened)}, full ${JSON.stringify(r.full)}`);
    }
    expect(wrong).toEqual([]);
    // The screen earns its place: most of the dependencies' Markdown is skipped.
    expect(skipped).toBeGreaterThan(documents.length / 4);
  });

  it.each([
    ['a setext plan title', 'Rollout plan\n============\n\n- do it\n'],
    ['a setext stage heading', 'Intro\n\nPhase 1: build\n---\n\nwork\n\nPhase 2: ship\n---\n'],
    ['a multi-line setext heading', 'Some words\nPhase 2: ship\n---\n'],
    ['a heading in a list item', '- ## Phase 1: build\n'],
    ['a stage named through a character reference', '## Ph&#97;se 1: build\n## Ph&#97;se 2: ship\n'],
    ['a stage named in a link', '## [Phase 1](#x): build\n## [Phase 2](#y): ship\n'],
    ['a stage named around inline HTML', '## <span>Phase</span> 1: build\n'],
    ['an escaped stage word', '## Pha\\se 1\n'],
    ['a stage parent', '## Phases\n\n### 1. Build\n\n### 2. Ship\n'],
    ['a stage table', '| Stage | Owner |\n| --- | --- |\n| Build | Ann |\n'],
    ['a task list item', '# Notes\n\n- [ ] write it\n'],
    ['a task ID', '# Notes\n\n- T001 write it\n'],
    ['front matter', '---\nplanlint: true\n---\n# Notes\n'],
    ['a conflict marker', '# Notes\n\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n'],
    ['a suppression comment', '# Notes\n\n<!-- planlint-disable-next-line unknown-rule -->\ntext\n'],
    ['a heading with a plan word', '# Migration guide\n\ntext\n'],
  ])('looks closer at %s', (_, text) => {
    expect(cannotBePlan(text, vocab)).toBe(false);
  });

  it('skips a README with no plan signal, and a template path keeps its kind', () => {
    const readme = '# fast-thing\n\nA small library.\n\n## Install\n\n```sh\nnpm i fast-thing\n```\n\n## Usage\n\n| Option | Description |\n| --- | --- |\n| `a` | b |\n';
    expect(cannotBePlan(readme, vocab)).toBe(true);
    expect(both(readme, 'README.md')).toEqual({ skipped: true, screened: both(readme, 'README.md').full, full: { kind: 'not-a-plan', isPlan: false, findings: [], score: undefined } });
    expect(both(readme, 'templates/README.md').screened.kind).toBe('template');
    expect(both(readme, 'templates/README.md').full.kind).toBe('template');
  });

  it('never screens a forced analysis', () => {
    const readme = '# fast-thing\n\nA small library.\n';
    expect(analyze(readme, undefined, { screen: true, force: true }).plan).toBeDefined();
  });

  it('reads the vocabulary of the configuration: an extended stage word is looked at', () => {
    const text = '## Leg 1: build\n\n## Leg 2: ship\n';
    expect(cannotBePlan(text, vocab)).toBe(true);
    const extended = compileVocabulary({ ...defaultVocabulary, stage: [...defaultVocabulary.stage, 'leg'] });
    expect(cannotBePlan(text, extended)).toBe(false);
  });
});
