import { Option } from 'commander';
import { spawnBrowserRun } from '../browser/spawn-browser-run.js';
import { describeValue } from '../errors.js';
import { CHROMIUM_ENV, WELL_KNOWN_CHROMIUM } from '../browser/find-chromium.js';
import type { SpawnFn } from '../run/run-check.js';
import { invalid } from '../run/run-request.js';
import { RUNTIME_NAMES, type RuntimeName } from '../run/runtime.js';
import { spawnRun } from '../run/spawn-run.js';
import type { BackendName } from '../tfjs/backends.js';
import type { RawOptions } from './options.js';

/** The backends a browser has; `check --runtime chromium` runs all of them unless told otherwise. */
export const CHROMIUM_BACKENDS: readonly BackendName[] = ['cpu', 'wasm', 'webgl'];

export const runtimeOption = (list = false) =>
  new Option(
    list ? '--runtime <list>' : '--runtime <name>',
    `node: a fresh Node process per run; chromium: a fresh headless Chromium per run (${CHROMIUM_ENV}, else ${WELL_KNOWN_CHROMIUM[0]} …; never downloaded)${list ? '; node,chromium also checks node/b ≡ chromium/b and webgl against cpu' : ''}`,
  ).default('node');

export function runtimeOf(raw: RawOptions): RuntimeName {
  const value = raw.runtime ?? 'node';
  if (!(RUNTIME_NAMES as readonly unknown[]).includes(value)) throw invalid('invalid options', [`--runtime: expected one of ${RUNTIME_NAMES.join(', ')}, got ${describeValue(value)}`]);
  return value as RuntimeName;
}

/** `--runtime node,chromium`: each runtime's claims, and the claims across them. */
export function runtimesOf(raw: RawOptions): RuntimeName[] {
  const text = String(raw.runtime ?? 'node');
  const names = text.split(',').map((name) => name.trim());
  if (names.some((name) => !(RUNTIME_NAMES as readonly string[]).includes(name))) {
    throw invalid('invalid options', [`--runtime: expected a comma-separated list of ${RUNTIME_NAMES.join(', ')}, got ${describeValue(text)}`]);
  }
  return [...new Set(names)] as RuntimeName[];
}

/**
 * The backends a runtime runs out of the ones asked for: a browser has no tensorflow, Node no
 * webgl. With nothing left, the list as asked (so that the absence is reported, not hidden).
 */
export function backendsFor(runtime: RuntimeName, asked: readonly BackendName[], explicit: boolean): BackendName[] {
  if (!explicit) return runtime === 'chromium' ? [...CHROMIUM_BACKENDS] : [...asked];
  const own = asked.filter((backend) => (runtime === 'chromium' ? backend !== 'tensorflow' : backend !== 'webgl'));
  return own.length > 0 ? own : [...asked];
}

/** Every run goes through one of the two spawners: a Node child or a Chromium page. */
export function spawnFor(runtime: RuntimeName): SpawnFn {
  return runtime === 'chromium' ? spawnBrowserRun : spawnRun;
}
