import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import type { Extension } from 'mdast-util-from-markdown';
import { unified, type Processor } from 'unified';
import { describe, expect, it } from 'vitest';
import { shareHandlerContext } from '../scripts/from-markdown-context.mjs';
import { corpusFiles, markdownUnder } from './helpers/corpus.js';
import { FIXTURES } from './helpers/fixtures.js';

// The bundles and these tests run mdast-util-from-markdown with one handler context per parse
// instead of one per event (scripts/from-markdown-context.mjs). That must give the trees the
// library as published gives: compared here with the library loaded by Node itself, unchanged.

const root = path.resolve(__dirname, '..');
const library = path.join(root, 'node_modules', 'mdast-util-from-markdown', 'lib', 'index.js');

/** The contexts the paragraph handler was called with during one parse. */
function paragraphContexts(text: string): Set<unknown> {
  const seen = new Set<unknown>();
  const spy = function (this: Processor): void {
    const extension: Extension = {
      enter: {
        paragraph(token) {
          seen.add(this);
          this.enter({ type: 'paragraph', children: [] }, token);
        },
      },
    };
    (this.data().fromMarkdownExtensions ??= []).push(extension);
  };
  unified().use(remarkParse).use(spy).parse(text);
  return seen;
}

describe('one handler context per parse in mdast-util-from-markdown', () => {
  it('is what the tests load (one context for three paragraphs)', () => {
    expect(paragraphContexts('a\n\nb\n\nc\n').size).toBe(1);
  });

  it('changes exactly the three per-event contexts of the library, and refuses a library without them', () => {
    const source = readFileSync(library, 'utf8');
    const patched = shareHandlerContext(source);
    expect(patched).not.toContain('...context');
    expect(patched.match(/context\.sliceSerialize = events\[index\]\[2\]\.sliceSerialize, context/g)).toHaveLength(3);
    expect(() => shareHandlerContext(source.replace('...context,', '...context2,'), 'x.js')).toThrow(/x\.js: expected 3 handler contexts .* found 2/);
  });

  it('gives the trees the published library gives on the corpus, the rule fixtures and dependency Markdown', () => {
    const texts = [...corpusFiles({ sets: true }).map(([, t]) => t), ...markdownUnder(FIXTURES, 2000).map((f) => readFileSync(f, 'utf8')), ...markdownUnder(path.join(root, 'node_modules'), 300).map((f) => readFileSync(f, 'utf8'))];
    expect(texts.length).toBeGreaterThan(50);
    // The same processor in a Node process of its own, which loads the library unchanged.
    const script = `
      import remarkParse from 'remark-parse'; import remarkGfm from 'remark-gfm'; import remarkFrontmatter from 'remark-frontmatter'; import { unified } from 'unified';
      const texts = JSON.parse(await new Promise((r) => { let s = ''; process.stdin.setEncoding('utf8'); process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => r(s)); }));
      const p = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']);
      process.stdout.write(JSON.stringify(texts.map((t) => JSON.stringify(p.parse(t)))));`;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 1 << 30 });
    expect(out.stderr).toBe('');
    const published = JSON.parse(out.stdout) as string[];
    const here = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']);
    expect(paragraphContexts('a\n\nb\n').size).toBe(1);
    const differ = texts.flatMap((text, i) => (JSON.stringify(here.parse(text) as Root) === published[i] ? [] : [text.slice(0, 80)]));
    expect(differ).toEqual([]);
  });
});
