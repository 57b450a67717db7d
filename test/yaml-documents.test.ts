import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { yamlDocument, yamlMapping, yamlValue } from '../server/src/core/yaml-documents.js';

// Front matter is read by several parts of one analysis (server/src/core/yaml-documents.ts).

const SOURCES = [
  'title: Plan\nowner: ana\n',
  'planlint:\n  set: checkout\n  profile: kiro\n',
  'authors: [TBD]\nkeywords: [a, b]\n',
  'a: &x [1, 2]\nb: *x\n',
  'bad: [unclosed\nnext: 1\n',
  'key: value\n---\nsecond: doc\n',
  '- a list\n- not a mapping\n',
  '',
  ': : :\n\t tab\n',
];

describe('YAML front matter parsed once', () => {
  it('gives the value yaml.parse gives, silent, for valid and invalid YAML', () => {
    for (const source of SOURCES) expect(yamlValue(source), source).toStrictEqual(parse(source, { logLevel: 'silent' }));
  });

  it('parses a source once and gives each reader its own value', () => {
    const source = 'owners: [ana, ben]\n';
    expect(yamlDocument(source)).toBe(yamlDocument(source));
    const first = yamlValue(source) as { owners: string[] };
    first.owners.push('changed by a reader');
    expect(yamlValue(source)).toStrictEqual({ owners: ['ana', 'ben'] });
  });

  it('keeps only a few recent sources', () => {
    const first = yamlDocument('n: 0\n');
    for (let i = 1; i <= 20; i++) yamlDocument(`n: ${i}\n`);
    expect(yamlDocument('n: 0\n')).not.toBe(first);
    expect(yamlValue('n: 0\n')).toStrictEqual({ n: 0 });
  });

  it('reads a mapping as it is and anything else as an empty mapping', () => {
    expect(yamlMapping('title: Plan\nowner: ana\n')).toStrictEqual({ title: 'Plan', owner: 'ana' });
    expect(yamlMapping('- a list\n- not a mapping\n')).toStrictEqual({});
    expect(yamlMapping('just a scalar')).toStrictEqual({});
    expect(yamlMapping('')).toStrictEqual({});
    expect(yamlMapping('a: &x [1]\nb: *x\n')).toStrictEqual({ a: [1], b: [1] });
  });
});
