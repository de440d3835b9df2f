import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each slow file took inside its suite on 2 cores (`npm test` and `npm run test:full` on
 * this project's machine kind, 2026-12-02). Vitest starts the files it has timed before slowest
 * first; a fresh clone (CI) has no timings, and vitest then starts the largest files first, which
 * left a 51-s file to start last in `npm run test:full` and a 54-s one mid-way through `npm test`.
 * A file missing here only starts later; the figures need not be exact, only their order.
 */
const MEASURED_SECONDS: Readonly<Record<string, number>> = {
  'spec/e2e/browser.test.ts': 58,
  'spec/e2e/keras.test.ts': 54,
  'spec/e2e/committed-artifacts.test.ts': 42,
  'spec/e2e/example-project.test.ts': 39,
  'spec/e2e/tensorflow.test.ts': 31,
  'spec/e2e/diagnosis.test.ts': 28,
  'spec/e2e/gate.test.ts': 26,
  'spec/e2e/golden-upgrade.test.ts': 25,
  'spec/e2e/sweep.test.ts': 23,
  'spec/property/claims.property.test.ts': 23,
  'spec/e2e/inconclusive.test.ts': 20,
  'spec/e2e/environment.test.ts': 16,
  'spec/e2e/claims.test.ts': 16,
  'spec/e2e/fidelity.test.ts': 16,
  'spec/e2e/cli.test.ts': 14,
  'spec/e2e/keras-artifacts.test.ts': 10,
  'spec/e2e/child-failures.test.ts': 10,
  'spec/e2e/interrupts.test.ts': 8,
  'spec/full/committed-artifacts.test.ts': 366,
  'spec/full/package.test.ts': 63,
  'spec/full/keras-artifacts.test.ts': 51,
  'spec/full/keras-fidelity.test.ts': 43,
  'spec/full/browser-webgl.test.ts': 35,
  'spec/full/example-project-report.test.ts': 15,
  'spec/full/golden-lock.test.ts': 11,
};

/** Starts the files measured slowest first, the same on every machine; the rest in vitest's own order. */
export default class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const seconds = (file: TestSpecification) => MEASURED_SECONDS[path.relative(file.project.config.root, file.moduleId).split(path.sep).join('/')] ?? 0;
    // Array.prototype.sort is stable: files with equal figures (all the unlisted ones) keep vitest's order.
    return ordered.sort((a, b) => seconds(b) - seconds(a));
  }
}
