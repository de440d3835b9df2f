import { ReproError, describeValue } from '../errors.js';
import { isReleaseVersion } from '../tfjs-versions/tfjs-release.js';
import { invalid } from '../validation.js';
import { RUNTIME_NAMES, DEFAULT_BACKEND } from '../runtimes/runtime-profiles.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import { DEFAULT_RUNTIME } from '../runtimes/registry.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { ProjectConfig } from '../config/project-config.js';
import { resolveCheck, resolveRuntimePlan as resolvePlan, type ResolvedCheck, type RuntimePlan } from '../plan/resolve-check.js';
import { allowUnavailableOf } from './allow-unavailable.js';
import { createIssueCollector, parallelismOf, parseBackends, parseClaims, timeoutOf, type RawOptions } from './options.js';

/** `--runtime` of a command that takes one (`run`). */
export function runtimeOf(raw: RawOptions): RuntimeName {
  const value = raw.runtime ?? DEFAULT_RUNTIME;
  if (!(RUNTIME_NAMES as readonly unknown[]).includes(value))
    throw invalid('invalid options', [`--runtime: expected one of ${RUNTIME_NAMES.join(', ')}, got ${describeValue(value)}`]);
  return value as RuntimeName;
}

/** `--runtime node,chromium`: each runtime's claims, and the claims across them. */
export function runtimesOf(raw: RawOptions): RuntimeName[] {
  const text = String(raw.runtime ?? DEFAULT_RUNTIME);
  const names = text.split(',').map((name) => name.trim());
  if (names.some((name) => !(RUNTIME_NAMES as readonly string[]).includes(name))) {
    throw invalid('invalid options', [`--runtime: expected a comma-separated list of ${RUNTIME_NAMES.join(', ')}, got ${describeValue(text)}`]);
  }
  return [...new Set(names)] as RuntimeName[];
}

/** `--runtime` and `--backend` as given, then the one resolver of a check's runtimes and backends (src/plan/). */
export function resolveRuntimePlan(raw: RawOptions, project: ProjectConfig, commandDefault: readonly BackendName[]): RuntimePlan {
  const { collect, throwIfAny } = createIssueCollector();
  const runtimes = raw.runtime === undefined ? undefined : collect(() => runtimesOf(raw));
  const backends = raw.backend === undefined ? undefined : collect(() => parseBackends(String(raw.backend)));
  throwIfAny();
  return resolvePlan({ runtimes, backends, project, commandDefault });
}

/**
 * The options every command that checks claims shares (`check`, `sweep`, `report`), each
 * validated into the collector so that all problems are reported at once, then resolved once
 * (src/plan/): runtimes × backends, claims, excuses, parallelism; and the time-out of each run.
 */
export function collectCheckOptions(
  raw: RawOptions,
  project: ProjectConfig,
  collect: <T>(validate: () => T) => T | undefined,
  commandDefault: readonly BackendName[] = [DEFAULT_BACKEND],
): { readonly check: ResolvedCheck | undefined; readonly timeoutMs: number | undefined } {
  const parts = createIssueCollector();
  const runtimes = raw.runtime === undefined ? undefined : parts.collect(() => runtimesOf(raw));
  const backends = raw.backend === undefined ? undefined : parts.collect(() => parseBackends(String(raw.backend)));
  const claims = parts.collect(() => parseClaims(raw.claims as string | undefined));
  const allowUnavailable = parts.collect(() => allowUnavailableOf(raw));
  const parallelism = parts.collect(() => parallelismOf(raw));
  const tfjs = raw.tfjs === undefined ? undefined : parts.collect(() => tfjsVersionsOf(String(raw.tfjs)));
  const check = collect(() => {
    parts.throwIfAny();
    return resolveCheck({
      runtimes,
      backends,
      claims,
      allowUnavailable,
      parallelism,
      project,
      commandDefault,
      ...(raw.mathRandom === 'native' ? { mathRandom: 'native' as const } : {}),
      ...(tfjs === undefined ? {} : { tfjs }),
    });
  });
  return { check, timeoutMs: collect(() => timeoutOf(raw)) };
}

/** `--tfjs 4.21.0,4.22.0`: distinct versions in the order given, each of the form x.y.z (published is checked before the runs). */
export function tfjsVersionsOf(text: string): string[] {
  const versions = [...new Set(text.split(',').map((v) => v.trim()))];
  const bad = versions.filter((v) => !isReleaseVersion(v));
  if (versions.length === 0 || bad.length > 0)
    throw new ReproError('usage', `--tfjs: expected comma-separated published versions such as 4.21.0,4.22.0, got ${describeValue(text)}`);
  return versions;
}
