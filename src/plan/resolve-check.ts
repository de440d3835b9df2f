import os from 'node:os';
import { resolveExcuses, type Excuses } from '../config/excuses.js';
import type { ClaimName } from '../invariants/claims.js';
import {
  BACKEND_NAMES,
  backendsOf,
  DEFAULT_RUNTIME,
  isBackendName,
  isRuntimeName,
  RUNTIME_BACKENDS,
  RUNTIME_NAMES,
  runtimeNamed,
} from '../runtimes/registry.js';
import { describeValue } from '../errors.js';
import { invalid } from '../validation.js';
import { DEFAULT_BACKEND } from '../runtimes/runtime-profiles.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';

/** Which runtimes a check runs, each with its backends. */
export type RuntimePlan = readonly { readonly runtime: RuntimeName; readonly backends: readonly BackendName[] }[];

/** What a check was asked, as the CLI, the API and the vitest matchers each take it (parsed, not yet resolved). */
export interface CheckInput {
  /** @default the config's runtimes, else node */
  readonly runtimes?: readonly RuntimeName[];
  /** @default the config's, else each runtime's default, else `commandDefault` */
  readonly backends?: readonly BackendName[];
  /** @default every claim that applies */
  readonly claims?: readonly ClaimName[];
  /** The entries of `--allow-unavailable`, joined with the config's `optional`. @default none */
  readonly allowUnavailable?: readonly string[];
  /** Children at once. @default the number of cores */
  readonly parallelism?: number;
  /** `native`: every run leaves Math.random as the platform gives it (the app's world). @default the children seed it */
  readonly mathRandom?: 'native';
  /** Published tfjs releases to check each on (`--tfjs`); validated by the command (published, installable). */
  readonly tfjs?: readonly string[];
  /** The project config's runtimes, backends and optional list. */
  readonly project?: {
    readonly runtimes?: Readonly<Partial<Record<RuntimeName, readonly BackendName[]>>>;
    readonly backends?: readonly BackendName[];
    readonly optional?: readonly string[];
    /** Scenarios that run elsewhere than the config's `runtimes` say. */
    readonly scenarios?: readonly { readonly scenario: string; readonly runtimes?: Readonly<Partial<Record<RuntimeName, readonly BackendName[]>>> }[];
  };
  /** The backends of a runtime that has no default of its own (check: wasm; report: all of Node's). @default [DEFAULT_BACKEND] */
  readonly commandDefault?: readonly BackendName[];
}

/** A check resolved once: every command and API that checks claims runs exactly this. */
export interface ResolvedCheck {
  readonly plan: RuntimePlan;
  /** The plans of the config's scenarios that name their own `runtimes` (when the command names none). */
  readonly scenarioPlans?: Readonly<Record<string, RuntimePlan>>;
  readonly claims?: readonly ClaimName[];
  readonly excuses: Excuses;
  readonly parallelism: number;
  readonly mathRandom?: 'native';
  readonly tfjs?: readonly string[];
}

/** The one place a check's defaults are decided: runtimes × backends, claims, excuses, parallelism. */
export function resolveCheck(input: CheckInput): ResolvedCheck {
  const issues = [
    ...(input.runtimes ?? [])
      .filter((name) => !isRuntimeName(name))
      .map((name) => `runtimes: expected names among ${RUNTIME_NAMES.join(', ')}, got ${describeValue(name)}`),
    ...(input.backends ?? [])
      .filter((name) => !isBackendName(name))
      .map((name) => `backends: expected names among ${BACKEND_NAMES.join(', ')}, got ${describeValue(name)}`),
  ];
  if (issues.length > 0) throw invalid('invalid check', issues);
  const own = input.runtimes === undefined && input.backends === undefined ? (input.project?.scenarios ?? []).filter((s) => s.runtimes !== undefined) : [];
  return {
    plan: resolveRuntimePlan(input),
    ...(own.length === 0
      ? {}
      : {
          scenarioPlans: Object.fromEntries(
            own.map((s) => [s.scenario, resolveRuntimePlan({ ...input, project: { ...input.project!, runtimes: s.runtimes } })]),
          ),
        }),
    ...(input.claims === undefined ? {} : { claims: input.claims }),
    excuses: resolveExcuses(input.allowUnavailable, input.project?.optional),
    parallelism: input.parallelism ?? os.availableParallelism(),
    ...(input.mathRandom === undefined ? {} : { mathRandom: input.mathRandom }),
    ...(input.tfjs === undefined ? {} : { tfjs: input.tfjs }),
  };
}

/**
 * The runtimes asked for (else the config's, else node), each with the backends asked for (else
 * the config's for that runtime, or for tfjs's runtimes its `backends`; else the runtime's own
 * default: chromium and keras run all of theirs; else the command's). A backend a runtime does not
 * have is dropped from its list (a browser has no tensorflow, Node no webgl), unless nothing would
 * be left: then its absence is reported. Runtimes that come from the config, not from the input,
 * are left out when none of the backends asked for runs in them (`golden update --backend cpu` in
 * a project that also has keras).
 */
export function resolveRuntimePlan(input: Pick<CheckInput, 'runtimes' | 'backends' | 'project' | 'commandDefault'>): RuntimePlan {
  const { project = {} } = input;
  const runtimes = input.runtimes ?? (project.runtimes === undefined ? [DEFAULT_RUNTIME] : (Object.keys(project.runtimes) as RuntimeName[]));
  const asked = input.backends;
  const own = (runtime: RuntimeName) => asked === undefined || input.runtimes !== undefined || asked.some((b) => RUNTIME_BACKENDS[runtime]!.includes(b));
  const kept = runtimes.filter(own);
  return [...new Set(kept.length > 0 ? kept : runtimes)].map((runtime) => {
    const entry = runtimeNamed(runtime);
    const list = asked ??
      project.runtimes?.[runtime] ??
      (entry.tfjs ? project.backends : undefined) ??
      entry.defaultBackends ??
      input.commandDefault ?? [DEFAULT_BACKEND];
    return { runtime, backends: backendsOf(runtime, list) };
  });
}

/** The one backend a single-run command (a golden matcher) takes in a runtime when none is named: the default backend where it runs there, else the runtime's first. */
export function defaultBackendIn(runtime: RuntimeName): BackendName {
  const { backends } = runtimeNamed(runtime);
  return backends.includes(DEFAULT_BACKEND) ? DEFAULT_BACKEND : backends[0]!;
}
