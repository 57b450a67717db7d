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
  entryPoints,
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
});
