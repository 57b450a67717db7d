import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** The shared corpus beside the checkout (`../shared/corpus`), or `PLANLINT_CORPUS`. */
export const CORPUS = process.env.PLANLINT_CORPUS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

export const hasCorpus = existsSync(CORPUS);

/** The reviewers' labels of the corpus (`../shared/accuracy/labels.json`, beside the corpus). */
export const LABELS = path.join(CORPUS, '..', 'accuracy', 'labels.json');

/** Files that describe a corpus folder rather than belong to it. */
const INDEX_FILES = new Set(['SOURCES.md', 'README.md']);

/** Markdown files under `dir` (relative to the corpus), sorted, hidden folders such as `.kiro/` included. */
function walk(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(CORPUS, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory() && recursive) out.push(...walk(rel, true));
    else if (entry.isFile() && entry.name.endsWith('.md') && !(dir.split('/').length === 1 && INDEX_FILES.has(entry.name))) out.push(rel);
  }
  return out;
}

/**
 * Every markdown file of the corpus as `[path relative to the corpus, text]`: `seeds/` and
 * `public/`, and with `sets: true` also `sets/`, walked recursively (the public plans in their
 * repositories' folder layout). The index files at the top of a folder are left out.
 */
export function corpusFiles(options: { sets?: boolean } = {}): Array<[string, string]> {
  if (!hasCorpus) return [];
  const out: Array<[string, string]> = [];
  for (const dir of ['seeds', 'public', ...(options.sets ? ['sets'] : [])]) {
    if (!existsSync(path.join(CORPUS, dir))) continue;
    for (const rel of walk(dir, dir === 'sets')) out.push([rel, readFileSync(path.join(CORPUS, rel), 'utf8')]);
  }
  return out;
}

/** Every `.md` file under `dir` (an absolute path), sorted, at most `limit`, each under 1 MB; none when `dir` does not exist. */
export function markdownUnder(dir: string, limit: number): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (out.length >= limit) return;
      const p = path.join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (name.endsWith('.md') && s.size < 1_000_000) out.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}
