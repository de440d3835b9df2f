import { describe, expect, it } from 'vitest';
import { ReproError } from '../../../src/errors.js';
import { createRunExecutor, type RunEvent } from '../../../src/execute/run-executor.js';
import type { SpawnFn } from '../../../src/run/spawn-options.js';
import { resolveRunRequest, type RunRequest } from '../../../src/trajectory/run-request.js';
import { makeTrajectory } from '../../helpers/make-trajectory.js';

const request = (epochs: number, seed = 1): RunRequest => resolveRunRequest({ scenario: { seed, samples: 40, batchSize: 10, epochs }, backend: 'wasm' });

/** A spawner whose runs finish when released, recording each start with its environment. */
function gatedSpawner() {
  const started: { seed: number; epochs: number; tz?: string }[] = [];
  const release: (() => void)[] = [];
  const spawn: SpawnFn = (req, options) =>
    new Promise((resolve) => {
      started.push({ seed: req.scenario.seed, epochs: req.scenario.epochs, ...(options.env?.TZ === undefined ? {} : { tz: options.env.TZ }) });
      release.push(() => resolve({ ...makeTrajectory({ seed: req.scenario.seed }), request: req }));
    });
  const settle = async () => {
    while (release.length > 0) release.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, spawn, settle };
}

describe('the run executor every command runs its runs through', () => {
  it('runs at most `parallelism` children across every caller, the costliest waiting run first', async () => {
    const { started, spawn, settle } = gatedSpawner();
    const executor = createRunExecutor({ parallelism: 1, spawnFor: () => spawn });
    const one = executor.run({ key: 'small', runtime: 'node', request: request(2, 1) });
    const other = executor.named('other ').runAll([
      { key: 'smaller', runtime: 'node', request: request(1, 2) },
      { key: 'big', runtime: 'node', request: request(50, 3) },
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started.map((s) => s.seed)).toEqual([1]);
    await settle();
    expect(started.map((s) => s.seed)).toEqual([1, 3]);
    await settle();
    await settle();
    expect(started.map((s) => s.seed)).toEqual([1, 3, 2]);
    await Promise.all([one, other]);
  });

  it('makes one run per key (a run two goldens need is shared), and keeps each failure by its key', async () => {
    let spawns = 0;
    const spawn: SpawnFn = async (req) => {
      spawns += 1;
      if (req.scenario.seed === 9) throw new ReproError('child-failed', 'child run crashed');
      return { ...makeTrajectory(), request: req };
    };
    const executor = createRunExecutor({ parallelism: 2, spawnFor: () => spawn });
    const settled = await executor.runAll([
      { key: 'same', runtime: 'node', request: request(2) },
      { key: 'same', runtime: 'node', request: request(2) },
      { key: 'crash', runtime: 'node', request: request(2, 9) },
    ]);
    expect(spawns).toBe(2);
    expect([...settled.keys()]).toEqual(['same', 'crash']);
    expect(settled.get('crash')).toMatchObject({ code: 'child-failed', message: 'child run crashed' });
  });

  it("merges a job's environment over the executor's, and names its runs in events with the view's prefix", async () => {
    const seen: (Readonly<Record<string, string>> | undefined)[] = [];
    const spawn: SpawnFn = async (req, options) => {
      seen.push(options.env);
      options.onEpoch?.(1, 2, 0.5);
      return { ...makeTrajectory(), request: req };
    };
    const events: RunEvent[] = [];
    const executor = createRunExecutor({ parallelism: 2, spawnFor: () => spawn, spawnOptions: { env: { A: '1', TZ: 'UTC' } }, onEvent: (e) => events.push(e) });
    await executor
      .named('blobs node ')
      .run({ key: 'wasm/loop/reset=none', runtime: 'node', request: request(2), spawnOptions: { env: { TZ: 'Pacific/Chatham' } } });
    expect(seen).toEqual([{ A: '1', TZ: 'Pacific/Chatham' }]);
    expect(events.map((e) => `${e.kind} ${e.key}`)).toEqual(['run-epoch blobs node wasm/loop/reset=none', 'run-done blobs node wasm/loop/reset=none']);
  });
});
