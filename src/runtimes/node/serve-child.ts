import os from 'node:os';
import seedrandom from 'seedrandom';
import { ReproError } from '../../errors.js';
import { resolveRunRequest } from '../../trajectory/run-request.js';
import { loadScenarioModule } from '../../scenario/load-scenario-module.js';
import { deriveSeeds as deriveSeedsDefault, type DerivedSeeds } from '../../scenario/seeds.js';
import { loadTfjs, type LoadedTfjs } from './load-tfjs.js';
import type { Provenance } from '../../trajectory/trajectory.js';
import { envelope, parseParentMessage, type ChildPayload } from '../../run/protocol.js';
import { readFlags, reseedAfterLoad, toTrajectory, trainScenario } from '../../train/train.js';
import { codeCacheDirFromArgs, enableCodeCache } from './code-cache.js';

/** The environment variables recorded in provenance: the ones that can change tfjs's numbers. */
export const PROVENANCE_ENV_PATTERN = /^(TF_|OMP_|KMP_|MKL_)/;
const RECORDED_FLAGS = ['WASM_HAS_SIMD_SUPPORT', 'WASM_HAS_MULTITHREAD_SUPPORT', 'KEEP_INTERMEDIATE_TENSORS', 'DEBUG'] as const;

export interface ServeChildOptions {
  /**
   * How seeds are derived from the request; injectable so that test fixtures can build a
   * deliberately nondeterministic trainer out of the real one.
   */
  readonly deriveSeeds?: (request: ReturnType<typeof resolveRunRequest>['scenario']) => DerivedSeeds;
}

/**
 * The child side of a run: wait for one `run` message, seed `Math.random`, load tfjs with the
 * requested backend, train, send the trajectory, disconnect. Nothing is read from or written to
 * stdout on purpose.
 */
export function serveChild(options: ServeChildOptions = {}): void {
  if (process.send === undefined) {
    process.stderr.write('tfjs-repro child: start it through tfjs-repro (it needs an IPC channel).\n');
    process.exitCode = 2;
    return;
  }
  const codeCacheDir = codeCacheDirFromArgs(process.argv);
  const codeCache = codeCacheDir === undefined ? undefined : enableCodeCache(codeCacheDir);
  process.once('message', (message) => {
    void runOnce(message, options).finally(() => {
      codeCache?.save();
      process.disconnect();
    });
  });
}

async function runOnce(message: unknown, options: ServeChildOptions): Promise<void> {
  try {
    const parsed = parseParentMessage(message);
    if (typeof parsed.scenarioModule === 'string') await loadScenarioModule(parsed.scenarioModule, process.cwd());
    const request = resolveRunRequest(parsed.request);
    const seeds = (options.deriveSeeds ?? deriveSeedsDefault)(request.scenario);
    // Before tfjs loads: anything in tfjs that draws from Math.random while loading draws from
    // this stream; reseedAfterLoad then starts training at the same point as in a browser. A
    // request for the native Math.random leaves it as Node gives it, as an app runs.
    const seeded = request.mathRandom !== 'native';
    if (seeded) seedrandom(seeds.mathRandom, { global: true });
    const tfjs = await loadTfjs(request.backend, parsed.tfjsFrom);
    if (seeded) reseedAfterLoad(seeds);
    const startupMs = performance.now();
    await send({ type: 'ready', startupMs });
    const training = await trainScenario(tfjs, request, seeds, {
      onEpoch: (epoch, loss) => void send({ type: 'epoch', epoch, epochs: request.scenario.epochs, loss }),
    });
    const trajectory = toTrajectory(request, training, readProvenance(tfjs), startupMs, process.resourceUsage().maxRSS / 1024);
    await send({ type: 'result', trajectory });
  } catch (error) {
    process.exitCode = 1;
    const code = error instanceof ReproError ? error.code : 'internal';
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${text}\n`);
    await send({ type: 'error', code, message: error instanceof Error ? error.message : String(error) });
  }
}

function send(payload: ChildPayload): Promise<void> {
  return new Promise((resolve) => {
    process.send!(envelope(payload), undefined, {}, () => resolve());
  });
}

function readProvenance(tfjs: LoadedTfjs): Provenance {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env).sort(([a], [b]) => a.localeCompare(b))) {
    if (PROVENANCE_ENV_PATTERN.test(key) && value !== undefined) env[key] = value;
  }
  // Where the packages came from (the project's node_modules, or a release in the cache): a flag, so
  // that a golden made in one checkout still judges a run in another.
  const flags = { ...readFlags(tfjs.tf, RECORDED_FLAGS), ...(tfjs.from === undefined ? {} : { TFJS_FROM: tfjs.from }) };
  return {
    runtime: 'node',
    backend: tfjs.backend,
    packages: tfjs.versions,
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    env,
    flags,
  };
}
