import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from './vitest.config.js';

// The committed artifacts' full re-run (every golden's every run, the report's Node and Chromium
// columns: ~28 full-size runs): `npm run test:artifacts`, a step of .ci/run after `npm test`.
// `npm test` keeps the cheaper check that still fails when they are stale
// (spec/e2e/committed-artifacts.test.ts: each golden's base run, and the report's curves = the goldens').
export default defineConfig({ test: { ...sharedTestOptions, include: ['spec/artifacts/**/*.test.ts'] } });
