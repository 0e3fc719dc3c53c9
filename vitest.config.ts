import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Each file gets its own database; two workers match the two cores CI has.
    pool: 'forks',
    maxWorkers: 2,
    // Tests that spawn the CLI or a server start a whole Node process each (tsx, every module):
    // seconds apiece on a busy 2-core machine, three or four of them in one test.
    testTimeout: 60_000,
    hookTimeout: 90_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
