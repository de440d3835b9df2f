import { configDefaults, defineConfig, type ViteUserConfig } from 'vitest/config';
import SlowestFirstSequencer from './spec/sequencer.js';

/** What every run of the suite shares (also vitest.full.config.ts). */
export const sharedTestOptions: NonNullable<ViteUserConfig['test']> = {
  // e2e tests spawn real Node processes that train real tfjs models; they run from dist/,
  // which `npm test` builds first (pretest).
  testTimeout: 120_000,
  hookTimeout: 60_000,
  pool: 'forks',
  // Each e2e file already runs its children in parallel; two files at once fill 2 cores.
  maxWorkers: 2,
  reporters: ['default', './spec/reporters/plain-summary.ts'],
  // The files measured slowest start first, also in a fresh clone that has no timings of its own.
  sequence: { sequencer: SlowestFirstSequencer },
};

export default defineConfig({
  test: {
    ...sharedTestOptions,
    include: ['spec/**/*.test.ts'],
    // The slower checks (the committed artifacts' full re-run, the packed package in a user's project,
    // the Keras install plan from the index): `npm run test:full`, a step of .ci/run after this suite.
    exclude: [...configDefaults.exclude, 'spec/full/**'],
  },
});
