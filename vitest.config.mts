import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Corpus files of 3,000+ lines and the CLI child processes take seconds on a loaded 2-core machine.
    testTimeout: 60_000,
  },
});
