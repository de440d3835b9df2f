/**
 * Every runtime's profile (name, one-line summary, backends), by name: what `--help`, the config's
 * checks and every name list need, without loading a runtime. registry.ts lists the runtimes
 * themselves; a new runtime is a folder beside these, its profile here and its entry there.
 */
import type { RuntimeProfile } from './shared/runtime.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import { chromiumProfile } from './chromium/chromium-profile.js';
import { kerasProfile } from './keras/keras-profile.js';
import { nodeProfile } from './node/node-profile.js';

export { DEFAULT_BACKEND, DEFAULT_RUNTIME, runLabel, runtimeFilePrefix, runtimeFlag, runtimeIn, runtimePrefix } from './shared/names.js';

export const RUNTIME_PROFILES: Readonly<Record<RuntimeName, RuntimeProfile>> = Object.fromEntries(
  [nodeProfile, chromiumProfile, kerasProfile].map((profile) => [profile.name, profile]),
);

/** The runtimes' names, in the order checks and reports list them. */
export const RUNTIME_NAMES: readonly RuntimeName[] = Object.keys(RUNTIME_PROFILES);

/** What each runtime can run: a browser has no tensorflow (tfjs-node), Node no webgl; keras runs Keras 3's backends. */
export const RUNTIME_BACKENDS: Readonly<Record<RuntimeName, readonly BackendName[]>> = Object.fromEntries(
  RUNTIME_NAMES.map((name) => [name, RUNTIME_PROFILES[name]!.backends]),
);

/** Every backend some runtime runs, in the runtimes' order. */
export const BACKEND_NAMES: readonly BackendName[] = [...new Set(RUNTIME_NAMES.flatMap((name) => RUNTIME_BACKENDS[name]!))];

/** The backends a runtime runs (none for a name no runtime has). */
export function backendsIn(runtime: RuntimeName): readonly BackendName[] {
  return RUNTIME_BACKENDS[runtime] ?? [];
}

export function isRuntimeName(value: unknown): value is RuntimeName {
  return typeof value === 'string' && RUNTIME_NAMES.includes(value);
}

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && BACKEND_NAMES.includes(value);
}
