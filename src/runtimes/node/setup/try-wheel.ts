import path from 'node:path';
import { WHEEL_LIBRARIES, type TensorflowWheel } from '../tensorflow-pins.js';
import { checkBindingSymbols } from './binding-symbols.js';
import { buildAndProve } from './build-and-prove.js';
import { extractWheel, fetchWheel, libtensorflowDir } from './fetch-wheel.js';
import type { BuildTarget } from './resolve-build-target.js';
import type { SetupContext, SetupOutcome } from './setup-context.js';

/** What one candidate wheel came to: the set-up's outcome (the addon built against it and proven), or why it could not serve. */
export type WheelAttempt = Extract<SetupOutcome, { kind: 'installed' }> | { readonly kind: 'skipped'; readonly reason: string };

export interface WheelCandidate {
  readonly target: BuildTarget;
  readonly wheel: TensorflowWheel;
  /** The candidates tried before this one that could not serve, with why. */
  readonly skipped: readonly string[];
}

/** One candidate: fetched (or taken from the cache), extracted, its symbols checked against the binding, then the addon built and proven. */
export async function tryWheel(ctx: SetupContext, { target, wheel, skipped }: WheelCandidate): Promise<WheelAttempt> {
  const label = `${wheel.distribution} ${wheel.version}`;
  const skip = (reason: string): WheelAttempt => ({ kind: 'skipped', reason: `${label}: ${reason}` });
  ctx.step(`${label}: fetching ${wheel.file} into ${path.join(ctx.cacheDir, 'wheels')}`);
  const fetched = await fetchWheel(wheel, ctx.cacheDir, ctx.python, ctx.signal);
  if (fetched.kind === 'failed') return skip(fetched.reason);
  const libDir = libtensorflowDir(ctx.cacheDir, wheel);
  const extracted = await extractWheel(fetched.wheelFile, libDir, ctx.python, ctx.signal);
  if (extracted.kind === 'failed') return skip(extracted.reason);
  ctx.step(`${label}: ${WHEEL_LIBRARIES.join(', ')} and the C headers ${extracted.cached ? 'already extracted in' : 'extracted into'} ${libDir}`);
  const symbols = await checkBindingSymbols(target.packageDir, libDir);
  if (symbols !== undefined) {
    ctx.step(`${label}: ${symbols}; trying the next candidate`);
    return skip(symbols);
  }
  const proven = await buildAndProve({ ...ctx, step: (line) => ctx.step(`${label}: ${line}`) }, { ...target, libDir, wheel });
  if (proven.kind === 'failed') return skip(proven.reason);
  return {
    kind: 'installed',
    libtensorflow: proven.libtensorflow,
    wheel,
    downloadedBytes: fetched.downloaded ? fetched.bytes : 0,
    wheelBytes: fetched.bytes,
    cacheDir: ctx.cacheDir,
    skipped,
    ...(proven.kept === undefined ? {} : { keptAddon: proven.kept }),
  };
}
