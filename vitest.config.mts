import { defineConfig } from 'vitest/config';
import { FROM_MARKDOWN_FILE, shareHandlerContext } from './scripts/from-markdown-context.mjs';

export default defineConfig({
  // The tests run the parser as the bundles do: with scripts/from-markdown-context.mjs applied
  // (the module is inlined so that vitest transforms it instead of loading it from node_modules).
  plugins: [{ name: 'from-markdown-context', enforce: 'pre', transform: (code, id) => (FROM_MARKDOWN_FILE.test(id.split('?')[0]!) ? { code: shareHandlerContext(code, id), map: null } : undefined) }],
  test: {
    include: ['test/**/*.test.ts'],
    // The extension-host suite runs inside VS Code (npm run test:e2e), not in vitest.
    exclude: ['test/e2e/**', 'node_modules/**'],
    server: { deps: { inline: [/[\\/]remark-parse[\\/]/, /[\\/]mdast-util-from-markdown[\\/]/] } },
    // A hang guard, not a speed limit: every test bounds its work (case counts, the corpus), and
    // no test's outcome may depend on how fast the machine is. On a 2-core machine loaded by other
    // runs the heaviest tests take 20-50 s (the suggestions over the whole corpus: 49 s), so a
    // limit near a minute failed them by chance.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
