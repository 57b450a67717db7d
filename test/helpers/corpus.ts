import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The shared corpus beside the checkout (`../shared/corpus`), or `PLANLINT_CORPUS`. */
export const CORPUS = process.env.PLANLINT_CORPUS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

export const hasCorpus = existsSync(CORPUS);

/** Every markdown file of the corpus as `[relative path, text]`. */
export function corpusFiles(): Array<[string, string]> {
  if (!hasCorpus) return [];
  const out: Array<[string, string]> = [];
  for (const dir of ['seeds', 'public']) {
    const abs = path.join(CORPUS, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs).filter((n) => n.endsWith('.md') && n !== 'SOURCES.md').sort()) out.push([`${dir}/${f}`, readFileSync(path.join(abs, f), 'utf8')]);
  }
  return out;
}
