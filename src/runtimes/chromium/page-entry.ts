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
import { WEBGPU_ADAPTER_ENV } from './chromium-flags.js';

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
  readonly navigator: {
    readonly platform: string;
    readonly hardwareConcurrency: number;
    readonly gpu?: {
      requestAdapter(): Promise<{ readonly info: { readonly vendor: string; readonly architecture: string; readonly description: string } } | null>;
    };
  };
}

const page = globalThis as unknown as PageGlobals;

const RECORDED_FLAGS = ['WEBGL_VERSION', 'WEBGL_RENDER_FLOAT32_ENABLED', 'WEBGL_PACK', 'WASM_HAS_SIMD_SUPPORT', 'WASM_HAS_MULTITHREAD_SUPPORT'] as const;

async function send(payload: ChildPayload): Promise<void> {
  await page.tfjsReproSend(envelope(payload));
}

async function main(): Promise<void> {
  const input = page.__tfjsReproInput;
  try {
    // A user's module is imported before the request is resolved (it registers the scenario the
    // request names), and reads the page's tfjs from a global if it imports tfjs: tfjs then loads first.
    let tf: Tf | undefined;
    if (input.scenarioModule !== undefined) {
      tf = (await import('@tensorflow/tfjs')) as unknown as Tf;
      await loadScenarioBundle(tf, input.scenarioModule);
    }
    const request = resolveRunRequest(input.request as Parameters<typeof resolveRunRequest>[0]);
    const seeds = deriveSeeds(request.scenario);
    // Before tfjs is evaluated (for a built-in scenario): anything in tfjs that draws from Math.random
    // draws from this stream (unless the request leaves Math.random as the browser gives it, as an
    // app runs); reseedAfterLoad restarts the stream once the backend is up, whatever the order.
    const seeded = request.mathRandom !== 'native';
    if (seeded) seedrandom(seeds.mathRandom, { global: true });
    tf ??= (await import('@tensorflow/tfjs')) as unknown as Tf;
    const backend = await loadBackend(tf, request.backend, input);
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
      [`@tensorflow/${backendPackage}`]: backend.version ?? (tf.version as Record<string, string>)[backendPackage] ?? 'unknown',
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
      flags: { BROWSER: input.browserVersion, ...backend.flags, ...readFlags(tf, RECORDED_FLAGS) },
    };
    // A page has no RSS to read: 0.
    const trajectory = toTrajectory(request, training, provenance, startupMs, 0);
    await send({ type: 'result', trajectory });
  } catch (error) {
    const code = error instanceof ReproError ? error.code : 'internal';
    await send({ type: 'error', code, message: error instanceof Error ? error.message : String(error) });
  }
}

/** What loading a backend learnt: its package's version when tfjs does not list it, and flags to record (the WebGPU adapter). */
interface LoadedBackend {
  readonly version?: string;
  readonly flags: Readonly<Record<string, string>>;
}

/** Loads and selects the request's backend, or says why this browser cannot run it. */
async function loadBackend(tf: Tf, backend: string, input: PageInput): Promise<LoadedBackend> {
  let loaded: LoadedBackend = { flags: {} };
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(input.wasmPath);
    loaded = { version: wasm.version_wasm, flags: {} };
  } else if (backend === 'webgpu') {
    // Asked before tfjs asks: a missing adapter is then said plainly, not as a failed setBackend.
    const adapter = await webgpuAdapter();
    await import('@tensorflow/tfjs-backend-webgpu');
    // The package exports no version, and tfjs's version table does not list it.
    const { version } = await import('@tensorflow/tfjs-backend-webgpu/dist/version.js');
    loaded = { version, flags: { WEBGPU_ADAPTER: adapter } };
  }
  const ok = await tf.setBackend(backend);
  if (!ok || tf.getBackend() !== backend) {
    const why =
      backend === 'webgl'
        ? 'no WebGL context could be created in this browser (no GPU and no SwiftShader?)'
        : `tf.setBackend('${backend}') did not take effect`;
    throw new ReproError('backend-unavailable', `--backend ${backend} (--runtime chromium): ${why}`);
  }
  return loaded;
}

/** The WebGPU adapter the browser offers, as `vendor architecture (description)`; none is "not available" with why. */
async function webgpuAdapter(): Promise<string> {
  const gpu = page.navigator.gpu;
  const unavailable = (why: string) =>
    new ReproError(
      'backend-unavailable',
      `--backend webgpu (--runtime chromium): ${why}. WebGPU without a GPU needs a Chromium with SwiftShader's Vulkan (the npm-shipped @sparticuz/chromium has it; ${WEBGPU_ADAPTER_ENV}=swiftshader, the default, picks it); with a GPU, its Vulkan driver and ${WEBGPU_ADAPTER_ENV}=gpu.`,
    );
  if (gpu === undefined) throw unavailable('this browser exposes no navigator.gpu (WebGPU is off, or the page is not a secure context)');
  const adapter = await gpu.requestAdapter();
  if (adapter === null) throw unavailable('navigator.gpu.requestAdapter() found no adapter (no Vulkan driver, or the flags did not enable one)');
  const { vendor, architecture, description } = adapter.info;
  return [vendor, architecture].filter((part) => part !== '').join(' ') + (description === '' ? '' : ` (${description})`);
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
