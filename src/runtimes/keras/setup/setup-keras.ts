import { assertNever } from '../../../errors.js';
import { dropKeptInstall } from '../kept-install.js';
import { inStaging, installByPip, installFromKept } from './install-venv.js';
import { keptKeyFor } from './kept-key-for.js';
import { readExistingVenv } from './read-existing-venv.js';
import { resolveSetupContext, type InstallContext, type SetupKerasOptions, type SetupKerasOutcome } from './setup-context.js';

export { TORCH_CHOICES, type SetupKerasOptions, type SetupKerasOutcome, type TorchChoice } from './setup-context.js';
export { PINNED_PYTHON } from './find-python.js';
export { keptKeyFor } from './kept-key-for.js';
export { missingFiles } from './missing-files.js';

/**
 * `tfjs-repro setup keras`: a virtual environment with exactly the pinned packages of
 * python/requirements-keras.txt (Keras 3, TensorFlow CPU, JAX) and one of PyTorch's pinned lists,
 * from pip's configured sources (the Python package index). Each backend is then proven (Keras
 * imports on it and trains a step); one that cannot be had is recorded "not available" with the
 * reason and the command that adds it, and the others keep working. Idempotent: an environment of
 * the current lists whose files are all on disk is left alone, a damaged one is rebuilt. Built in a
 * staging folder and renamed into place, so a failure leaves nothing half-made.
 */
export async function setupKeras(options: SetupKerasOptions = {}): Promise<SetupKerasOutcome> {
  const ctx = resolveSetupContext(options);
  const existing = await readExistingVenv(ctx);
  if (existing.kind === 'already-set-up') return existing;
  const install: InstallContext = { ...ctx, keptKey: await keptKeyFor(ctx.python, ctx.torch, ctx.env, ctx.signal) };
  // --force installs with pip: it is what a user runs when the environment's files are in doubt.
  if (ctx.force) return inStaging(install, () => installByPip(install, existing.repaired));
  const fromKept = await inStaging(install, () => installFromKept(install, existing.repaired));
  switch (fromKept.kind) {
    case 'installed':
      return fromKept;
    case 'none-kept':
      return inStaging(install, () => installByPip(install, existing.repaired));
    case 'did-not-prove':
      // Kept files that do not prove are not trusted again: forget them and install with pip, as
      // `--force` does (which reports no repair).
      await dropKeptInstall(ctx.cacheDir, install.keptKey);
      ctx.step(`the kept files did not prove (${Object.values(fromKept.unavailable).join('; ')}); installing with pip instead`);
      return inStaging(install, () => installByPip(install, undefined));
    default:
      return assertNever(fromKept, 'install from kept files');
  }
}
