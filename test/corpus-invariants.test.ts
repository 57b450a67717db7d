import { existsSync, readFileSync } from 'node:fs';
import type { Root, RootContent } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis, type Finding } from '../server/src/core/index.js';
import { CORPUS, corpusFiles, hasCorpus, LABELS } from './helpers/corpus.js';

// Invariants of the contract (shared/spec/rules.md) checked on every real document of the corpus:
// content inside code and HTML comments is never read as plan prose, templates and non-plans get
// nothing but conflict markers, and the reviewers' document kinds hold.

const files = corpusFiles({ sets: true });
if (!hasCorpus) console.warn(`Corpus not found at ${CORPUS}; corpus invariant tests are skipped (set PLANLINT_CORPUS to run them).`);

/** Rules whose findings belong inside code or comments by contract: conflict markers are raw lines. */
const RAW_LINE_RULES = new Set(['merge-conflict-marker']);

/**
 * Findings that break the code-and-comment invariant today, as `path:line:rule` (path relative
 * to the corpus), each with the reason. Delete an entry once the engine no longer reports it;
 * the test fails on an entry that no longer occurs so that the list cannot go stale.
 */
const KNOWN_INSIDE_CODE: Record<string, string> = {};

/** The path given to `analyze`: relative to `shared/`, so that only the corpus's own folders and names can say `template`. */
const sharedPath = (rel: string) => `corpus/${rel}`;

const analyses = new Map<string, Analysis>();
/** The analysis of corpus file `rel`, computed once per file for all the tests below. */
function analysisOf(rel: string, text: string): Analysis {
  let a = analyses.get(rel);
  if (!a) analyses.set(rel, (a = analyze(text, undefined, { path: sharedPath(rel) })));
  return a;
}

type Region = { kind: 'code' | 'inlineCode' | 'comment'; start: number; end: number };

/**
 * Offsets `[start, end)` of fenced and indented code, inline code and `<!-- … -->` comments, from
 * a whole-document remark parse of `text`, independent of planlint's own parse and model.
 */
function codeAndCommentRegions(text: string): Region[] {
  const root = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).parse(text) as Root;
  const regions: Region[] = [];
  const walk = (n: RootContent | Root) => {
    const start = n.position?.start.offset;
    const end = n.position?.end.offset;
    if (start !== undefined && end !== undefined) {
      if (n.type === 'code' || n.type === 'inlineCode') regions.push({ kind: n.type, start, end });
      if (n.type === 'html') {
        // The source slice, not `value`: inside block quotes and list items `value` drops the container prefixes.
        for (const m of text.slice(start, end).matchAll(/<!--[\s\S]*?(?:-->|$)/g)) regions.push({ kind: 'comment', start: start + m.index, end: start + m.index + m[0].length });
      }
    }
    if ('children' in n) for (const c of n.children) walk(c as RootContent);
  };
  walk(root);
  return regions;
}

/**
 * True when finding `f` starts or ends inside region `r`. A finding may end where a region ends
 * (a heading line that ends in a comment) and may start on the opening backtick of inline code
 * that begins a line of prose; it may not start on a code fence or a comment opener.
 */
function startsOrEndsInside(f: Finding, r: Region): boolean {
  const s = f.span.start.offset;
  const e = f.span.end.offset;
  const startsInside = r.kind === 'inlineCode' ? r.start < s && s < r.end : r.start <= s && s < r.end;
  return startsInside || (r.start < e && e < r.end);
}

const key = (rel: string, f: Finding) => `${rel}:${f.span.start.line}:${f.ruleId}`;

describe.skipIf(!hasCorpus)('corpus invariants', () => {
  it('reads the seeds, the public plans and the plan sets, hidden folders included', () => {
    for (const dir of ['seeds/', 'public/', 'sets/']) expect(files.some(([p]) => p.startsWith(dir)), dir).toBe(true);
    expect(files.some(([p]) => p.includes('/.kiro/'))).toBe(true);
    expect(files.some(([p]) => /(^|\/)(SOURCES|README)\.md$/.test(p) && p.split('/').length === 2)).toBe(false);
  });

  it.each(files)('%s: no finding starts or ends inside code, inline code or an HTML comment', (rel, text) => {
    const regions = codeAndCommentRegions(text);
    const inside = analysisOf(rel, text)
      .findings.filter((f) => !RAW_LINE_RULES.has(f.ruleId))
      .flatMap((f) => regions.filter((r) => startsOrEndsInside(f, r)).map((r) => `${key(rel, f)} (${r.kind} at ${text.slice(0, r.start).split('\n').length})`));
    expect(inside.filter((v) => !(v.slice(0, v.indexOf(' (')) in KNOWN_INSIDE_CODE))).toEqual([]);
  });

  it('every known violation of the code-and-comment invariant still occurs', () => {
    const byPath = new Map(files);
    for (const entry of Object.keys(KNOWN_INSIDE_CODE)) {
      const [rel, line, rule] = entry.split(':') as [string, string, string];
      const text = byPath.get(rel);
      expect(text, `${entry}: no such corpus file`).toBeDefined();
      const regions = codeAndCommentRegions(text!);
      const still = analysisOf(rel, text!).findings.some((f) => f.ruleId === rule && f.span.start.line === Number(line) && regions.some((r) => startsOrEndsInside(f, r)));
      expect(still, `${entry} no longer occurs; delete it from KNOWN_INSIDE_CODE`).toBe(true);
    }
  });

  it.each(files)('%s: a template or a document that is not a plan gets only conflict markers and no score', (rel, text) => {
    const a = analysisOf(rel, text);
    if (a.kind === 'plan') return;
    expect(a.isPlan).toBe(false);
    expect(a.findings.filter((f) => !RAW_LINE_RULES.has(f.ruleId)).map((f) => key(rel, f))).toEqual([]);
    expect(a.score).toBeUndefined();
  });

  it('the corpus holds templates and documents that are not plans, so the invariant above is not vacuous', () => {
    const kinds = new Set(files.map(([rel, text]) => analysisOf(rel, text).kind));
    expect(kinds).toEqual(new Set(['plan', 'template', 'not-a-plan']));
  });

  const labels: Record<string, { kind?: string }> = existsSync(LABELS) ? JSON.parse(readFileSync(LABELS, 'utf8')) : {};
  const labelled = Object.entries(labels)
    .filter(([k]) => !k.startsWith('_'))
    .map(([k, v]) => [k, v.kind ?? 'plan'] as [string, string]);

  it.skipIf(labelled.length === 0).each(labelled)('%s is a %s, as the reviewers label it', (shared, kind) => {
    const rel = shared.replace(/^corpus\//, '');
    const text = files.find(([p]) => p === rel)?.[1];
    expect(text, `${shared} is labelled but not in the corpus`).toBeDefined();
    const a = analysisOf(rel, text!);
    expect(`${a.kind} (${a.kindReason})`).toMatch(new RegExp(`^${kind} \\(`));
  });
});
