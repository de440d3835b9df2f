import { rm } from 'node:fs/promises';
import path from 'node:path';
import { buildAddon, dropKeptAddon, type BuildAddonOptions } from './build-addon.js';
import { probeTensorflow } from './probe-runner.js';
import type { SetupContext } from './setup-context.js';

export type Proven = { readonly kind: 'works'; readonly libtensorflow: string; readonly kept?: string } | { readonly kind: 'failed'; readonly reason: string };

/**
 * Builds (or places the kept build of) the addon and trains one batch with it. A kept addon that
 * does not train is forgotten and the addon compiled; a compiled one that does not train is removed
 * with its deps/, leaving tfjs-node as npm left it (a broken addon would fail every later run).
 */
export async function buildAndProve(ctx: SetupContext, target: Omit<BuildAddonOptions, 'workDir' | 'signal'>): Promise<Proven> {
  // --force compiles: it is what a user runs when the addon is in doubt.
  const build = { ...target, workDir: ctx.cacheDir, signal: ctx.signal, onStep: ctx.step };
  let built = await buildAddon({ ...build, rebuild: ctx.force });
  if (built.kind === 'ok' && built.kept !== undefined) {
    ctx.step('training one batch on the tensorflow backend');
    const probe = await probeTensorflow(ctx.env);
    if (probe.kind === 'works') return { kind: 'works', libtensorflow: probe.libtensorflow, kept: built.kept };
    ctx.step(`the kept addon does not train (${probe.reason}); building it again`);
    await dropKeptAddon(built.kept);
    built = await buildAddon({ ...build, rebuild: true });
  }
  if (built.kind === 'failed') return built;
  ctx.step('training one batch on the tensorflow backend');
  const probe = await probeTensorflow(ctx.env);
  if (probe.kind === 'works') return { kind: 'works', libtensorflow: probe.libtensorflow };
  await rm(target.addonPath, { force: true });
  await rm(path.join(target.packageDir, 'deps'), { recursive: true, force: true });
  return { kind: 'failed', reason: `the built addon does not train: ${probe.reason}` };
}
