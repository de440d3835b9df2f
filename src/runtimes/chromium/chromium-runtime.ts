import { scenarioModuleOf } from '../../scenario/scenario-registry.js';
import type { Runtime } from '../shared/runtime.js';
import { TFJS_FINDINGS } from '../shared/tfjs-findings.js';
import { chromiumUnavailableReason } from './browser-availability.js';
import { scenarioUnloadableReason } from './bundle-scenario.js';
import { chromiumProfile } from './chromium-profile.js';
import { CHROMIUM_PAIRINGS } from './chromium-pairings.js';

/** A fresh headless Chromium per run (spawn-browser-run.ts) on a page served from loopback. */
export const chromiumRuntime: Runtime = {
  ...chromiumProfile,
  processWords: 'headless Chromium browsers',
  // webgpu only when asked: it needs an adapter (a Vulkan driver), which a system Chromium may not have.
  defaultBackends: chromiumProfile.backends.filter((backend) => backend !== 'webgpu'),
  tfjs: true,
  unavailableReason: chromiumUnavailableReason,
  // A user's module is bundled for the page (with what it imports); one with Node-only imports cannot be.
  scenarioUnavailableReason: (scenario) => {
    const module = scenarioModuleOf(scenario.scenario);
    const reason = module === undefined ? undefined : scenarioUnloadableReason(module);
    return reason === undefined ? undefined : `the chromium runtime cannot load ${module} into a page: ${reason}`;
  },
  loadSpawner: async () => (await import('./spawn-browser-run.js')).spawnBrowserRun,
  // webgl and webgpu run on SwiftShader where there is no GPU: far slower per sample. webgpu measured
  // against cpu in the same browser: 16× (blobs, batch 10) to 25× (seed model, batch 10) per epoch.
  cost: { startUp: 300, perSampleEpoch: { wasm: 1, cpu: 2.6, webgl: 10, webgpu: 50 } },
  capabilities: {
    // A release's page is bundled from the cache (page-bundle.ts); webgpu is not among a release's packages.
    tfjsReleases: ['cpu', 'wasm', 'webgl'],
    seedsMathRandom: true,
    cpuIsaSensitive: () => false,
    adadeltaComparison: false,
    kernelTrace: true,
  },
  // A page's backends (JS, wasm, WebGL shaders) have no thread pool to vary.
  threadVariations: () => [],
  upstreamFindings: TFJS_FINDINGS,
  pairings: CHROMIUM_PAIRINGS,
  // The adapter a webgpu run computed on (vendor, architecture, description): another adapter, other numbers.
  device: { label: 'WebGPU adapter', of: (flags) => (typeof flags.WEBGPU_ADAPTER === 'string' ? flags.WEBGPU_ADAPTER : undefined) },
  buildOf: (flags) => ({ version: String(flags.BROWSER ?? 'unknown'), source: String(flags.BROWSER_SOURCE ?? 'source not recorded') }),
};
