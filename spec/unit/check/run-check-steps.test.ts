import { describe, expect, it } from 'vitest';
import { executePlan, executingCheck, isolateViolations, judgeBackend, meetsExpectations, planCheck, type CheckOptions } from '../../../src/check/run-check.js';
import { ReproError } from '../../../src/errors.js';
import { resolveScenarioConfig } from '../../../src/scenario/config.js';
import type { RunRequest } from '../../../src/trajectory/run-request.js';
import { makeTrajectory } from '../../helpers/make-trajectory.js';

const scenario = resolveScenarioConfig({ epochs: 3, samples: 40, batchSize: 10 });
const loss = (request: RunRequest) => (epoch: number, batch: number) =>
  1 / (epoch * 10 + batch + 1 + request.scenario.seed * 100 + (request.reset === 'epoch' && epoch > 1 ? 0.5 : 0));
const lawful = async (request: RunRequest) => ({ ...makeTrajectory({ epochs: 3, seed: request.scenario.seed, loss: loss(request) }), request });
const options = (extra: Partial<CheckOptions> = {}) => executingCheck({ scenario, backends: ['wasm'], parallelism: 2, spawn: lawful, ...extra });

describe('the steps of a check', () => {
  it('plan: the distinct runs (the control always), costliest backend first; a machine without a backend blocks it, with why', () => {
    const plan = planCheck({ scenario, backends: ['wasm', 'cpu', 'webgl'], claims: ['rerun', 'reset-matters'] });
    expect(plan.blocked.get('webgl')).toEqual({ reason: expect.stringMatching(/does not run in node; it runs in chromium/) as unknown, scope: 'machine' });
    expect([...plan.runs.keys()]).toEqual([
      'cpu/loop/reset=none',
      'cpu/loop/reset=none/rerun',
      'cpu/loop/reset=epoch',
      'cpu/single/reset=none',
      'wasm/loop/reset=none',
      'wasm/loop/reset=none/rerun',
      'wasm/loop/reset=epoch',
      'wasm/single/reset=none',
    ]);
    expect(() =>
      planCheck({ scenario: resolveScenarioConfig({ scenario: 'blobs-dropout-classifier' }), backends: ['wasm'], claims: ['reset-matters'] }),
    ).toThrow(/reset-matters do not apply to blobs-dropout-classifier/);
  });

  it('execute: every planned run once, failures kept by run key', async () => {
    const plan = planCheck({ scenario, backends: ['wasm'], claims: ['rerun'] });
    const spawned: string[] = [];
    const executed = await executePlan(
      plan.runs,
      options({
        spawn: async (request, spawnOptions) => {
          spawned.push(`${request.case}/${request.reset}/${spawnOptions.env?.TZ ?? ''}`);
          if (spawned.length === 2) throw new ReproError('child-failed', 'crashed');
          return lawful(request);
        },
      }),
    );
    expect(spawned).toHaveLength(2);
    expect([...executed.runs.keys(), ...executed.failures.keys()].sort()).toEqual(['wasm/loop/reset=none', 'wasm/loop/reset=none/rerun']);
    expect(executed.failures.size).toBe(1);
  });

  it('judge: each claim from its two runs against the control; a missing kernel makes the backend unavailable once', async () => {
    const plan = planCheck({ scenario, backends: ['wasm'], claims: ['rerun', 'reset-matters'] });
    const executed = await executePlan(plan.runs, options());
    const judged = judgeBackend('wasm', plan, executed, 'node', scenario);
    expect(judged.kind === 'ran' && judged.claims.map((c) => `${c.claim}:${c.kind}`)).toEqual(['rerun:holds', 'reset-matters:holds']);
    const missing = new Map([['wasm/loop/reset=none', new ReproError('child-failed', "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'")]]);
    expect(judgeBackend('wasm', plan, { runs: new Map(), failures: missing }, 'node', scenario)).toMatchObject({
      kind: 'unavailable',
      scope: 'kernel',
      reason: expect.stringMatching(/has no Conv2DBackpropFilter kernel/) as unknown,
    });
  });

  it('isolate: a violated invariance claim runs each variation alone and names the one that changes the numbers', async () => {
    const plan = planCheck({ scenario, backends: ['wasm'], claims: ['env-invariance'] });
    // TZ changes the numbers; every other variation leaves them alone.
    const spawn = async (request: RunRequest, spawnOptions: { env?: Readonly<Record<string, string>> }) => {
      const run = await lawful(request);
      return spawnOptions.env?.TZ !== undefined && spawnOptions.env.TZ !== 'UTC'
        ? { ...makeTrajectory({ epochs: 3, loss: (e, b) => loss(request)(e, b) * 1.001 }), request }
        : run;
    };
    const executed = await executePlan(plan.runs, options({ spawn }));
    const judged = judgeBackend('wasm', plan, executed, 'node', scenario);
    if (judged.kind !== 'ran') throw new Error('expected the backend to run');
    expect(judged.claims[0]!.kind).toBe('violated');
    const extra: string[] = [];
    const traced: { trace: unknown; tz: string | undefined }[] = [];
    const tracing = async (request: RunRequest, spawnOptions: { env?: Readonly<Record<string, string>> }) => {
      if (request.trace !== undefined) traced.push({ trace: request.trace, tz: spawnOptions.env?.TZ });
      return spawn(request, spawnOptions);
    };
    const isolated = await isolateViolations(judged, plan, options({ spawn: tracing, onEvent: (e) => e.kind === 'extra-runs' && extra.push(e.why) }));
    expect(extra).toEqual([
      'env-invariance on wasm: each variation alone',
      'env-invariance on wasm: both runs again with a kernel trace up to epoch 1 batch 1',
    ]);
    const outcome = isolated.kind === 'ran' ? isolated.claims[0] : undefined;
    expect(outcome?.kind === 'violated' && outcome.isolation).toEqual({
      culprits: [{ name: 'timezone', description: 'TZ=Pacific/Chatham (UTC+12:45)' }],
      unrun: [],
    });
    // The replays: the base run and the base run with the culprit alone, both traced to the first divergent batch.
    expect(traced).toEqual([
      { trace: { upTo: { epoch: 1, batch: 1 } }, tz: undefined },
      { trace: { upTo: { epoch: 1, batch: 1 } }, tz: 'Pacific/Chatham' },
    ]);
    // These fakes record no trace: the diagnosis keeps its knob and says the replays gave nothing.
    expect(outcome?.kind === 'violated' && outcome.diagnosis).toMatchObject({
      cause: 'environment:TZ',
      evidence: /the kernel-trace replays gave nothing \(they returned no trace\)$/,
    });
  });

  it('expect: ok when every claim meets its expectation and something ran; an expected violation is ok, an unexpected one is not', () => {
    const ran = (kind: 'holds' | 'violated') =>
      ({ kind: 'ran', backend: 'wasm', runs: new Map(), claims: [{ kind, claim: 'rerun', backend: 'wasm', runs: ['a', 'b'] }] }) as never;
    expect(meetsExpectations([ran('holds')], {}, 'node')).toBe(true);
    expect(meetsExpectations([ran('violated')], {}, 'node')).toBe(false);
    expect(meetsExpectations([ran('violated')], { rerun: 'violated' }, 'node')).toBe(true);
    expect(meetsExpectations([{ kind: 'unavailable', backend: 'wasm', reason: 'no', scope: 'machine' }], {}, 'node')).toBe(false);
  });
});
