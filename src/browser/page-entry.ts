/**
 * The browser side of a chromium run, bundled by esbuild into dist/browser/page.js. It does what
 * a Node child does (src/child/serve-child.ts): seed Math.random before tfjs loads, load the
 * requested backend, train with the same scenario code, and send typed messages to the parent
 * through a binding Playwright exposes (`tfjsReproSend`), never through the console.
 */
import seedrandom from 'seedrandom';
import { envelope, type ChildPayload } from '../child/protocol.js';
import { trainScenario } from '../child/train.js';
import { ReproError } from '../errors.js';
import { resolveRunRequest } from '../run/run-request.js';
import { deriveSeeds } from '../scenario/seeds.js';
import type { Tf } from '../tfjs/load-tfjs.js';
import { patchUnpackGradient } from '../tfjs/unpack-gradient.js';
import { TRAJECTORY_FORMAT, TRAJECTORY_VERSION, type Trajectory } from '../trajectory/trajectory.js';

/** What the parent puts on the page before any script runs. */
export interface PageInput {
  readonly request: unknown;
  /** Where the wasm backend's .wasm files are served. */
  readonly wasmPath: string;
  readonly browserVersion: string;
}

/** The page's globals this module uses (the project compiles without the DOM library). */
interface PageGlobals {
  readonly __tfjsReproInput: PageInput;
  readonly tfjsReproSend: (message: unknown) => Promise<void>;
  readonly navigator: { readonly platform: string; readonly hardwareConcurrency: number };
}

const page = globalThis as unknown as PageGlobals;

const RECORDED_FLAGS = ['WEBGL_VERSION', 'WEBGL_RENDER_FLOAT32_ENABLED', 'WEBGL_PACK', 'WASM_HAS_SIMD_SUPPORT', 'WASM_HAS_MULTITHREAD_SUPPORT'] as const;

async function send(payload: ChildPayload): Promise<void> {
  await page.tfjsReproSend(envelope(payload));
}

async function main(): Promise<void> {
  const input = page.__tfjsReproInput;
  try {
    const request = resolveRunRequest(input.request as Parameters<typeof resolveRunRequest>[0]);
    const seeds = deriveSeeds(request.scenario);
    // Before tfjs is evaluated: anything in tfjs that draws from Math.random draws from this stream.
    seedrandom(seeds.mathRandom, { global: true });
    const tf = (await import('@tensorflow/tfjs')) as unknown as Tf;
    if (request.backend === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(input.wasmPath);
    }
    const ok = await tf.setBackend(request.backend);
    if (!ok || tf.getBackend() !== request.backend) {
      const why = request.backend === 'webgl' ? 'no WebGL context could be created in this browser (no GPU and no SwiftShader?)' : `tf.setBackend('${request.backend}') did not take effect`;
      throw new ReproError('backend-unavailable', `--backend ${request.backend} (--runtime chromium): ${why}`);
    }
    patchUnpackGradient(tf);
    const startupMs = performance.now();
    await send({ type: 'ready', startupMs });
    const versions: Record<string, string> = {
      '@tensorflow/tfjs': tf.version.tfjs,
      '@tensorflow/tfjs-core': tf.version['tfjs-core'],
      '@tensorflow/tfjs-layers': tf.version['tfjs-layers'],
    };
    const training = await trainScenario({ tf, backend: request.backend, versions }, request, seeds, {
      onEpoch: (epoch, loss) => void send({ type: 'epoch', epoch, epochs: request.scenario.epochs, loss }),
    });
    const flags: Record<string, boolean | number | string> = { BROWSER: input.browserVersion };
    for (const flag of RECORDED_FLAGS) {
      try {
        flags[flag] = tf.env().get(flag);
      } catch {
        // Not registered for this backend.
      }
    }
    const trajectory: Trajectory = {
      format: TRAJECTORY_FORMAT,
      version: TRAJECTORY_VERSION,
      request,
      epochs: training.epochs,
      batches: training.batches,
      weightDigests: training.weightDigests,
      initialWeights: training.initialWeights,
      predictions: training.predictions,
      provenance: {
        runtime: 'chromium',
        backend: request.backend,
        packages: versions,
        // The harness's Node: the page has none; the browser's version is in flags.BROWSER.
        node: 'v0.0.0',
        platform: page.navigator.platform,
        arch: 'browser',
        cpu: `${page.navigator.hardwareConcurrency} logical cores`,
        env: {},
        flags,
      },
      timings: { startupMs, trainMs: training.trainMs, msPerEpoch: training.trainMs / request.scenario.epochs, peakRssMb: 0 },
    };
    await send({ type: 'result', trajectory });
  } catch (error) {
    const code = error instanceof ReproError ? error.code : 'internal';
    await send({ type: 'error', code, message: error instanceof Error ? error.message : String(error) });
  }
}

void main();
