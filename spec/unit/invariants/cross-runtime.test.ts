import { describe, expect, it } from 'vitest';
import { judgeCrossRuntime } from '../../../src/invariants/cross-runtime.js';
import { WEBGL_ULP_BUDGET, WEBGPU_ULP_BUDGET } from '../../../src/runtimes/chromium/chromium-pairings.js';
import { RUNTIME_PAIRINGS } from '../../../src/runtimes/registry.js';
import type { CheckResult } from '../../../src/check/run-check.js';
import { baseRunsIn } from '../../../src/check/check-set.js';
import type { RuntimeName } from '../../../src/runtimes/shared/runtime.js';
import type { BackendName } from '../../../src/tfjs/backend-names.js';
import type { Trajectory } from '../../../src/trajectory/trajectory.js';
import { makeTrajectory } from '../../helpers/make-trajectory.js';

/** A check that ran `backends` in `runtime`, each with the given case-1 trajectory. */
function checkOf(runtime: RuntimeName, backends: Partial<Record<BackendName, Trajectory>>): CheckResult {
  return {
    scenario: makeTrajectory().request.scenario,
    runtime,
    expected: {},
    ok: true,
    wallMs: 0,
    backends: Object.entries(backends).map(([backend, t]) => ({
      kind: 'ran' as const,
      backend: backend as BackendName,
      claims: [],
      runs: new Map([[`${backend}/loop/reset=none`, t!]]),
    })),
  };
}

/** Losses shifted by `ulps` float32 steps at one batch (epoch 2, batch 3). */
function shifted(ulps: number): Trajectory {
  const base = makeTrajectory();
  const bump = (hex: string) => (Number.parseInt(hex, 16) + ulps).toString(16).padStart(8, '0');
  const toValue = (hex: string) => new Float32Array(new Uint32Array([Number.parseInt(hex, 16)]).buffer)[0]!;
  return {
    ...base,
    batches: base.batches.map((b) => (b.epoch === 2 && b.batch === 3 ? { ...b, lossBits: bump(b.lossBits), loss: toValue(bump(b.lossBits)) } : b)),
  };
}

describe('judgeCrossRuntime over the pairings the runtimes declare', () => {
  it('node/b ≡ chromium/b holds when bitwise identical, and is violated by a single ULP, named where', () => {
    const same = judgeCrossRuntime(RUNTIME_PAIRINGS, baseRunsIn([checkOf('node', { cpu: makeTrajectory() }), checkOf('chromium', { cpu: makeTrajectory() })]));
    expect(same).toMatchObject([{ claim: 'runtime-equivalence', a: 'node/cpu', b: 'chromium/cpu', kind: 'holds', maxUlp: 0 }]);
    const off = judgeCrossRuntime(RUNTIME_PAIRINGS, baseRunsIn([checkOf('node', { cpu: makeTrajectory() }), checkOf('chromium', { cpu: shifted(1) })]));
    expect(off).toMatchObject([{ claim: 'runtime-equivalence', kind: 'violated', maxUlp: 1, divergence: { epoch: 2, batch: 3 } }]);
    expect(off[0]!.evidence).toMatch(/^differs at epoch 2 batch 3: .*, 1 ULP; max 1 ULP/);
  });

  it(`webgl is judged against chromium/cpu and node/cpu within ${WEBGL_ULP_BUDGET} ULP: inside holds, one past fails`, () => {
    const inside = judgeCrossRuntime(
      RUNTIME_PAIRINGS,
      baseRunsIn([checkOf('node', { cpu: makeTrajectory() }), checkOf('chromium', { cpu: makeTrajectory(), webgl: shifted(WEBGL_ULP_BUDGET) })]),
    );
    expect(inside.map((o) => `${o.claim} ${o.a} ${o.kind}`)).toEqual([
      'runtime-equivalence node/cpu holds',
      'webgl-closeness chromium/cpu holds',
      'webgl-closeness node/cpu holds',
    ]);
    const outside = judgeCrossRuntime(RUNTIME_PAIRINGS, baseRunsIn([checkOf('chromium', { cpu: makeTrajectory(), webgl: shifted(WEBGL_ULP_BUDGET + 1) })]));
    expect(outside).toMatchObject([{ claim: 'webgl-closeness', kind: 'violated', maxUlp: WEBGL_ULP_BUDGET + 1 }]);
    expect(outside[0]!.evidence).toMatch(/^beyond 1024 ULP at epoch 2 batch 3/);
  });

  it(`webgpu is judged like webgl, within ${WEBGPU_ULP_BUDGET} ULP of chromium/cpu and node/cpu: inside holds, one past fails`, () => {
    const inside = judgeCrossRuntime(
      RUNTIME_PAIRINGS,
      baseRunsIn([checkOf('node', { cpu: makeTrajectory() }), checkOf('chromium', { cpu: makeTrajectory(), webgpu: shifted(WEBGPU_ULP_BUDGET) })]),
    );
    expect(inside.map((o) => `${o.claim} ${o.a} ${o.b} ${o.kind}`)).toEqual([
      'runtime-equivalence node/cpu chromium/cpu holds',
      'webgpu-closeness chromium/cpu chromium/webgpu holds',
      'webgpu-closeness node/cpu chromium/webgpu holds',
    ]);
    const outside = judgeCrossRuntime(RUNTIME_PAIRINGS, baseRunsIn([checkOf('chromium', { cpu: makeTrajectory(), webgpu: shifted(WEBGPU_ULP_BUDGET + 1) })]));
    expect(outside).toMatchObject([{ claim: 'webgpu-closeness', kind: 'violated', maxUlp: WEBGPU_ULP_BUDGET + 1 }]);
  });

  it('a difference between runs of which one does not reproduce itself is inconclusive, naming that run, not the runtime', () => {
    const checks = [checkOf('node', { cpu: makeTrajectory() }), checkOf('chromium', { cpu: shifted(1) })];
    const [outcome] = judgeCrossRuntime(RUNTIME_PAIRINGS, baseRunsIn(checks), (runtime) => runtime === 'node');
    expect(outcome).toMatchObject({ claim: 'runtime-equivalence', kind: 'inconclusive' });
    expect(outcome?.evidence).toBe(
      'inconclusive: chromium/cpu does not reproduce itself (rerun VIOLATED), so the difference cannot be attributed to the runtime',
    );
    // Equal runs stay equal: the verdict only changes where it rests on a difference.
    const [same] = judgeCrossRuntime(
      RUNTIME_PAIRINGS,
      baseRunsIn([checkOf('node', { cpu: makeTrajectory() }), checkOf('chromium', { cpu: makeTrajectory() })]),
      () => false,
    );
    expect(same?.kind).toBe('holds');
  });

  it('judges nothing when no backend ran in both runtimes', () => {
    expect(
      judgeCrossRuntime(RUNTIME_PAIRINGS, baseRunsIn([checkOf('node', { wasm: makeTrajectory() }), checkOf('chromium', { cpu: makeTrajectory() })])),
    ).toEqual([]);
  });
});
