/**
 * Every runtime's profile (name, one-line summary, backends), by name: what `--help` and the
 * config's checks need, without loading a runtime. registry.ts lists the runtimes themselves.
 */
import type { RuntimeProfile } from './shared/runtime.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import { chromiumProfile } from './chromium/chromium-profile.js';
import { kerasProfile } from './keras/keras-profile.js';
import { nodeProfile } from './node/node-profile.js';

export const RUNTIME_PROFILES: Readonly<Record<RuntimeName, RuntimeProfile>> = { node: nodeProfile, chromium: chromiumProfile, keras: kerasProfile };

/** What each runtime can run: a browser has no tensorflow (tfjs-node), Node no webgl; keras runs Keras 3's backends. */
export const RUNTIME_BACKENDS: Readonly<Record<RuntimeName, readonly BackendName[]>> = {
  node: nodeProfile.backends,
  chromium: chromiumProfile.backends,
  keras: kerasProfile.backends,
};
