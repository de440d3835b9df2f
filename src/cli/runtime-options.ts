import { describeValue } from '../errors.js';
import { invalid } from '../validation.js';
import { RUNTIME_NAMES, type RuntimeName } from '../trajectory/runtime-name.js';
import { backendsOf, RUNTIME_BACKENDS, runtimeNamed } from '../runtimes/registry.js';
import type { BackendName } from '../tfjs/backends.js';
import type { ProjectConfig } from '../config/project-config.js';
import type { RuntimePlan } from '../check/check-set.js';
import { createIssueCollector, parallelismOf, parseBackends, parseClaims, timeoutOf, type RawOptions } from './options.js';
import { DEFAULT_BACKEND } from '../tfjs/backend-names.js';

/** `--runtime` of a command that takes one (`run`). */
export function runtimeOf(raw: RawOptions): RuntimeName {
  const value = raw.runtime ?? 'node';
  if (!(RUNTIME_NAMES as readonly unknown[]).includes(value))
    throw invalid('invalid options', [`--runtime: expected one of ${RUNTIME_NAMES.join(', ')}, got ${describeValue(value)}`]);
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
 * `--runtime` and `--backend` first, then the config's `runtimes` (or, for tfjs's runtimes, its
 * `backends`), then the runtime's default (chromium and keras: all of theirs), then the command's. A backend a runtime does not have is dropped from its list (a browser has
 * no tensorflow, Node no webgl), unless nothing would be left: then its absence is reported.
 */
export function resolveRuntimePlan(raw: RawOptions, project: ProjectConfig, commandDefault: readonly BackendName[]): RuntimePlan {
  const { collect, throwIfAny } = createIssueCollector();
  const runtimes =
    raw.runtime !== undefined
      ? collect(() => runtimesOf(raw))
      : project.runtimes !== undefined
        ? (Object.keys(project.runtimes) as RuntimeName[])
        : ['node' as const];
  const asked = raw.backend === undefined ? undefined : collect(() => parseBackends(String(raw.backend)));
  throwIfAny();
  // Runtimes that come from the config, not from --runtime, are left out when none of the
  // backends asked for runs in them (`golden update --backend cpu` in a project that also has keras).
  const own = (runtime: RuntimeName) => asked === undefined || raw.runtime !== undefined || asked.some((b) => RUNTIME_BACKENDS[runtime].includes(b));
  const kept = runtimes!.filter(own);
  return (kept.length > 0 ? kept : runtimes!).map((runtime) => {
    const entry = runtimeNamed(runtime);
    const list = asked ?? project.runtimes?.[runtime] ?? (entry.tfjs ? project.backends : undefined) ?? entry.defaultBackends ?? commandDefault;
    return { runtime, backends: backendsOf(runtime, list) };
  });
}

/**
 * The options every command that checks claims shares (`check`, `sweep`), each validated into the
 * collector so that all problems are reported at once: runtimes × backends, claims, time-out, parallelism.
 */
export function collectCheckOptions(raw: RawOptions, project: ProjectConfig, collect: <T>(validate: () => T) => T | undefined) {
  return {
    plan: collect(() => resolveRuntimePlan(raw, project, [DEFAULT_BACKEND])),
    claims: collect(() => parseClaims(raw.claims as string | undefined)),
    timeoutMs: collect(() => timeoutOf(raw)),
    parallelism: collect(() => parallelismOf(raw)),
  };
}
