import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveScenarioConfig } from '../../src/scenario/config.js';
import { mergeSweepBlobs } from '../../src/sweep/sweep-blob.js';
import { planSweep } from '../../src/sweep/sweep-points.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { fixtureChild } from '../helpers/children.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

// A small sweep through the CLI, as CI jobs would run it: seeds 0 and 2^32−1 × batch sizes
// 10, 20 on wasm (2 epochs of 40 samples), claims rerun and seed-matters: 4 points, 3 runs each.
const SWEEP = [
  'sweep',
  '--seeds',
  '0,4294967295',
  '--batch-sizes',
  '10,20',
  '--samples',
  '40',
  '--epochs',
  '2',
  '--backend',
  'wasm',
  '--claims',
  'rerun,seed-matters',
  '--parallelism',
  '1',
];
const temp = useTempDir('sweep');

describe('a sweep split over shards (real runs in separate CLI processes)', () => {
  it('3 shards run at once in 3 processes merge to exactly the unsharded sweep; a missing shard or a blob of another sweep is refused (exit 3)', async () => {
    const dir = temp();
    const out = (name: string) => path.join(dir, name);
    const [whole, ...shards] = await Promise.all([
      runCli([...SWEEP, '--out', out('whole.json')]),
      ...[1, 2, 3].map((i) => runCli([...SWEEP, '--shard', `${i}/3`, '--out', out(`shard-${i}.json`)])),
    ]);
    for (const run of [whole!, ...shards]) expect(run.exitCode, run.stderr).toBe(0);
    expect(shards.map((s) => Number(/(\d+) point\(s\) in/.exec(s.stderr)?.[1])).reduce((a, b) => a + b, 0)).toBe(4);

    const merged = await runCli(['merge', out('shard-1.json'), out('shard-2.json'), out('shard-3.json'), '--out', out('merged-3.json')]);
    const single = await runCli(['merge', out('whole.json'), '--out', out('merged-1.json')]);
    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(single.exitCode, single.stderr).toBe(0);
    expect(await readFile(out('merged-3.json'), 'utf8')).toBe(await readFile(out('merged-1.json'), 'utf8'));
    expect(merged.stdout).toMatch(/merged sweep of 3 blob\(s\), [0-9a-f]{16}: 4 point\(s\), 8 verdicts: 8 hold, 0 not as expected\./);

    const missing = await runCli(['merge', out('shard-1.json'), out('shard-3.json')]);
    expect(missing.stderr).toMatch(/shard 2\/3 is missing/);
    expect(missing.exitCode).toBe(3);
    // Another sweep, one point (seed 5, batch size 10): its blob cannot join this one's.
    const other = await runCli([...SWEEP.map((a) => (a === '0,4294967295' ? '5' : a === '10,20' ? '10' : a)), '--out', out('other.json')]);
    expect(other.exitCode, other.stderr).toBe(0);
    const foreign = await runCli(['merge', out('whole.json'), out('other.json')]);
    expect(foreign.stderr).toMatch(/other\.json: from another sweep/);
    expect(foreign.exitCode).toBe(3);
  });

  it('a point whose runs do not reproduce fails the merged result, with the claim, its evidence and the replay command', async () => {
    const plan = planSweep({
      scenarios: [resolveScenarioConfig({ samples: 40, batchSize: 10, epochs: 2 })],
      draw: { kind: 'grid', seeds: [3], batchSizes: [10] },
      plan: [{ runtime: 'node', backends: ['wasm'] }],
      claims: ['rerun'],
      expectedFor: () => ({}),
    });
    const blob = await runSweep({ plan, parallelism: 2, spawnOptions: { childEntry: fixtureChild('nondeterministic') } });
    const result = mergeSweepBlobs([{ file: 'blob', blob }]);
    expect(result.ok).toBe(false);
    expect(result.points[0]).toMatchObject({
      id: 'stateful-lstm-sine/node/wasm/seed=3/batch=10',
      ok: false,
      verdicts: [
        {
          claim: 'rerun',
          verdict: 'violated',
          expected: 'holds',
          evidence: expect.stringMatching(/^differs at epoch 1 batch 1: /),
          // Its data generator is seeded from entropy: the data differs from the first batch.
          why: { cause: 'data', evidence: expect.stringMatching(/^the inputs or targets of batch 1 of epoch 1 differ/) },
        },
      ],
      replay: expect.stringMatching(
        /^npx tfjs-repro run --scenario stateful-lstm-sine --backend wasm --case loop --reset none --seed 3 --samples 40 --batch-size 10 --epochs 2 /,
      ),
    });
  });
});
