import type { RunRequest } from '../trajectory/run-request.js';
import type { Trajectory } from '../trajectory/trajectory.js';

/** What every runtime's spawner takes besides the request (each uses what applies to it). */
export interface SpawnRunOptions {
  /** Kill the child after this long. @default DEFAULT_RUN_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** Child entry file; tests point it at misbehaving fixtures. Node runtime only */
  readonly childEntry?: string;
  /** Extra environment for the child, on top of the allow-list. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** File-mode creation mask of the child. */
  readonly umask?: number;
  /** Put the allow-listed variables in reverse order (env-invariance checks that order is irrelevant). */
  readonly reverseEnvOrder?: boolean;
  /** V8 heap limit of the child (--max-old-space-size); unlimited beyond Node's default when absent. */
  readonly memoryLimitMb?: number;
  /**
   * The folder of V8's code cache for the child's CommonJS bundles (compile time only, never a
   * number: runtimes/node/code-cache.ts); false compiles everything afresh. Node runtime only.
   * @default `<cache dir>/v8-code-cache`
   */
  readonly codeCache?: string | false;
  readonly cancelSignal?: AbortSignal;
  /** Called once the child process exists, with its pid. */
  readonly onSpawn?: (pid: number) => void;
  /** Called for every epoch the child finishes. */
  readonly onEpoch?: (epoch: number, epochs: number, loss: number) => void;
}

/** Runs one request in a fresh process or page and returns its trajectory. */
export type SpawnFn = (request: RunRequest, options: SpawnRunOptions) => Promise<Trajectory>;
