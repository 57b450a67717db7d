/**
 * Suggestions over real plans and the rule fixtures, as saved (LF), with CRLF line endings and
 * with a byte order mark: see `checkSuggestions` in test/helpers/properties.ts.
 */
import { describe, expect, it } from 'vitest';
import { corpusFiles } from './helpers/corpus.js';
import { loadFixtures } from './helpers/fixtures.js';
import { checkSuggestions } from './helpers/properties.js';

const variants: Array<[string, (text: string) => string]> = [
  ['as saved', (t) => t],
  ['CRLF with a BOM', (t) => `\uFEFF${t.replace(/\r?\n/g, '\r\n')}`],
];

const documents: Array<[string, string, boolean]> = [
  ...corpusFiles({ sets: true }).map(([rel, text]): [string, string, boolean] => [`corpus/${rel}`, text, false]),
  ...loadFixtures().map((f): [string, string, boolean] => [`fixtures/${f.rule}/${f.name}`, f.text, true]),
];

describe('suggestions keep every line, stay unfilled until filled in, and apply once', () => {
  it.each(variants)('%s', (_name, variant) => {
    const problems: string[] = [];
    let single = 0;
    let sets = 0;
    for (const [name, text, force] of documents) {
      const r = checkSuggestions(variant(text), { force, path: name });
      problems.push(...r.problems.map((p) => `${name}: ${p}`));
      single += r.checked.single;
      if (r.checked.set) sets++;
    }
    expect(problems).toEqual([]);
    // The cases must exist for the test to mean anything (counts of this corpus and fixture set).
    expect(single).toBeGreaterThan(100);
    expect(sets).toBeGreaterThan(50);
    console.log(`${documents.length} documents: ${single} suggestions applied one by one, ${sets} suggestion sets applied twice`);
  });
});
