import { ReproError } from '../errors.js';
import { type ClaimName, type Precondition, type Verdict } from '../invariants/claims.js';
import type { Diagnosis } from '../diagnosis/diagnose.js';
import { type ExpectedVerdicts } from '../invariants/expectations.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import type { SpawnFn, SpawnRunOptions } from '../run/spawn-options.js';
import { type ScenarioConfig } from '../scenario/config.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { type RunEvent, type RunExecutor } from '../execute/run-executor.js';

export interface CheckOptions {
  readonly scenario: ScenarioConfig;
  readonly backends: readonly BackendName[];
  /** Where every run goes (a check set shares one across its checks). @default one of this check's own, from the options below */
  readonly executor?: RunExecutor;
  /** Children at once, without an executor. @default the number of cores */
  readonly parallelism?: number;
  readonly claims?: readonly ClaimName[];
  /** Passed to every spawn (timeout, child entry, env). */
  readonly spawnOptions?: Omit<SpawnRunOptions, 'onEpoch'>;
  readonly spawn?: SpawnFn;
  readonly onEvent?: (event: CheckEvent) => void;
  /** Claims known not to hold (a project config's `expect`); every other claim must hold. */
  readonly expected?: ExpectedVerdicts;
  /** Where the runs train; the spawner is that runtime's unless `spawn` is given. @default DEFAULT_RUNTIME */
  readonly runtime?: RuntimeName;
  /** `native`: every run leaves Math.random as the platform gives it, as an app runs (rerun-native-random is then rerun itself). @default the children seed it */
  readonly mathRandom?: 'native';
  /** A published tfjs release every run trains with (`--tfjs`). @default the project's tfjs */
  readonly tfjs?: string;
}

export type { ExpectedVerdicts } from '../invariants/expectations.js';

export type CheckEvent =
  | { readonly kind: 'planned'; readonly runs: number }
  /** Runs added after planning (each variation of a violated invariance claim, run alone to name a culprit). */
  | { readonly kind: 'extra-runs'; readonly runs: number; readonly why: string }
  | RunEvent;

export type { Precondition } from '../invariants/claims.js';

export type ClaimOutcome =
  | (Verdict & {
      readonly claim: ClaimName;
      readonly backend: BackendName;
      readonly runs: readonly [string, string];
      /** Why, on every violated claim: the cause, where it begins, the evidence and the fix. */
      readonly diagnosis?: Diagnosis;
      /** What a claim that holds rests on: `math-random-seeded` when it holds only because the run seeds `Math.random` (rerun-native-random is violated on this backend). */
      readonly precondition?: Precondition;
    })
  | { readonly kind: 'error'; readonly claim: ClaimName; readonly backend: BackendName; readonly runs: readonly [string, string]; readonly error: ReproError };

export type BackendOutcome =
  | {
      readonly kind: 'ran';
      readonly backend: BackendName;
      readonly claims: readonly ClaimOutcome[];
      readonly runs: ReadonlyMap<string, Trajectory>;
      /** Whether the base run reproduced itself in a second process (the rerun claim's runs, always made): undefined when a run failed. */
      readonly control?: Verdict;
    }
  | {
      readonly kind: 'unavailable';
      readonly backend: BackendName;
      readonly reason: string;
      /**
       * Whose it is: `machine`, not installed or set up here (a gate fails on it unless excused);
       * `scenario`, the runtime cannot build this scenario at all (not applicable); `kernel`, the
       * backend is installed but lacks a kernel this scenario's training calls (fails unless excused).
       */
      readonly scope: 'machine' | 'scenario' | 'kernel';
    };

export interface CheckResult {
  readonly scenario: ScenarioConfig;
  readonly runtime: RuntimeName;
  /** The published tfjs release its runs trained with; absent: the project's tfjs. */
  readonly tfjs?: string;
  readonly backends: readonly BackendOutcome[];
  readonly expected: ExpectedVerdicts;
  /** True when every claim on every available backend has its expected verdict (holds, unless `expected` says otherwise). */
  readonly ok: boolean;
  readonly wallMs: number;
}

/** A check on its way: its runtime and the executor every run of it goes through, resolved once. */
export type ExecutingCheck = CheckOptions & { readonly runtime: RuntimeName; readonly executor: RunExecutor };
