// Bundles the entry points with esbuild. The unified packages are ESM-only; the bundles are
// CommonJS so that the VS Code extension host (and plain `node`) can load them.
import { build } from 'esbuild';

const entryPoints = {
  cli: 'server/src/cli.ts',
  server: 'server/src/server.ts',
  'tools/generate': 'server/src/tools/generate.ts',
  'tools/bench': 'server/src/tools/bench.ts',
};

await build({
  entryPoints: { ...entryPoints, extension: 'client/src/extension.ts' },
  external: ['vscode'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
  // Smaller bundles compile faster: server start-up and the VSIX size are budgets (docs/performance.md).
  minify: true,
  keepNames: true,
  // jsonc-parser's UMD entry uses dynamic requires; its ESM entry bundles cleanly.
  mainFields: ['module', 'main'],
});

// The extension-host test suite (loaded by VS Code through extensionTestsPath).
await build({
  entryPoints: { 'test/e2e/suite/index': 'test/e2e/suite/index.ts' },
  external: ['vscode', 'mocha'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
});
