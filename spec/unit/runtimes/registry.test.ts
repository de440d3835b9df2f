import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RUNTIMES, backendsOf, replayerOf, runCost, runtimeNamed, scenarioUnavailableIn, unavailableReason } from '../../../src/runtimes/registry.js';
import {
  BACKEND_NAMES,
  DEFAULT_BACKEND,
  DEFAULT_RUNTIME,
  RUNTIME_NAMES,
  RUNTIME_PROFILES,
  isBackendName,
  isRuntimeName,
  runtimeFlag,
  runtimePrefix,
} from '../../../src/runtimes/runtime-profiles.js';
import { loadScenarioModule } from '../../../src/scenario/load-scenario-module.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/scenarios/', import.meta.url));

describe('the runtime registry', () => {
  it('holds every runtime by its name, each with its backends, cost and capabilities', () => {
    expect(Object.keys(RUNTIMES)).toEqual([...RUNTIME_NAMES]);
    for (const name of RUNTIME_NAMES) {
      const runtime = runtimeNamed(name);
      expect(runtime.name).toBe(name);
      expect(runtime.backends.length).toBeGreaterThan(0);
      for (const backend of runtime.backends) expect(runtime.cost.perSampleEpoch[backend], `${name}/${backend}`).toBeGreaterThan(0);
    }
    expect(runtimeNamed('keras').capabilities.replays).toMatchObject({ of: 'node', backend: 'tensorflow', claim: 'matches-keras' });
    expect(replayerOf('node')).toMatchObject({ runtime: 'keras' });
    expect(RUNTIME_NAMES.filter((name) => runtimeNamed(name).capabilities.cpuIsaSensitive('tensorflow'))).toEqual(['node', 'keras']);
  });

  it("one cost model: a run's cost grows with samples × epochs by its backend's factor, over one start-up", () => {
    expect(runCost('node', 'cpu', 1000, 70)).toBeGreaterThan(runCost('node', 'wasm', 1000, 70));
    expect(runCost('chromium', 'webgl', 100, 10)).toBeGreaterThan(runCost('chromium', 'wasm', 100, 10));
    expect(runCost('node', 'wasm', 0, 0)).toBe(runtimeNamed('node').cost.startUp);
  });

  it('names and commands leave the default runtime out', () => {
    expect([runtimePrefix('node'), runtimePrefix('keras'), runtimeFlag('node'), runtimeFlag('chromium')]).toEqual(['', 'keras/', '', ' --runtime chromium']);
    expect(backendsOf('chromium', ['cpu', 'tensorflow'])).toEqual(['cpu']);
    expect(backendsOf('chromium', ['tensorflow'])).toEqual(['tensorflow']); // nothing left: reported, not hidden
  });

  it('asks each runtime why it cannot run: a backend of another runtime, a scenario the runtime cannot build', async () => {
    expect(unavailableReason('webgl', 'node')).toBe('the webgl backend does not run in node; it runs in chromium: run it with --runtime chromium.');
    expect(unavailableReason('tensorflow', 'chromium')).toBe(
      'the tensorflow backend does not run in chromium; it runs in node and keras: run it with --runtime node.',
    );
    expect(unavailableReason('wasm', 'keras')).toMatch(/^the wasm backend does not run in keras; it runs in node and chromium/);
    expect(scenarioUnavailableIn('keras', { scenario: 'blobs-dropout-classifier', optimizer: 'adam' })).toMatch(/seed experiment/);
    // A user's module is bundled for the page; one that imports Node's modules cannot be, and the reason names the import.
    const module = await loadScenarioModule(path.join(FIXTURES, 'clock-data.mjs'), FIXTURES);
    expect(scenarioUnavailableIn('chromium', { scenario: module.name, optimizer: 'sgd' })).toBeUndefined();
    const nodeOnly = await loadScenarioModule(path.join(FIXTURES, 'node-only.mjs'), FIXTURES);
    expect(scenarioUnavailableIn('chromium', { scenario: nodeOnly.name, optimizer: 'sgd' })).toMatch(
      /^the chromium runtime cannot load .*node-only\.mjs into a page: it imports "node:fs" \(.*node-only\.mjs:3\): a Node module that a browser does not have/,
    );
    expect(scenarioUnavailableIn('node', { scenario: nodeOnly.name, optimizer: 'sgd' })).toBeUndefined();
  });

  it("derives every name list from the runtimes' profiles: a runtime's backends are its own, the backend list their union", () => {
    expect(RUNTIME_NAMES).toEqual(Object.keys(RUNTIME_PROFILES));
    expect(BACKEND_NAMES).toEqual([...new Set(RUNTIME_NAMES.flatMap((name) => RUNTIME_PROFILES[name]!.backends))]);
    expect(RUNTIME_NAMES.map((name) => runtimeNamed(name).backends)).toEqual(RUNTIME_NAMES.map((name) => RUNTIME_PROFILES[name]!.backends));
    expect([isRuntimeName(DEFAULT_RUNTIME), isBackendName(DEFAULT_BACKEND), isRuntimeName('deno'), isBackendName('gpu')]).toEqual([true, true, false, false]);
    expect(() => runtimeNamed('deno')).toThrow(/no runtime is named "deno"; runtimes: node, chromium, keras/);
  });
});
