import { Option } from 'commander';
import { spawnBrowserRun } from '../browser/spawn-browser-run.js';
import { describeValue } from '../errors.js';
import type { SpawnFn } from '../run/run-check.js';
import { invalid } from '../run/run-request.js';
import { RUNTIME_NAMES, type RuntimeName } from '../run/runtime.js';
import { spawnRun } from '../run/spawn-run.js';
import type { BackendName } from '../tfjs/backends.js';
import type { RawOptions } from './options.js';

/** The backends a browser has; `check --runtime chromium` runs all of them unless told otherwise. */
export const CHROMIUM_BACKENDS: readonly BackendName[] = ['cpu', 'wasm', 'webgl'];

export const runtimeOption = () =>
  new Option('--runtime <name>', 'node: a fresh Node process per run; chromium: a fresh headless Chromium per run (TFJS_REPRO_CHROMIUM, else /usr/bin/chromium …)').default('node');

export function runtimeOf(raw: RawOptions): RuntimeName {
  const value = raw.runtime ?? 'node';
  if (!(RUNTIME_NAMES as readonly unknown[]).includes(value)) throw invalid('invalid options', [`--runtime: expected one of ${RUNTIME_NAMES.join(', ')}, got ${describeValue(value)}`]);
  return value as RuntimeName;
}

/** Every run goes through one of the two spawners: a Node child or a Chromium page. */
export function spawnFor(runtime: RuntimeName): SpawnFn {
  return runtime === 'chromium' ? spawnBrowserRun : spawnRun;
}
