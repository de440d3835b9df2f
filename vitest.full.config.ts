import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from './vitest.config.js';

// The slower checks, outside `npm test`'s 5 minutes: `npm run test:full`, a step of .ci/run after
// `npm test`. The committed artifacts' full re-run (every golden's every run, the report's Node and
// Chromium columns: ~28 full-size runs; the keras goldens' tensorflow and torch base runs), webgl on
// SwiftShader, matches-keras with the export bundle's Keras replay, the packed package installed in
// a user's project, and golden update's folder lock (two updates at once). The Keras install plan
// resolved from the index alone is scripts/check-install-plan.mjs, which .ci/run runs during npm ci.
// `npm test` keeps a cheaper check that still fails when the artifacts are stale
// (spec/e2e/committed-artifacts.test.ts, spec/e2e/keras-artifacts.test.ts).
export default defineConfig({ test: { ...sharedTestOptions, include: ['spec/full/**/*.test.ts'] } });
