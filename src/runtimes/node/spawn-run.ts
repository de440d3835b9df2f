import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fork } from 'node:child_process';
import { envelope } from '../../run/protocol.js';
import type { Trajectory } from '../../trajectory/trajectory.js';
import type { SpawnRunOptions } from '../../run/spawn-options.js';
import { resolveChildEnv } from '../../run/child-env.js';
import { reproduceCommand, runPlaceOf } from '../shared/reproduce-command.js';
import { createChildSession } from '../../run/child-session.js';
import { orderedEnv, superviseChild, withUmask } from '../../run/supervise-child.js';
import type { RunRequest } from '../../trajectory/run-request.js';
import { scenarioModuleOf } from '../../scenario/scenario-registry.js';
import { resolveCacheDir } from '../../cache-dir.js';
import { CODE_CACHE_ARG } from './code-cache.js';
import { ensureRelease, readReleaseMark } from '../../tfjs-versions/tfjs-release.js';
import { projectTfjsFrom } from '../../tfjs-versions/project-tfjs.js';
import { TFJS_BACKEND_PACKAGES } from '../shared/tfjs-backends.js';
import { ReproError } from '../../errors.js';

/**
 * Children always run the compiled JS in dist/ (spawning through a TypeScript loader costs
 * ~0.35 s per child, docs/design.md, fact 9); when this module itself runs from src/ under vitest,
 * that is the project's dist/, which `npm test` builds first.
 */
export const CHILD_ENTRY = fileURLToPath(
  import.meta.url.endsWith('.ts') ? new URL('../../../dist/runtimes/node/child-main.js', import.meta.url) : new URL('./child-main.js', import.meta.url),
);

export { DEFAULT_RUN_TIMEOUT_MS } from '../../run/run-limits.js';
export { KILL_GRACE_MS, STDERR_TAIL_BYTES } from '../../run/supervise-child.js';
export type { SpawnRunOptions } from '../../run/spawn-options.js';

/** Every child's command line names its parent, so that a stray child can be traced (`ps -ef`). */
export const PARENT_MARKER_ARG = '--tfjs-repro-parent';

/**
 * Runs one request in a fresh Node process and returns its trajectory (Chromium pages and Python
 * processes have their own spawners, runtimes/chromium/spawn-browser-run.ts and runtimes/keras/spawn-keras-run.ts,
 * over the same child session). It uses node:child_process directly (not execa, which costs the CLI
 * ~115 ms to load): an allow-listed environment, no inherited Node flags, IPC with structured
 * clone, a time-out with kill escalation, cancellation, a stderr tail. Every failure (crash, timeout, protocol error, backend unavailable)
 * becomes a ReproError whose details hold the stderr tail and the command that reproduces it.
 */
export async function spawnRun(request: RunRequest, options: SpawnRunOptions = {}): Promise<Trajectory> {
  // A published release is installed into the cache before the child starts (once; then reused).
  // The release asked for, else the project's tfjs (from the working folder), else the one beside tfjs-repro.
  const tfjsFrom = request.tfjs === undefined ? projectTfjsFrom() : await releaseFor(request as RunRequest & { readonly tfjs: string });
  options.cancelSignal?.throwIfAborted();
  const env = resolveChildEnv(process.env, options.env);
  const subprocess = withUmask(options.umask, () =>
    fork(options.childEntry ?? CHILD_ENTRY, [`${PARENT_MARKER_ARG}=${process.pid}`, ...codeCacheArgs(options.codeCache)], {
      execPath: process.execPath,
      // No flags of the parent (a test runner's --conditions, loaders): only a heap limit, if asked.
      execArgv: options.memoryLimitMb === undefined ? [] : [`--max-old-space-size=${options.memoryLimitMb}`],
      env: orderedEnv(env, options.reverseEnvOrder),
      cwd: options.cwd,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    }),
  );
  const { stop, outcome } = superviseChild(subprocess, options, (stderrTail) =>
    /heap limit|out of memory/i.test(stderrTail)
      ? `out of memory${options.memoryLimitMb === undefined ? '' : `: limit ${options.memoryLimitMb} MB`}`
      : undefined,
  );
  const session = createChildSession(runPlaceOf('node', request), options.onEpoch);
  subprocess.on('message', (raw) => {
    try {
      session.receive(raw);
    } catch {
      // A child that breaks the protocol is not waited for; the session reports the breach.
      stop();
    }
  });
  subprocess.on('error', () => undefined); // a failed send to a child that is gone: its exit says what happened
  subprocess.send(
    envelope({ type: 'run' as const, request, ...scenarioModuleField(request), ...(tfjsFrom === undefined ? {} : { tfjsFrom }) }),
    () => undefined,
  );
  const { end, details } = await outcome;
  return session.settle(end, details);
}

/** The folder of the request's release, installed if needed; a backend the release was published without is unavailable. */
async function releaseFor(request: RunRequest & { readonly tfjs: string }): Promise<string> {
  const dir = await ensureRelease(request.tfjs, { cacheDir: resolveCacheDir(undefined, process.env) });
  const missing = (await readReleaseMark(dir))?.missing ?? [];
  const backendPackage = TFJS_BACKEND_PACKAGES[request.backend];
  if (backendPackage !== undefined && missing.includes(backendPackage)) {
    throw new ReproError(
      'backend-unavailable',
      `--tfjs ${request.tfjs}: ${backendPackage} has no release ${request.tfjs} on the npm registry; use another backend or release`,
      {
        details: [`reproduce: ${reproduceCommand(request, 'node')}`],
      },
    );
  }
  return dir;
}

/** The child keeps V8's code cache in the tfjs-repro cache folder unless told otherwise. */
function codeCacheArgs(codeCache: SpawnRunOptions['codeCache']): string[] {
  if (codeCache === false) return [];
  return [`${CODE_CACHE_ARG}=${codeCache ?? path.join(resolveCacheDir(undefined, process.env), 'v8-code-cache')}`];
}

function scenarioModuleField(request: RunRequest): { scenarioModule?: string } {
  const module = scenarioModuleOf(request.scenario.scenario);
  return module === undefined ? {} : { scenarioModule: module };
}
