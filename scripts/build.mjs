// Bundles the entry points with esbuild. The unified packages are ESM-only; the bundles are
// CommonJS so that the VS Code extension host (and plain `node`) can load them.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { FROM_MARKDOWN_FILE, shareHandlerContext } from './from-markdown-context.mjs';

/** Applies scripts/from-markdown-context.mjs to mdast-util-from-markdown (one context object per parse, not one per event). */
const fromMarkdownContext = {
  name: 'from-markdown-context',
  setup(b) {
    b.onLoad({ filter: FROM_MARKDOWN_FILE }, async (args) => ({ contents: shareHandlerContext(await readFile(args.path, 'utf8'), args.path), loader: 'js' }));
  },
};

// micromark combines its constructs with the syntax extensions before every parse, and a
// document is parsed section by section: its import of the combiner is routed to one that
// combines the same extensions once (server/src/core/combined-constructs.ts).
const combineOnce = {
  name: 'combine-once',
  setup(b) {
    b.onResolve({ filter: /^micromark-util-combine-extensions$/ }, (args) =>
      /[\\/]micromark[\\/]lib[\\/]parse\.js$/.test(args.importer) ? { path: fileURLToPath(new URL('../server/src/core/combined-constructs.ts', import.meta.url)) } : undefined,
    );
  },
};

const common = {
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's UMD entry uses dynamic requires; its ESM entry bundles cleanly.
  mainFields: ['module', 'main'],
  plugins: [fromMarkdownContext, combineOnce],
};

await build({
  ...common,
  entryPoints: {
    cli: 'server/src/cli.ts',
    server: 'server/src/server.ts',
    extension: 'client/src/extension.ts',
    'tools/generate': 'server/src/tools/generate.ts',
    'tools/bench': 'server/src/tools/bench.ts',
    'code-cache': 'server/src/node/code-cache.ts',
  },
  external: ['vscode'],
  // Smaller bundles compile faster: server start-up and the VSIX size are budgets (docs/performance.md).
  minify: true,
  keepNames: true,
});

// The extension-host test suite (loaded by VS Code through extensionTestsPath).
await build({
  ...common,
  entryPoints: { 'test/e2e/suite/index': 'test/e2e/suite/index.ts' },
  external: ['vscode', 'mocha'],
});

// The CLI's code cache (scripts/code-cache.mjs), made by a fresh process with Node's default flags.
execFileSync(process.execPath, [fileURLToPath(new URL('./code-cache.mjs', import.meta.url))], { stdio: 'inherit' });
