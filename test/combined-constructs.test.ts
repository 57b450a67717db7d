import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { combineExtensions as combineAll } from 'micromark-util-combine-extensions';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { describe, expect, it } from 'vitest';
import { combineExtensions } from '../server/src/core/combined-constructs.js';

// micromark's import of the extension combiner is routed to one that combines the same
// extension objects once (scripts/build.mjs, server/src/core/combined-constructs.ts). micromark
// passes its default constructs first; any extension object stands for them here.
const defaultConstructs = gfmTaskListItem();

/** The combined constructs as hook → code → construct list, compared by construct identity. */
function shape(combined: Record<string, Record<string, unknown[]> | undefined>): Array<[string, string, unknown[]]> {
  return Object.entries(combined).flatMap(([hook, codes]) => Object.entries(codes ?? {}).map(([code, list]): [string, string, unknown[]] => [hook, code, [...list]]));
}

describe('combining micromark extensions once', () => {
  it('gives the same object for the same extension objects, with what a fresh combination gives', () => {
    const table = gfmTable();
    const strike = gfmStrikethrough();
    const a = combineExtensions([defaultConstructs, table, strike]);
    const b = combineExtensions([defaultConstructs, table, strike]);
    expect(b).toBe(a);
    expect(shape(a as never)).toEqual(shape(combineAll([defaultConstructs, table, strike]) as never));
  });

  it('combines other objects, another order or another length anew', () => {
    const table = gfmTable();
    const strike = gfmStrikethrough();
    const base = combineExtensions([defaultConstructs, table, strike]);
    for (const list of [[defaultConstructs, strike, table], [defaultConstructs, table], [defaultConstructs, gfmTable(), strike]]) {
      const c = combineExtensions(list);
      expect(c).not.toBe(base);
      expect(shape(c as never)).toEqual(shape(combineAll(list) as never));
    }
  });

  it('is what the bundles give micromark', () => {
    const map = path.join(__dirname, '..', 'dist', 'cli.js.map');
    if (!existsSync(map)) throw new Error(`${map}: build first (npm run build)`);
    const sources = (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources;
    expect(sources.some((s) => s.endsWith('server/src/core/combined-constructs.ts'))).toBe(true);
  });
});
