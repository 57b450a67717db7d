import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** A fixture file with its expected findings as `line:ruleId` strings. */
export interface Fixture {
  rule: string;
  name: string;
  file: string;
  text: string;
  expected: string[];
  /** Rule options from a `<!-- fixture-options: {...} -->` comment. */
  options: Record<string, unknown> | undefined;
}

const EXPECT = /<!--\s*expect(?:@([+-]\d+))?:\s*([\w-]+(?:\s*,\s*[\w-]+)*)\s*-->/g;

/**
 * Reads the expectations of a fixture: `<!-- expect: id -->` expects a finding of rule `id`
 * starting on this line, `<!-- expect@+1: id -->` on the next line, `expect@-1` the previous.
 */
export function expectations(text: string): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    for (const m of line.matchAll(EXPECT)) {
      const target = i + 1 + (m[1] ? Number(m[1]) : 0);
      for (const id of m[2]!.split(',')) out.push(`${target}:${id.trim()}`);
    }
  });
  return out.sort();
}

/** Every fixture of every rule folder under test/fixtures. */
export function loadFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const rule of readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, rule);
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
      const file = path.join(dir, name);
      const text = readFileSync(file, 'utf8');
      const options = /<!--\s*fixture-options:\s*(\{.*?\})\s*-->/.exec(text)?.[1];
      out.push({ rule, name, file, text, expected: expectations(text), options: options ? (JSON.parse(options) as Record<string, unknown>) : undefined });
    }
  }
  return out;
}

/** True when every character of `a` appears in `b` in order: `b` only inserted text into `a`. */
export function onlyInserted(a: string, b: string): boolean {
  let i = 0;
  for (let j = 0; j < b.length && i < a.length; j++) if (a[i] === b[j]) i++;
  return i === a.length;
}
