import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { RunEnd } from './child-session.js';
import { DEFAULT_RUN_TIMEOUT_MS } from './run-limits.js';

/** Time a child gets after SIGTERM before SIGKILL. */
export const KILL_GRACE_MS = 2_000;
/** How much of a child's stderr is kept for error messages. */
export const STDERR_TAIL_BYTES = 4_096;

export interface SuperviseOptions {
  /** Kill the child after this long. @default DEFAULT_RUN_TIMEOUT_MS */
  readonly timeoutMs?: number;
  readonly cancelSignal?: AbortSignal;
  readonly onSpawn?: (pid: number) => void;
}

export interface ChildOutcome {
  /** How the run ended, for the session (`exited` carries `note` when `noteOf` finds one in stderr). */
  readonly end: RunEnd;
  /** `stderr (tail):` and its lines, indented; empty when the child wrote nothing there. */
  readonly details: readonly string[];
}

/**
 * What every child process of a run gets, Node or Python alike: a stderr tail, a time-out and a
 * cancel signal that end it with SIGTERM and then SIGKILL after a grace period (a child may ignore
 * SIGTERM), and its ending once 'close' has delivered every message and stderr byte. `stop` ends
 * it early (a child that broke the protocol is not waited for).
 */
export function superviseChild(
  child: ChildProcess,
  options: SuperviseOptions,
  noteOf: (stderrTail: string) => string | undefined = () => undefined,
): { readonly stop: () => void; readonly outcome: Promise<ChildOutcome> } {
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
  });
  if (child.pid !== undefined) options.onSpawn?.(child.pid);

  let ending: 'timed-out' | 'cancelled' | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (): void => {
    child.kill('SIGTERM');
    killTimer ??= setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  };
  const timeoutMs = options.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
  const timeout = setTimeout(() => {
    ending ??= 'timed-out';
    stop();
  }, timeoutMs);
  const cancel = (): void => {
    ending ??= 'cancelled';
    stop();
  };
  if (options.cancelSignal?.aborted === true) cancel();
  options.cancelSignal?.addEventListener('abort', cancel, { once: true });

  const outcome = (async (): Promise<ChildOutcome> => {
    // 'close' comes after the exit and after every message and stderr byte has been delivered.
    const [exitCode, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
    clearTimeout(timeout);
    clearTimeout(killTimer);
    options.cancelSignal?.removeEventListener('abort', cancel);
    const details =
      stderrTail.trim() === ''
        ? []
        : [
            'stderr (tail):',
            ...stderrTail
              .trimEnd()
              .split('\n')
              .map((line) => `  ${line}`),
          ];
    if (ending === 'timed-out') return { end: { kind: 'timed-out', ms: timeoutMs }, details };
    if (ending === 'cancelled') return { end: { kind: 'cancelled' }, details };
    return { end: { kind: 'exited', exitCode: exitCode ?? undefined, signal: signal ?? undefined, note: noteOf(stderrTail) }, details };
  })();
  return { stop, outcome };
}

/**
 * Spawns with the given umask: a child inherits the umask at spawn time, and spawning is
 * synchronous, so it is set just around the call.
 */
export function withUmask<T>(umask: number | undefined, spawn: () => T): T {
  const previous = umask === undefined ? undefined : process.umask(umask);
  try {
    return spawn();
  } finally {
    if (previous !== undefined) process.umask(previous);
  }
}

/** The environment as given, or its variables in reverse order (env-invariance varies the order). */
export function orderedEnv(env: Record<string, string>, reverse: boolean | undefined): Record<string, string> {
  return reverse ? Object.fromEntries(Object.entries(env).reverse()) : env;
}
