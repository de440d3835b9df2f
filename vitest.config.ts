import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/**/*.test.ts'],
    // e2e tests spawn real Node processes that train real tfjs models; they run from dist/,
    // which `npm test` builds first (pretest).
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Each e2e file already runs its children in parallel; two files at once fill 2 cores.
    maxWorkers: 2,
    reporters: ['default', './spec/reporters/plain-summary.ts'],
  },
});
