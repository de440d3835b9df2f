import { Option } from 'commander';
import { describeValue } from '../errors.js';
import { CHROMIUM_ENV, WELL_KNOWN_CHROMIUM } from '../browser/find-chromium.js';
import { invalid } from '../run/run-request.js';
import { RUNTIME_NAMES, type RuntimeName } from '../run/runtime.js';
import { backendsOf, RUNTIME_BACKENDS } from '../run/runtime-backends.js';
import type { BackendName } from '../tfjs/backends.js';
import type { RawOptions } from './options.js';

/** The backends a browser has; `check --runtime chromium` runs all of them unless told otherwise. */
export const CHROMIUM_BACKENDS: readonly BackendName[] = RUNTIME_BACKENDS.chromium;

export const runtimeOption = (list = false) =>
  new Option(
    list ? '--runtime <list>' : '--runtime <name>',
    `node: a fresh Node process per run; chromium: a fresh headless Chromium per run (${CHROMIUM_ENV}, else ${WELL_KNOWN_CHROMIUM[0]} …; never downloaded)${list ? '; comma-separated for several (check then also judges node/b ≡ chromium/b and webgl against cpu)' : ''}`,
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

/** The backends a runtime runs: the ones asked for that it has, or, when none was asked for, the default. */
export function backendsFor(runtime: RuntimeName, asked: readonly BackendName[], explicit: boolean): BackendName[] {
  if (!explicit) return runtime === 'chromium' ? [...CHROMIUM_BACKENDS] : [...asked];
  return backendsOf(runtime, asked);
}
