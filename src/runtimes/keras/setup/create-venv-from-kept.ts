import { rm } from 'node:fs/promises';
import { hasKeptInstall, keptInstallDir, takeKeptInstall, type KeptInstall } from '../kept-install.js';
import { sitePackages } from '../keras-environment.js';
import { PINNED_PYTHON } from './find-python.js';
import { mustRunSetupTool } from './run-setup-tool.js';
import type { InstallContext } from './setup-context.js';

/**
 * A virtual environment at `ctx.staging` of the kept files of an earlier proven environment of the
 * same key, if there are: made without pip (the kept files hold the pip that ensurepip put in: ~10 s
 * and 8 CPU-seconds less), then the files linked in. Undefined, and nothing left at `staging`, otherwise.
 */
export async function createVenvFromKept(ctx: InstallContext): Promise<KeptInstall | undefined> {
  if (!hasKeptInstall(ctx.cacheDir, ctx.keptKey)) return undefined;
  ctx.step(
    `creating a virtual environment with ${ctx.python} (Python ${PINNED_PYTHON}) of the installed files of an earlier proven environment of the same lists (hard links from ${keptInstallDir(ctx.cacheDir, ctx.keptKey)})`,
  );
  await mustRunSetupTool(ctx, ctx.python, ['-m', 'venv', '--without-pip', ctx.staging], 'could not create the virtual environment');
  const kept = await takeKeptInstall(ctx.cacheDir, ctx.keptKey, sitePackages(ctx.staging, PINNED_PYTHON), ctx.signal);
  if (kept === undefined) await rm(ctx.staging, { recursive: true, force: true });
  return kept;
}
