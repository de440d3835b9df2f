import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';
import { resolveChildEnv } from '../../../run/child-env.js';
import type { ProbeAnswer } from './probe-tensorflow.js';

const PROBE_ENTRY = fileURLToPath(
  import.meta.url.endsWith('.ts')
    ? new URL('../../../../dist/runtimes/node/setup/probe-tensorflow.js', import.meta.url)
    : new URL('./probe-tensorflow.js', import.meta.url),
);
/** Loading libtensorflow and one training step take ~1 s; a hang is a broken addon. */
const PROBE_TIMEOUT_MS = 60_000;

export type ProbeResult = { readonly kind: 'works'; readonly libtensorflow: string } | { readonly kind: 'broken'; readonly reason: string };

/** Does `@tensorflow/tfjs-node` load and train one batch, in a fresh process with a run's environment? */
export async function probeTensorflow(env: NodeJS.ProcessEnv): Promise<ProbeResult> {
  const child = await execaNode(PROBE_ENTRY, [], {
    nodeOptions: [],
    extendEnv: false,
    env: resolveChildEnv(env),
    ipc: true,
    reject: false,
    timeout: PROBE_TIMEOUT_MS,
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
  });
  const answer = child.ipcOutput.find(
    (m): m is ProbeAnswer => typeof m === 'object' && m !== null && (m as ProbeAnswer).type === 'tfjs-repro/probe-tensorflow',
  );
  if (answer?.ok === true) return { kind: 'works', libtensorflow: answer.libtensorflow ?? 'unknown' };
  const stderr = String(child.stderr ?? '')
    .trim()
    .split('\n')
    .slice(-3)
    .join('\n');
  const reason =
    answer?.error ??
    (child.timedOut
      ? `no answer within ${PROBE_TIMEOUT_MS / 1000} s`
      : `the probe exited with ${child.exitCode ?? child.signal}${stderr ? `: ${stderr}` : ''}`);
  return { kind: 'broken', reason: reason.split('\n')[0]! };
}
