/**
 * The browser side of a chromium run, bundled by esbuild into dist/runtimes/chromium/page.js. It does what
 * a Node child does (src/runtimes/node/serve-child.ts): seed Math.random before tfjs loads, load the
 * requested backend, train with the same scenario code, and send typed messages to the parent
 * through a binding Playwright exposes (`tfjsReproSend`), never through the console.
 */
import seedrandom from 'seedrandom';
import { envelope, type ChildPayload } from '../../run/protocol.js';
import { readFlags, reseedAfterLoad, toTrajectory, trainScenario } from '../../train/train.js';
import { ReproError } from '../../errors.js';
import { resolveRunRequest } from '../../trajectory/run-request.js';
import { deriveSeeds } from '../../scenario/seeds.js';
import type { Tf } from '../../tfjs/tf-types.js';
import { patchUnpackGradient } from '../../tfjs/unpack-gradient.js';

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
    // Before tfjs is evaluated: anything in tfjs that draws from Math.random draws from this stream
    // (unless the request leaves Math.random as the browser gives it, as an app runs).
    const seeded = request.mathRandom !== 'native';
    if (seeded) seedrandom(seeds.mathRandom, { global: true });
    const tf = (await import('@tensorflow/tfjs')) as unknown as Tf;
    let wasmVersion: string | undefined;
    if (request.backend === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(input.wasmPath);
      wasmVersion = wasm.version_wasm;
    }
    const ok = await tf.setBackend(request.backend);
    if (!ok || tf.getBackend() !== request.backend) {
      const why =
        request.backend === 'webgl'
          ? 'no WebGL context could be created in this browser (no GPU and no SwiftShader?)'
          : `tf.setBackend('${request.backend}') did not take effect`;
      throw new ReproError('backend-unavailable', `--backend ${request.backend} (--runtime chromium): ${why}`);
    }
    patchUnpackGradient(tf);
    if (seeded) reseedAfterLoad(seeds);
    const startupMs = performance.now();
    await send({ type: 'ready', startupMs });
    // As in Node: the union, core, layers and the backend's own package.
    const backendPackage = `tfjs-backend-${request.backend}`;
    const versions: Record<string, string> = {
      '@tensorflow/tfjs': tf.version.tfjs,
      '@tensorflow/tfjs-core': tf.version['tfjs-core'],
      '@tensorflow/tfjs-layers': tf.version['tfjs-layers'],
      [`@tensorflow/${backendPackage}`]: wasmVersion ?? (tf.version as Record<string, string>)[backendPackage] ?? 'unknown',
    };
    const training = await trainScenario({ tf, backend: request.backend, versions }, request, seeds, {
      onEpoch: (epoch, loss) => void send({ type: 'epoch', epoch, epochs: request.scenario.epochs, loss }),
    });
    const provenance = {
      runtime: 'chromium' as const,
      backend: request.backend,
      packages: versions,
      // Node, platform, arch and CPU are the machine's; the parent fills them in. The browser's version is flags.BROWSER.
      node: '',
      platform: page.navigator.platform,
      arch: '',
      cpu: `${page.navigator.hardwareConcurrency} logical cores`,
      env: {},
      flags: { BROWSER: input.browserVersion, ...readFlags(tf, RECORDED_FLAGS) },
    };
    // A page has no RSS to read: 0.
    const trajectory = toTrajectory(request, training, provenance, startupMs, 0);
    await send({ type: 'result', trajectory });
  } catch (error) {
    const code = error instanceof ReproError ? error.code : 'internal';
    await send({ type: 'error', code, message: error instanceof Error ? error.message : String(error) });
  }
}

void main();
