import { spawnBrowserRun } from '../browser/spawn-browser-run.js';
import type { SpawnFn } from './run-check.js';
import type { RuntimeName } from '../run/runtime.js';
import { spawnRun } from '../run/spawn-run.js';

/** Every run goes through one of the two spawners: a Node child or a Chromium page. */
export function spawnFor(runtime: RuntimeName): SpawnFn {
  return runtime === 'chromium' ? spawnBrowserRun : spawnRun;
}
