import type { RunRequest } from '../run/run-request.js';
import type { RuntimeName } from '../run/runtime.js';
import { spawnRun, type SpawnRunOptions } from '../run/spawn-run.js';
import type { Trajectory } from '../trajectory/trajectory.js';

/** Runs one request in a fresh process or page and returns its trajectory. */
export type SpawnFn = (request: RunRequest, options: SpawnRunOptions) => Promise<Trajectory>;

/**
 * Every run goes through one of the three spawners: a Node child, a Chromium page or a Python process. The browser
 * spawner (and playwright-core with it) is loaded only when a run needs it.
 */
export function spawnFor(runtime: RuntimeName): SpawnFn {
  if (runtime === 'node') return spawnRun;
  if (runtime === 'keras') return async (request, options) => (await import('../keras/spawn-keras-run.js')).spawnKerasRun(request, options);
  return async (request, options) => (await import('../browser/spawn-browser-run.js')).spawnBrowserRun(request, options);
}
