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
import { checkDefinitionShape } from '../../scenario/definition-shape.js';
import { registerScenario } from '../../scenario/scenario-registry.js';
import type { ScenarioDefinition } from '../../scenario/scenario-definition.js';
import { PAGE_TF_GLOBAL } from './page-tf-global.js';

/** What the parent puts on the page before any script runs. */
export interface PageInput {
  readonly request: unknown;
  /** Where the wasm backend's .wasm files are served. */
  readonly wasmPath: string;
  readonly browserVersion: string;
  /** A user's scenario module: where the page imports its bundle from, and the file it was made from. */
  readonly scenarioModule?: { readonly url: string; readonly file: string };
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
    // A user's module: imported before the request is resolved (it registers the scenario the request names).
    // Its tfjs imports read the page's tfjs from a global, so tfjs is loaded first; the module's own
    // top-level code then runs before Math.random is seeded, as in a Node child.
    const tf = (await import('@tensorflow/tfjs')) as unknown as Tf;
    if (input.scenarioModule !== undefined) await loadScenarioBundle(tf, input.scenarioModule);
    const request = resolveRunRequest(input.request as Parameters<typeof resolveRunRequest>[0]);
    const seeds = deriveSeeds(request.scenario);
    // Anything in tfjs that draws from Math.random after this draws from the seeded stream (unless
    // the request leaves Math.random as the browser gives it, as an app runs); reseedAfterLoad
    // restarts it once the backend is up, at the same point as in Node.
    const seeded = request.mathRandom !== 'native';
    if (seeded) seedrandom(seeds.mathRandom, { global: true });
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

/** Imports the bundle of a user's scenario module and registers its definition, checked as Node checks it. */
async function loadScenarioBundle(tf: Tf, module: NonNullable<PageInput['scenarioModule']>): Promise<void> {
  (globalThis as Record<string, unknown>)[PAGE_TF_GLOBAL] = tf;
  // A variable, not a literal: the page bundle leaves this import to the browser.
  const url = module.url;
  const exports = (await import(url)) as Record<string, unknown>;
  const candidate = exports.default ?? exports.scenario;
  const issues = checkDefinitionShape(candidate);
  if (issues.length > 0)
    throw new ReproError(
      'usage',
      `scenario module ${module.file}: does not export a scenario definition (default export or \`scenario\`):\n${issues.map((i) => `  - ${i}`).join('\n')}`,
    );
  registerScenario(candidate as ScenarioDefinition, module.file);
}

void main();
