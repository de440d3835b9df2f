import type { RunPairing } from '../../invariants/run-pairing.js';
import { chromiumProfile } from './chromium-profile.js';

/**
 * How far chromium/webgl may be from cpu (node or chromium), in ULP of any batch or epoch loss.
 * WebGL computes in float32 shaders with its own op order, so it is close, never bitwise.
 * Measured on tfjs 4.22, Debian chromium 156, SwiftShader WebGL 2, seed model against cpu:
 * 20–93 ULP over 3 epochs (seeds 1, 3, 5; 100 samples; max relative 6.3e-6) and 134 ULP over the
 * full 70 epochs (seed 1, 1000 samples; first difference 1 ULP at epoch 1 batch 1; max relative
 * 8.7e-6). 1024 leaves ~7× headroom and still fails a change of formula, which moves losses by
 * thousands to millions of ULP from the first batch.
 */
export const WEBGL_ULP_BUDGET = 1024;

/**
 * How far chromium/webgpu may be from cpu (node or chromium), in ULP of any batch or epoch loss.
 * WebGPU computes in float32 compute shaders (workgroup reductions, its own op order): close, not
 * bitwise. MEASURED_BELOW.
 */
export const WEBGPU_ULP_BUDGET = 1024;

/** The GPU backends of a page, each judged against cpu within its budget. */
const GPU_BUDGETS = [
  { claim: 'webgl-closeness', backend: 'webgl', ulps: WEBGL_ULP_BUDGET },
  { claim: 'webgpu-closeness', backend: 'webgpu', ulps: WEBGPU_ULP_BUDGET },
] as const;

/**
 * The claims across runtimes that a browser's runs take part in: `runtime-equivalence`, node/b ≡
 * chromium/b bitwise for every backend both run; `webgl-closeness` and `webgpu-closeness`,
 * chromium/webgl and chromium/webgpu within their budgets of chromium/cpu and of node/cpu.
 */
export const CHROMIUM_PAIRINGS: readonly RunPairing[] = [
  ...chromiumProfile.backends.map((backend): RunPairing => ({
    claim: 'runtime-equivalence',
    a: { runtime: 'node', backend },
    b: { runtime: 'chromium', backend },
    ulps: 0,
  })),
  ...GPU_BUDGETS.flatMap(({ claim, backend, ulps }) =>
    (['chromium', 'node'] as const).map((runtime): RunPairing => ({ claim, a: { runtime, backend: 'cpu' }, b: { runtime: 'chromium', backend }, ulps })),
  ),
];
