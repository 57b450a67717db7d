import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { sectionStarts } from '../server/src/core/parse.js';
import { ALL_GFM, GFM, gfmNeeds, processorFor } from '../server/src/core/parse-processor.js';
import { corpusFiles, markdownUnder } from './helpers/corpus.js';
import { FIXTURES } from './helpers/fixtures.js';
import { planDocument } from './helpers/plan-arbitrary.js';

// A piece of a document is parsed without the GFM extensions whose syntax it does not contain
// (server/src/core/parse-processor.ts). That must give the tree remark-gfm gives, positions and all.

const remark = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']);

/** The tree as JSON, positions included. */
const json = (tree: unknown) => JSON.stringify(tree);

/** The tree remark-gfm gives and the one the chosen processor gives. */
function both(text: string): [string, string] {
  return [json(remark.parse(text)), json(processorFor(gfmNeeds(text)).parse(text) as Root)];
}


/** Text made of the pieces of GFM syntax and the text that comes close to it. */
const gfmish = fc
  .array(
    fc.constantFrom('a', 'b1', ' ', '  ', '\n', '\n\n', '\t', '|', '\\|', ':-', '-:', '---', ':--:', '-', '~', '~~', '~~~', '[', ']', '[^', '[^1]', '[^1]:', '![', '(', ')', '*', '_', '`', '#', '>', '1.', '- [ ]', '[x]', '@', 'a@b.co', 'www', 'www.', 'www.x.org', 'http', 'http://', 'https://x.io/a', 'mailto:', 'xmpp:', '&#64;', '&#x77;', '&commat;', '&amp;', '<', '<https://a.b>', '.', 'é'),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('parsing with only the GFM extensions a text uses', () => {
  it('needs each extension for the text that has its syntax (so that leaving one out changes the tree)', () => {
    const cases: Array<[string, number]> = [
      ['a | b\n-- | --\n', GFM.table],
      ['a\n:--\n', GFM.table],
      ['a\n--:\n', GFM.table],
      ['~~gone~~', GFM.strikethrough],
      ['*~a~*b', GFM.strikethrough],
      ['x[^1]\n\n[^1]: note\n', GFM.footnote],
      ['see www.example.com', GFM.autolinkLiteral],
      ['mail a@b.co', GFM.autolinkLiteral],
      ['go https://x.io', GFM.autolinkLiteral],
      ['mail x&#64;example.com', GFM.autolinkLiteral],
      ['mail x&commat;example.com', GFM.autolinkLiteral],
      ['mail a@b.co at www.x.org', GFM.autolinkEmail],
      ['[a@b.co](https://x.io)\n\nask ops@x.io', GFM.autolinkEmail],
    ];
    for (const [text, bit] of cases) {
      expect(gfmNeeds(text) & bit, text).toBe(bit);
      expect(json(processorFor(ALL_GFM & ~bit).parse(text)), text).not.toBe(json(remark.parse(text)));
      expect(json(processorFor(gfmNeeds(text)).parse(text)), text).toBe(json(remark.parse(text)));
    }
    expect(gfmNeeds('# Plan\n\n- [ ] deploy *the* service\n\n> note', true)).toBe(0);
    expect(gfmNeeds('a@b.co', false)).toBe(0);
    // URLs without an `@`: the autolink literal syntax without its e-mail construct.
    expect(gfmNeeds('see [x](https://a.b) and www.c.org')).toBe(GFM.autolinkLiteral);
  });

  it('gives the tree remark-gfm gives for each section of the corpus, the fixtures and the dependencies\' Markdown', () => {
    const texts = [
      ...corpusFiles({ sets: true }).map(([, text]) => text),
      ...markdownUnder(FIXTURES, 2_000).map((f) => readFileSync(f, 'utf8')),
      ...markdownUnder(path.join(__dirname, '..', 'node_modules'), 100).map((f) => readFileSync(f, 'utf8')),
    ];
    expect(texts.length).toBeGreaterThan(200);
    let sections = 0;
    let reduced = 0;
    for (const text of texts) {
      // Sections, as the analysis parses them (a whole parse of the largest documents takes minutes).
      const starts = [...sectionStarts(text), text.length];
      for (let i = 0; i + 1 < starts.length; i++) {
        const section = text.slice(starts[i], starts[i + 1]);
        // Bounds the work: a parse grows faster than the text, and long sections hold nothing new.
        if (section.length > 20_000) continue;
        const [full, chosen] = both(section);
        expect(chosen).toBe(full);
        sections++;
        if (gfmNeeds(section) !== ALL_GFM) reduced++;
      }
    }
    // Most sections use few of the extensions.
    expect(reduced).toBeGreaterThan(sections / 2);
  });

  it('finds bare URLs and e-mail addresses in every kind of block, and not inside links (the transform runs block by block)', () => {
    // A character reference (`&#64;` is `@`) or a `[` before the URL leaves it to the transform.
    const texts = [
      '> - *see a&#64;ex.io* and https://x.io/a\n>   1. **b&#64;ex.org**\n\nplain\n',
      '# Heading c&#64;ex.org\n\nSetext d&#64;ex.io\n---\n',
      '| a | b |\n| - | - |\n| e&#64;ex.io | ~~f&#64;ex.io~~ |\n',
      '[g&#64;ex.io](https://y.z) and [h&#64;ex.io][r] but i&#64;ex.io\n\n[r]: mailto:b@c.de\n',
      'x[^1]\n\n[^1]: see j&#64;ex.io\n',
      '- [ ] ask k&#64;ex.io\n- [x] [http://f.io.\n\n<div>l&#64;ex.io</div>\n',
      'no link here\n\n`m&#64;ex.io` *www* @ a@b\n',
    ];
    let links = 0;
    for (const text of texts) {
      const [full, chosen] = both(text);
      expect(chosen, text).toBe(full);
      links += full.split('"type":"link"').length - 1;
    }
    // The texts do make links: a transform that skipped a kind of block would change the tree.
    expect(links).toBeGreaterThanOrEqual(9);
  });

  it('gives the tree remark-gfm gives for generated plans and for text close to GFM syntax', () => {
    fc.assert(
      fc.property(planDocument, (text) => {
        const [full, chosen] = both(text);
        expect(chosen).toBe(full);
      }),
      { seed: 20_261_205, numRuns: 300 },
    );
    fc.assert(
      fc.property(gfmish, (text) => {
        const [full, chosen] = both(text);
        expect(chosen).toBe(full);
      }),
      { seed: 20_261_205, numRuns: 5_000 },
    );
  });
});
