import { defineConfig } from 'vitest/config';

/**
 * Browser tests: the real local cloud (one child process for the whole run, started by global-setup)
 * and Debian's Chromium driven by playwright-core. Slow by nature, so long timeouts and one file at a time.
 */
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    globalSetup: ['tests/browser/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    // A flaky browser test is a bug to fix, not to retry away.
    retry: 0,
  },
});
