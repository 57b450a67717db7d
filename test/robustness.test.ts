/**
 * Hostile and broken input: nodes the parser leaves without a position, deep nesting, a model
 * pass that throws, and where fixes insert text (trailing spaces, missing final newline, lone
 * CRs, unclosed fences and comments, conflict hunks). The minimal inputs the property tests
 * (test/property-*.test.ts) found are kept here by name.
 */
import type { Nodes } from 'mdast';
import { describe, expect, it } from 'vitest';
import { analyze, applyEdits, defaultConfig, parseDocument, selectEdits } from '../server/src/core/index.js';
import { buildPlan } from '../server/src/core/model/build.js';
import { MAX_NESTING } from '../server/src/core/parse.js';
import { longOpenBracket } from '../server/src/core/open-brackets.js';
import { compileVocabulary } from '../server/src/core/vocabulary.js';

const config = defaultConfig();

/** Every node of the document's tree. */
function nodes(text: string): Nodes[] {
  const out: Nodes[] = [];
  const stack: Nodes[] = [parseDocument(text).root];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    if ('children' in n) stack.push(...(n.children as Nodes[]));
  }
  return out;
}

describe('nodes without a position', () => {
  it.each([
    ['a line ending in www.', '# Plan\n\n## Stage 1: Deploy\n\nSee www.\n\n- [ ] deploy to prod\n'],
    ['the 10 bytes [http://f.', '[http://f.'],
    ['a bracketed URL', '# Plan\n\n## Stage 1: Deploy\n\nSee [https://example.com]\n'],
    ['a bracketed e-mail address', '# Plan\n\nMail [ops@example.com] or a@b.co\\_x.\n'],
  ])('%s: every node gets one and the document is analyzed', (_name, text) => {
    for (const n of nodes(text)) {
      expect(n.position, n.type).toBeDefined();
      expect(n.position!.start.offset!).toBeLessThanOrEqual(n.position!.end.offset!);
      expect(n.position!.end.offset!).toBeLessThanOrEqual(text.length);
    }
    const a = analyze(text, config, { force: true });
    expect(a.problems).toEqual([]);
    expect(a.plan).toBeDefined();
  });

  it('an autolink literal spans its own text', () => {
    const text = '# Plan\n\nSee www.example.com and [https://a.io].\n';
    const links = nodes(text).filter((n) => n.type === 'link').sort((a, b) => a.position!.start.offset! - b.position!.start.offset!);
    expect(links.map((l) => text.slice(l.position!.start.offset, l.position!.end.offset))).toEqual(['www.example.com', 'https://a.io']);
  });

  it('a byte order mark counts in positions, before front matter too (found by fuzzing)', () => {
    const heading = parseDocument('\uFEFF\r\n\u0000---\ntitle: x\n---\n\n# A\n').root.children[0]!;
    expect(heading.position!.start).toEqual({ line: 2, column: 1, offset: 3 });
    const twice = parseDocument('\uFEFF\uFEFF# A\n\nText\n').root.children;
    expect(twice.map((n) => [n.type, n.position!.start.offset])).toEqual([['paragraph', 1], ['paragraph', 7]]);
    const withFrontMatter = parseDocument('\uFEFF---\n# not a heading\ntitle: x\n---\n# A\n').root.children;
    expect(withFrontMatter.map((n) => [n.type, n.position!.start.offset])).toEqual([['yaml', 1], ['heading', 34]]);
  });

  it('the www. plan keeps its findings', () => {
    const a = analyze('# Plan\n\n## Stage 1: Deploy\n\nSee www.\n\n- [ ] deploy to prod\n', config, { force: true });
    expect(a.findings.map((f) => `${f.span.start.line}:${f.ruleId}`)).toEqual(['1:missing-risks', '1:missing-rollback', '3:missing-dod', '3:missing-health-check']);
  });
});

describe('deep nesting', () => {
  it.each([
    ['10,000 nested list items', `${'- '.repeat(10_000)}deep`],
    ['10,000 nested block quotes', `${'>'.repeat(10_000)} deep`],
    ['3,000 nested ordered items', `${'1. '.repeat(3_000)}deep`],
  ])('%s: analyzed with the deep part read as text and one information problem', (_name, deep) => {
    const text = `# Plan\n\n## Stage 1: Deploy to production\n\n${deep}\n\n- [ ] ship it\n`;
    const a = analyze(text, config, { force: true });
    expect(a.problems).toEqual([{ ruleId: undefined, severity: 'info', line: 5, message: `Part of the document was not analyzed: nesting deeper than ${MAX_NESTING} levels on line 5 was read as plain text` }]);
    expect(a.findings.map((f) => `${f.span.start.line}:${f.ruleId}`)).toContain('3:missing-dod');
  });

  it('a byte order mark before the deep line does not hide its markers (found by fuzzing)', () => {
    const a = analyze(`\uFEFF${'1. '.repeat(3_000)}deep\n\n# Plan\n`, config, { force: true });
    expect(a.problems).toEqual([{ ruleId: undefined, severity: 'info', line: 1, message: `Part of the document was not analyzed: nesting deeper than ${MAX_NESTING} levels on line 1 was read as plain text` }]);
  });

  it('nesting up to the limit is parsed as written', () => {
    const text = `# Plan\n\n${'>'.repeat(MAX_NESTING)} deep\n`;
    expect(analyze(text, config, { force: true }).problems).toEqual([]);
    expect(nodes(text).filter((n) => n.type === 'blockquote')).toHaveLength(MAX_NESTING);
  });
});

describe('a "[" left open over a long paragraph', () => {
  it('finds the first bracket open past the limit, counting pairs, escapes and paragraphs', () => {
    expect(longOpenBracket(`a [b] c [${'x'.repeat(20)}`, 10)).toBe(8);
    expect(longOpenBracket(`[[x]${'y'.repeat(20)}`, 10)).toBe(0);
    expect(longOpenBracket(`[${'y'.repeat(20)}]`, 30)).toBe(-1);
    expect(longOpenBracket(`\\[${'y'.repeat(20)}`, 10)).toBe(-1);
    expect(longOpenBracket(`[a\n\n${'y'.repeat(20)}`, 10)).toBe(-1);
  });

  it('1 MiB of words after "![" is analysed, with bare URLs read as text and an information problem (found by fuzzing: it ran for hours)', () => {
    const text = `# Plan\n\n![Kuber${'lorem ipsum '.repeat(87_382)}\nsee www.example.com\n`;
    const result = analyze(text, undefined, { force: true });
    expect(result.problems.map((p) => [p.severity, p.message])).toEqual([['info', expect.stringMatching(/bare URLs .* line 3 stays open for more than 8192 characters/)]]);
    expect(result.findings.every((f) => f.span.end.offset <= text.length)).toBe(true);
  });

  it('a bracket closed within the limit keeps autolink literals', () => {
    const tree = parseDocument(`[see www.example.com ${'word '.repeat(100)}]\n`).root;
    expect(JSON.stringify(tree)).toContain('"url":"http://www.example.com"');
  });
});

describe('a model pass that throws', () => {
  it('is skipped for the document with one problem naming it; rules still report', () => {
    const text = '# Plan\n\n## Stage 1: Deploy to production\n\n- [ ] ship it\n';
    // A tree node whose depth cannot be read: the outline pass throws on it.
    const broken = parseDocument(text);
    const heading = broken.sections[1]!.nodes[0]!;
    Object.defineProperty(heading, 'depth', { get: () => { throw new Error('unreadable depth'); } });
    const a = analyze(text, config, { force: true, previous: broken });
    expect(a.problems).toEqual([{ ruleId: undefined, pass: 'outline', message: 'Model pass "outline" failed and was skipped: unreadable depth' }]);
    expect(a.plan).toBeDefined();
    expect(a.findings.length).toBeGreaterThan(0);
  });

  it('buildPlan reports each failing pass and still returns a plan', () => {
    const doc = parseDocument('# Plan\n\n## Stage 1\n');
    Object.defineProperty(doc, 'sections', { get: () => { throw new Error('no sections'); } });
    const failed: string[] = [];
    const plan = buildPlan(doc, compileVocabulary(config.vocabulary), (pass) => failed.push(pass));
    expect(failed).toEqual(['section walk']);
    expect(plan.headings.map((h) => h.text)).toEqual(['Plan', 'Stage 1']);
  });
});

describe('where suggestions insert', () => {
  /** `text` with the first suggestion of every finding applied, as an author accepts them one by one. */
  const suggest = (text: string, only: string[] | undefined = ['missing-dod']) => {
    const a = analyze(text, config, { force: true, ...(only ? { only } : {}) });
    return applyEdits(text, selectEdits(a.findings, (f) => f.suggestions?.[0]).edits).text;
  };

  it('keeps a hard break (two trailing spaces) on its line', () => {
    const text = '# Plan\n\n## Stage 1: Build\n\nBuild it,  \nthen ship it.  \n\n## Stage 2: Ship\n\nShip it.  \n';
    const fixed = suggest(text);
    expect(fixed).toContain('then ship it.  \n\n### Definition of Done');
    expect(fixed).toContain('Ship it.  \n\n### Definition of Done');
  });

  it('keeps the last line of a file without a final newline, trailing spaces included', () => {
    const text = '# Plan\n\n## Stage 1: Build\n\nBuild it.  ';
    expect(suggest(text)).toBe('# Plan\n\n## Stage 1: Build\n\nBuild it.  \n\n### Definition of Done\n\n- [ ] TBD\n');
  });

  it.each([
    ['an unclosed code fence', '# Plan\n\n## Stage 1: Build\n\n```bash\nmake\n'],
    ['an unclosed HTML comment', '# Plan\n\n## Stage 1: Build\n\n<!--\nnotes\n'],
    ['unclosed front matter, then an unclosed fence (found by fuzzing)', '---\ntitle: x\n# Plan: rollout\n\n```\n'],
    ['an unclosed fence after lone CRs', '# Plan\r\r## Stage 1: Build\r\r```\rmake\r'],
  ])('offers no suggestion when the insertion point is inside %s', (_name, text) => {
    const a = analyze(text, config, { force: true });
    expect(a.findings.filter((f) => f.fix || f.suggestions)).toEqual([]);
  });

  it('does not join a lone CR before the insert into a CRLF (found by fuzzing)', () => {
    const text = '# Sprint 5 Day-by-Day Action Plan (Production Optimization & Advanced Features)\n\n#\r';
    const fixed = suggest(text);
    expect(fixed.startsWith(text)).toBe(true);
    expect(fixed.slice(text.length).startsWith('\r')).toBe(true);
    expect(fixed).not.toContain('\r\n');
  });

  it('inserts before an indented heading that ends the stage, and the result offers no second insert (found by fuzzing)', () => {
    const text = '# Plan\n\n### Stage 1: Build\n- **Entry Criteria**:\n # Next part\n\nMore.\n';
    const once = suggest(text);
    expect(once).toBe('# Plan\n\n### Stage 1: Build\n- **Entry Criteria**:\n\n#### Definition of Done\n\n- [ ] TBD\n\n # Next part\n\nMore.\n');
    expect(suggest(once)).toBe(once);
  });

  it('uses CR line endings in a CR-only document', () => {
    const text = '# Plan\r\r## Stage 1: Build\r\rBuild it.\r';
    const fixed = suggest(text);
    expect(fixed).not.toContain('\n');
    expect(fixed.startsWith(text)).toBe(true);
  });

  it('orders inserts at one offset by position and rule, whatever the order of the findings, and a second application adds nothing', () => {
    const text = '# Plan\n\n## Stage 1: Deploy to production\n\n- [ ] ship it with `helm upgrade web ./chart`\n';
    const a = analyze(text, config, { force: true });
    const once = applyEdits(text, selectEdits(a.findings, (f) => f.suggestions?.[0]).edits).text;
    expect(applyEdits(text, selectEdits([...a.findings].reverse(), (f) => f.suggestions?.[0]).edits).text).toBe(once);
    const headings = once.split('\n').filter((l) => l.startsWith('#'));
    // The stage's own subsections before the plan-level sections inserted at the same place.
    expect(headings).toEqual(['# Plan', '## Stage 1: Deploy to production', '### Definition of Done', '## Risks', '## Rollback']);
    expect(suggest(once, undefined)).toBe(once);
  });

  it('inserts before the thematic break that closes a section, not into the next section', () => {
    const text = '# Plan\n\n## Stage 1: Build\n\n- [ ] build it\n\n---\n\n## Stage 2: Ship\n\n**Done when:** the page serves 200.\n';
    expect(suggest(text)).toBe('# Plan\n\n## Stage 1: Build\n\n- [ ] build it\n\n### Definition of Done\n\n- [ ] TBD\n\n---\n\n## Stage 2: Ship\n\n**Done when:** the page serves 200.\n');
  });

  it('offers no fix or suggestion anywhere in a document with merge conflict markers', () => {
    const text = '# Plan\n\n## Stage 1: Build\n\n- [ ] build a\n\n## Stage 2: Deploy to production\n\n<<<<<<< HEAD\n- [ ] ship a\n=======\n- [ ] ship b\n>>>>>>> branch\n';
    const a = analyze(text, config, { force: true });
    expect(a.findings.map((f) => f.ruleId)).toContain('missing-dod');
    expect(a.findings.filter((f) => f.fix || f.suggestions)).toEqual([]);
  });

  it('adds no unchecked item to a stage marked done', () => {
    const text = '# Plan\n\n## Stage 1: Build ✅\n\n- [x] build it\n\n## Stage 2: Ship\n\n- [ ] ship it\n\n## Stage 3: Measure\n\n**Done when:** p95 < 200 ms.\n';
    const fixed = suggest(text);
    expect(fixed).toContain('## Stage 1: Build ✅\n\n- [x] build it\n\n### Definition of Done\n\n- TBD\n');
    expect(analyze(fixed, config, { force: true }).findings.filter((f) => f.ruleId === 'status-contradiction')).toEqual([]);
  });
});

