import type { Root, RootContent } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { analyze, parseDocument } from '../server/src/core/index.js';
import { CORPUS, corpusFiles, hasCorpus } from './helpers/corpus.js';

const files = corpusFiles();
if (!hasCorpus) console.warn(`Corpus not found at ${CORPUS}; corpus tests are skipped (set PLANLINT_CORPUS to run them).`);

const fullParse = (text: string) => unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).parse(text) as Root;

/** Lines (1-based) inside fenced or indented code, as a whole-document CommonMark parse sees them. */
function codeLines(text: string): Set<number> {
  const lines = new Set<number>();
  const walk = (n: RootContent | Root) => {
    if (n.type === 'code' && n.position) for (let l = n.position.start.line; l <= n.position.end.line; l++) lines.add(l);
    if ('children' in n) for (const c of n.children) walk(c as RootContent);
  };
  walk(fullParse(text));
  return lines;
}

const file = (name: string) => files.find(([p]) => p.endsWith(name))?.[1];

describe.skipIf(!hasCorpus)('corpus', () => {
  it('has the seeds and the 57 public plans', () => {
    expect(files.filter(([p]) => p.startsWith('public/')).length).toBe(57);
    expect(files.filter(([p]) => p.startsWith('seeds/')).length).toBe(5);
  });

  it.each(files)('%s is analyzed without a crash or a contained failure', (_p, text) => {
    const result = analyze(text);
    expect(result.problems).toEqual([]);
    for (const f of result.findings) {
      expect(f.span.start.line).toBeGreaterThanOrEqual(1);
      expect(f.message).toMatch(/; expected /);
    }
  });

  it.each(files)('%s: the section-wise parse gives the whole-document tree', (_p, text) => {
    const strip = (n: unknown): unknown =>
      Array.isArray(n) ? n.map(strip) : n && typeof n === 'object' ? Object.fromEntries(Object.entries(n).filter(([k]) => k !== 'position').map(([k, v]) => [k, strip(v)])) : n;
    const offsets = (root: Root) => root.children.map((c) => [c.type, c.position?.start.offset, c.position?.end.offset]);
    const whole = fullParse(text);
    // Sections whole, and each section cut into pieces at every chunk break.
    for (const ours of [parseDocument(text).root, parseDocument(text, undefined, 0).root]) {
      expect(offsets(ours)).toEqual(offsets(whole));
      expect(strip(ours.children)).toEqual(strip(whole.children));
    }
  });

  it('seed 000 has exactly three merge-conflict markers', () => {
    const result = analyze(file('000_450c9cc4e5475e26.md')!);
    expect(result.findings.filter((f) => f.ruleId === 'merge-conflict-marker').map((f) => f.span.start.line)).toEqual([3, 50, 266]);
  });

  it('seed 002 is an article, not a plan: no findings, no score', () => {
    const result = analyze(file('002_a097ff7549867094.md')!);
    expect(result.isPlan).toBe(false);
    expect(result.findings).toEqual([]);
    expect(result.score).toBeUndefined();
  });

  it('seed 003: nothing inside its code fences (as CommonMark nests them) produces a finding', () => {
    const text = file('003_ceb903a5f3b4abba.md')!;
    const code = codeLines(text);
    expect(code.size).toBeGreaterThan(300);
    const result = analyze(text, undefined, { force: true });
    expect(result.findings.filter((f) => code.has(f.span.start.line)).map((f) => `${f.span.start.line}:${f.ruleId}`)).toEqual([]);
  });
});
