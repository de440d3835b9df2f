import { rm } from 'node:fs/promises';
import { keepInstall, keptInstallDir, type KeptInstall } from '../kept-install.js';
import { KERAS_BACKENDS, sitePackages } from '../keras-environment.js';
import { createVenvByPip } from './create-venv-by-pip.js';
import { createVenvFromKept } from './create-venv-from-kept.js';
import { PINNED_PYTHON } from './find-python.js';
import { placeVenv } from './place-venv.js';
import { proveBackends } from './prove-backends.js';
import { resolveSetupRecord } from './resolve-setup-record.js';
import { setupFailed } from './setup-failed.js';
import type { InstallContext, SetupKerasOutcome } from './setup-context.js';

export type InstalledVenv = Extract<SetupKerasOutcome, { kind: 'installed' }>;

/** What an install from kept files came to: none were kept (or they could not be linked), or they did not prove. */
export type FromKept =
  InstalledVenv | { readonly kind: 'none-kept' } | { readonly kind: 'did-not-prove'; readonly unavailable: Readonly<Record<string, string>> };

/** Runs one install in a fresh staging folder, which is gone afterwards whatever happens (renamed into place, or removed). */
export async function inStaging<T>(ctx: InstallContext, install: () => Promise<T>): Promise<T> {
  await rm(ctx.staging, { recursive: true, force: true });
  try {
    return await install();
  } finally {
    await rm(ctx.staging, { recursive: true, force: true });
  }
}

/** An environment of the kept files of `ctx.keptKey`, if there are and every backend they proved before proves again. */
export async function installFromKept(ctx: InstallContext, repaired: string | undefined): Promise<FromKept> {
  const kept = await createVenvFromKept(ctx);
  if (kept === undefined) return { kind: 'none-kept' };
  const unavailable = await proveAll(ctx, kept);
  if (KERAS_BACKENDS.some((b) => unavailable[b] !== undefined && kept.unavailable[b] === undefined)) return { kind: 'did-not-prove', unavailable };
  return finishVenv(ctx, { torchBuild: kept.torchBuild, unavailable }, { repaired, keptFrom: keptInstallDir(ctx.cacheDir, ctx.keptKey) });
}

/** An environment that pip installs; its files are kept for the next environment of these lists when every backend pip installed proves. */
export async function installByPip(ctx: InstallContext, repaired: string | undefined): Promise<InstalledVenv> {
  const installed = await createVenvByPip(ctx);
  const unavailable = await proveAll(ctx, installed);
  return finishVenv(
    ctx,
    { torchBuild: installed.torchBuild, unavailable },
    { repaired, keep: KERAS_BACKENDS.every((b) => unavailable[b] === installed.unavailable[b]) ? installed : undefined },
  );
}

/** What was installed as unavailable, and the backends that did not prove, each with why. */
async function proveAll(ctx: InstallContext, installed: KeptInstall): Promise<Record<string, string>> {
  return { ...installed.unavailable, ...(await proveBackends(ctx, installed.unavailable)) };
}

/** Records the proven environment, keeps its files when asked to, and puts it in place. */
async function finishVenv(
  ctx: InstallContext,
  proven: KeptInstall,
  how: { readonly repaired: string | undefined; readonly keptFrom?: string; readonly keep?: KeptInstall },
): Promise<InstalledVenv> {
  if (KERAS_BACKENDS.every((b) => proven.unavailable[b] !== undefined))
    throw setupFailed(`no backend works in the new environment:\n${Object.values(proven.unavailable).join('\n')}`, 'fix the reason above');
  const record = await resolveSetupRecord(ctx, proven);
  if (how.keep !== undefined) await keepInstall(ctx.cacheDir, ctx.keptKey, sitePackages(ctx.staging, PINNED_PYTHON), how.keep, ctx.signal);
  return {
    kind: 'installed',
    venv: ctx.venv,
    record,
    sizeBytes: await placeVenv(ctx, record),
    ...(how.repaired === undefined ? {} : { repaired: how.repaired }),
    ...(how.keptFrom === undefined ? {} : { keptFrom: how.keptFrom }),
  };
}
