// Makes dist/cli.js.cache: runs the CLI bundle once, through server/src/node/code-cache.ts, on
// the example plans and the rule fixtures (a run that reaches the parser, the plan model, every
// rule, fixes and the JSON output), then saves the code V8 compiled for it, headed by the
// bundle's hash. `bin/planlint.js` loads the bundle with it. Run by scripts/build.mjs.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { cacheFileOf, cacheHeader, compileBundle } = require(path.join(root, 'dist', 'code-cache.js'));

/** Markdown files under `dir`, recursively, sorted. */
function markdownUnder(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

const bundle = path.join(root, 'dist', 'cli.js');
const source = readFileSync(bundle, 'utf8');
const { exports: cli, script } = compileBundle(bundle, source);
const files = [...markdownUnder(path.join(root, 'examples')), ...markdownUnder(path.join(root, 'test', 'fixtures'))];
const silent = { stdout: () => {}, stderr: () => {}, cwd: root, isTTY: false };
await cli.main(['lint', '--format', 'json', ...files], silent);
await cli.main(['lint', ...files.slice(0, 20)], silent);
writeFileSync(cacheFileOf(bundle), Buffer.concat([cacheHeader(source), script.createCachedData()]));
