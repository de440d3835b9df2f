import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { envelope } from '../../run/protocol.js';
import { resolveChildEnv } from '../../run/child-env.js';
import { runPlaceOf } from '../shared/reproduce-command.js';
import { createChildSession } from '../../run/child-session.js';
import type { RunRequest } from '../../trajectory/run-request.js';
import type { SpawnRunOptions } from '../../run/spawn-options.js';
import { orderedEnv, superviseChild, withUmask } from '../../run/supervise-child.js';
import { deriveSeeds } from '../../scenario/seeds.js';
import { generateSineData } from '../../scenario/sine-data.js';
import type { Trajectory } from '../../trajectory/trajectory.js';
import { KERAS_CHILD_SCRIPT, resolveKerasVenv, venvPython } from './keras-environment.js';

/**
 * What a Python child needs beyond the Node children's allow-list (src/run/child-env.ts, whose
 * TF_* defaults TensorFlow's runtime reads too): the Keras backend, a fixed hash seed, no bytecode
 * written into the environment, Keras's config folder inside the environment rather than ~/.keras,
 * and one thread for PyTorch's and XLA's CPU pools (threads-invariance varies them).
 */
export function kerasChildEnv(request: RunRequest, venv: string): Record<string, string> {
  return {
    KERAS_BACKEND: request.backend,
    KERAS_HOME: `${venv}/keras-home`,
    PYTHONHASHSEED: '0',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
    OMP_NUM_THREADS: '1',
    XLA_FLAGS: '--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1',
  };
}

/**
 * Runs one request in a fresh Python process (Keras 3 on the request's backend) and returns its
 * trajectory: the counterpart of spawnRun, with the same options, session (message order, error
 * codes, reproduce command), time-out with kill escalation and stderr tail. The run message goes
 * to the child's stdin; its messages come back as JSON lines on file descriptor 3, never on
 * stdout, which TensorFlow and absl fill with banners. The data comes from tfjs-repro's own seeded
 * generator, so both frameworks train on the same float32 values.
 */
export async function spawnKerasRun(request: RunRequest, options: SpawnRunOptions = {}): Promise<Trajectory> {
  const session = createChildSession(runPlaceOf('keras', request), options.onEpoch);
  // Whether the backend is set up and the runtime builds the scenario was asked by the caller
  // (the registry's unavailableReason), once per check.
  const { scenario } = request;
  options.cancelSignal?.throwIfAborted();
  const venv = resolveKerasVenv();
  const data = generateSineData(scenario, deriveSeeds(scenario).data);
  const env = { ...resolveChildEnv(process.env, kerasChildEnv(request, venv)), ...options.env };
  const child = withUmask(options.umask, () =>
    spawn(venvPython(venv), ['-s', options.childEntry ?? KERAS_CHILD_SCRIPT], {
      env: orderedEnv(env, options.reverseEnvOrder),
      cwd: options.cwd,
      stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
    }),
  );
  const { stop, outcome } = superviseChild(child, options, (stderrTail) => (/MemoryError|Killed/.test(stderrTail) ? 'out of memory' : undefined));
  child.on('error', () => undefined); // a missing interpreter: 'close' follows with its code
  child.stdin?.on('error', () => undefined); // a child that died before reading its request
  child.stdin?.end(`${JSON.stringify(envelope({ type: 'run' as const, request, data: { x: Array.from(data.x), y: Array.from(data.y) } }))}\n`);
  createInterface({ input: child.stdio[3] as Readable, crlfDelay: Infinity }).on('line', (line) => {
    try {
      session.receive(decode(line));
    } catch {
      stop(); // a child that breaks the protocol is not waited for; the session reports the breach
    }
  });
  const { end, details } = await outcome;
  return session.settle(end, details);
}

/**
 * One line from the child, as the session expects it: JSON cannot carry NaN, so an epoch's
 * non-finite loss arrives as null (its bits are in the trajectory), and the result gains the
 * Node that drove the run.
 */
function decode(line: string): unknown {
  let message: Record<string, unknown>;
  try {
    message = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line; // not a message object: the session names it as a protocol error
  }
  if (typeof message !== 'object' || message === null) return message;
  if (message.type === 'epoch' && message.loss === null) return { ...message, loss: Number.NaN };
  if (message.type === 'result' && typeof message.trajectory === 'object' && message.trajectory !== null) {
    const trajectory = message.trajectory as { provenance?: Record<string, unknown> };
    if (trajectory.provenance !== undefined) trajectory.provenance.node = process.version;
  }
  return message;
}
