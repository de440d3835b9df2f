import { TFJS_NODE_PACKAGE } from '../tensorflow-pins.js';
import { probeTensorflow } from './probe-runner.js';
import { resolveBuildTarget } from './resolve-build-target.js';
import { resolveSetupContext, type SetupOutcome, type SetupTensorflowOptions } from './setup-context.js';
import { setupFailed } from './setup-failed.js';
import { tryWheel } from './try-wheel.js';

export type { SetupOutcome, SetupTensorflowOptions } from './setup-context.js';

/**
 * `tfjs-repro setup tensorflow`: make `--backend tensorflow` work without the host tfjs-node's
 * install script downloads from (tensorflow/tfjs#8742). Idempotent; every failure is one
 * ReproError('setup-failed') that says what to do, and nothing is placed in tfjs-node's folder
 * before a build has succeeded.
 */
export async function setupTensorflow(options: SetupTensorflowOptions = {}): Promise<SetupOutcome> {
  const ctx = resolveSetupContext(options);
  if (!ctx.force) {
    const probe = await probeTensorflow(ctx.env);
    if (probe.kind === 'works') return { kind: 'already-working', libtensorflow: probe.libtensorflow };
    ctx.step(`${TFJS_NODE_PACKAGE} does not train yet: ${probe.reason}`);
  }
  const target = await resolveBuildTarget(ctx);
  const skipped: string[] = [];
  for (const wheel of ctx.wheels) {
    const attempt = await tryWheel(ctx, { target, wheel, skipped: [...skipped] });
    if (attempt.kind === 'installed') return attempt;
    skipped.push(attempt.reason);
  }
  throw setupFailed(
    `no pinned TensorFlow wheel could serve tfjs-node's addon:\n${skipped.map((line) => `  - ${line}`).join('\n')}`,
    'fix the first problem above and run `npx tfjs-repro setup tensorflow` again',
  );
}
