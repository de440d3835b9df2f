import { describe, expect, it } from 'vitest';
import { defaultBackendIn, resolveCheck, resolveRuntimePlan } from '../../../src/plan/resolve-check.js';

describe('resolveCheck, the one resolver of a check (CLI, API and matchers)', () => {
  it("gives each runtime its own default backends: keras runs Keras's backends, never wasm", () => {
    expect(resolveRuntimePlan({ runtimes: ['keras'] })).toEqual([{ runtime: 'keras', backends: ['tensorflow', 'jax', 'torch'] }]);
    expect(resolveRuntimePlan({ runtimes: ['node', 'chromium'] })).toEqual([
      { runtime: 'node', backends: ['wasm'] },
      { runtime: 'chromium', backends: ['cpu', 'wasm', 'webgl'] },
    ]);
    expect(resolveRuntimePlan({})).toEqual([{ runtime: 'node', backends: ['wasm'] }]);
  });

  it('keeps a backend a runtime lacks only when nothing else is left, so that its absence is reported', () => {
    expect(resolveRuntimePlan({ runtimes: ['node', 'chromium'], backends: ['cpu', 'webgl'] })).toEqual([
      { runtime: 'node', backends: ['cpu'] },
      { runtime: 'chromium', backends: ['cpu', 'webgl'] },
    ]);
    expect(resolveRuntimePlan({ runtimes: ['keras'], backends: ['wasm'] })).toEqual([{ runtime: 'keras', backends: ['wasm'] }]);
  });

  it("takes the config's runtimes and backends, and leaves out its runtimes where no backend asked for runs", () => {
    const project = { runtimes: { node: ['cpu' as const], keras: ['jax' as const] } };
    expect(resolveRuntimePlan({ project })).toEqual([
      { runtime: 'node', backends: ['cpu'] },
      { runtime: 'keras', backends: ['jax'] },
    ]);
    expect(resolveRuntimePlan({ project, backends: ['wasm'] })).toEqual([{ runtime: 'node', backends: ['wasm'] }]);
    expect(resolveRuntimePlan({ project: { backends: ['cpu'] }, commandDefault: ['wasm'] })).toEqual([{ runtime: 'node', backends: ['cpu'] }]);
  });

  it('gives a config scenario with runtimes of its own its own plan, unless the command names runtimes or backends', () => {
    const project = {
      runtimes: { node: ['wasm' as const], chromium: ['wasm' as const] },
      scenarios: [{ scenario: 'blobs-dropout-classifier', runtimes: { chromium: ['wasm' as const, 'webgpu' as const] } }, { scenario: 'stateful-lstm-sine' }],
    };
    const resolved = resolveCheck({ project });
    expect(resolved.plan).toEqual([
      { runtime: 'node', backends: ['wasm'] },
      { runtime: 'chromium', backends: ['wasm'] },
    ]);
    expect(resolved.scenarioPlans).toEqual({ 'blobs-dropout-classifier': [{ runtime: 'chromium', backends: ['wasm', 'webgpu'] }] });
    expect(resolveCheck({ project, backends: ['wasm'] }).scenarioPlans).toBeUndefined();
    expect(resolveCheck({ project, runtimes: ['node'] }).scenarioPlans).toBeUndefined();
  });

  it('joins --allow-unavailable with the config, and defaults parallelism to the cores', () => {
    const resolved = resolveCheck({ allowUnavailable: ['keras/torch'], project: { optional: ['tensorflow'] }, parallelism: 3 });
    expect(resolved.excuses.entries).toEqual(['keras/torch', 'tensorflow']);
    expect(resolved.parallelism).toBe(3);
    expect(resolveCheck({}).excuses.entries).toEqual([]);
    expect(resolveCheck({}).parallelism).toBeGreaterThan(0);
  });

  it("names one backend per runtime for a single-run matcher: the default where the runtime has it, else the runtime's first", () => {
    expect([defaultBackendIn('node'), defaultBackendIn('chromium'), defaultBackendIn('keras')]).toEqual(['wasm', 'wasm', 'tensorflow']);
  });
});

describe('resolveCheck on names no runtime has', () => {
  it('refuses them, naming each and what is allowed (the API passes names unchecked)', () => {
    expect(() => resolveCheck({ runtimes: ['deno'], backends: ['gpu'] })).toThrow(
      expect.objectContaining({
        code: 'usage',
        issues: [
          'runtimes: expected names among node, chromium, keras, got "deno" (string)',
          'backends: expected names among cpu, wasm, tensorflow, webgl, webgpu, jax, torch, got "gpu" (string)',
        ],
      }),
    );
  });
});
