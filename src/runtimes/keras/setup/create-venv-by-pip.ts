import type { KeptInstall } from '../kept-install.js';
import { KERAS_REQUIREMENTS, venvPython } from '../keras-environment.js';
import { PINNED_PYTHON } from './find-python.js';
import { installTorch } from './install-torch.js';
import { listPath, pipInstall, readPins } from './pip-install.js';
import { mustRunSetupTool } from './run-setup-tool.js';
import type { InstallContext } from './setup-context.js';

/** A virtual environment at `ctx.staging` into which pip installs the keras list (in two halves) and PyTorch's list side by side. */
export async function createVenvByPip(ctx: InstallContext): Promise<KeptInstall> {
  ctx.step(`creating a virtual environment with ${ctx.python} (Python ${PINNED_PYTHON})`);
  await mustRunSetupTool(ctx, ctx.python, ['-m', 'venv', ctx.staging], 'could not create the virtual environment');
  ctx.step(`installing the pinned packages of ${listPath(KERAS_REQUIREMENTS)} (Keras, TensorFlow CPU, JAX; ~2.3 GB installed)`);
  // Side by side with PyTorch's list, the keras list in two halves: pip installs one wheel after
  // another and spends its time unpacking and writing files (these installs: 32.6 s one after
  // another here, 22 s in these three processes). The lists are disjoint and installed with
  // --no-deps: no two processes write the same file.
  const pins = await readPins(KERAS_REQUIREMENTS);
  const halves = [pins.filter((_, i) => i % 2 === 0), pins.filter((_, i) => i % 2 === 1)];
  const [kerasList, torchList] = await Promise.allSettled([
    Promise.all(halves.map((half) => mustRunSetupTool(ctx, venvPython(ctx.staging), pipInstall(half), 'pip could not install the pinned packages'))),
    installTorch(ctx),
  ]);
  if (kerasList.status === 'rejected') throw kerasList.reason;
  if (torchList.status === 'rejected') throw torchList.reason;
  return torchList.value;
}
