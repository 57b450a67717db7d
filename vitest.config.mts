import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The extension-host suite runs inside VS Code (npm run test:e2e), not in vitest.
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Corpus files of 3,000+ lines and the CLI child processes take seconds on a loaded 2-core machine.
    testTimeout: 60_000,
  },
});
