import { describe, expect, it } from 'vitest';
import { diagnose, diagnoseStateless } from '../../../src/diagnosis/diagnose.js';
import { ENV_VARIATIONS } from '../../../src/invariants/env-variations.js';
import { tensorflowThreadVariations } from '../../../src/runtimes/shared/tensorflow-threads.js';
import type { NamedWeight } from '../../../src/trajectory/run-request.js';
import { makeTrajectory } from '../../helpers/make-trajectory.js';

const weights = (hidden: string[]): NamedWeight[] => [
  { name: 'hidden/kernel', shape: [2], bits: hidden },
  { name: 'output/kernel', shape: [1], bits: ['3f800000'] },
];
const run = (hidden: string[]) => ({ ...makeTrajectory(), initialWeights: weights(hidden) });
const divergence = { series: 'batch-loss' as const, epoch: 2, batch: 3, a: 1, b: 1.1, aBits: '3f800000', bBits: '3f8ccccd', ulp: 838861, abs: 0.1, rel: 0.1 };

describe('diagnose: why two runs of one request part', () => {
  it('initial weights that differ are an unseeded initializer, named with its largest ULP distance, before training', () => {
    const d = diagnose(run(['3f800000', '3f800000']), run(['3f800000', '3f800002']), divergence);
    expect(d).toMatchObject({ cause: 'unseeded-initializer', origin: { epoch: 0, batch: 0, phase: 'initial-weights', tensor: 'hidden/kernel', ulps: 2 } });
    expect(d.evidence).toBe('the initial weights differ before any training: 1 of 2 tensors (hidden/kernel; hidden/kernel by up to 2 ULP)');
    expect(d.fix).toMatch(/give every initializer of the model a seed/);
  });

  it('equal initial weights and nothing isolated: unknown, at the first divergent batch, never a guess', () => {
    const d = diagnose(run(['3f800000', '3f800000']), run(['3f800000', '3f800000']), divergence);
    expect(d).toMatchObject({ cause: 'unknown', origin: { epoch: 2, batch: 3 } });
    expect(d.origin.phase).toBeUndefined();
  });

  it("only the end-of-epoch weights differ (every loss equal): unknown, through the epoch's last batch, and said so", () => {
    const same = run(['3f800000', '3f800000']);
    const d = diagnose(same, same, { ...divergence, series: 'weights', epoch: 2, batch: undefined });
    // 4 batches an epoch: the last update that can have made epoch 2's weights differ is its 4th.
    expect(d).toMatchObject({ cause: 'unknown', origin: { epoch: 2, batch: 4 } });
    expect(d.evidence).toMatch(/; the weights part at the end of epoch 2 \(every loss up to there equal\), and nothing the runs record tells why$/);
  });

  it('a variation that changed the numbers alone is the cause: environment:<VAR> or threads:<knob>, with its remedy', () => {
    const same = run(['3f800000', '3f800000']);
    const timezone = ENV_VARIATIONS.find((v) => v.name === 'timezone')!;
    expect(diagnose(same, same, divergence, [{ variation: timezone, set: 'varied' }])).toMatchObject({
      cause: 'environment:TZ',
      origin: { epoch: 2, batch: 3 },
    });
    const onednn = tensorflowThreadVariations(2).find((v) => Object.keys(v.options.env ?? {})[0] === 'TF_ENABLE_ONEDNN_OPTS')!;
    const d = diagnose(same, same, divergence, [{ variation: onednn, set: 'threads' }]);
    expect(d.cause).toBe('threads:TF_ENABLE_ONEDNN_OPTS');
    expect(d.fix).toContain(onednn.remedy);
  });

  it('the first batch whose data differs, no later than the losses: data-order when the epoch saw the same samples, else data', () => {
    // makeTrajectory: 3 epochs × 4 batches; batch index 5 is epoch 2 batch 2.
    const captured = (batch5: string, epoch2: string) => ({
      ...run(['3f800000', '3f800000']),
      capture: { batchData: Array.from({ length: 12 }, (_, i) => (i === 5 ? batch5 : `d${i}`)), epochSamples: ['e1', epoch2, 'e3'] },
    });
    const at = { ...divergence, epoch: 2, batch: 2 };
    expect(diagnose(captured('x', 'e2'), captured('y', 'e2'), at)).toMatchObject({ cause: 'data-order', origin: { epoch: 2, batch: 2, phase: 'data' } });
    expect(diagnose(captured('x', 'e2'), captured('y', 'f2'), at)).toMatchObject({ cause: 'data', origin: { epoch: 2, batch: 2, phase: 'data' } });
    // Losses that part before the data does: the data is not the cause.
    const earlier = diagnose(captured('x', 'e2'), captured('y', 'f2'), { ...divergence, epoch: 1, batch: 4 });
    expect(earlier).toMatchObject({ cause: 'unknown', origin: { epoch: 1, batch: 4 } });
    expect(earlier.evidence).toMatch(/^the initial weights are bitwise equal, and so is every batch of data up to there;/);
  });

  it('resets that change nothing are the state', () => {
    expect(diagnoseStateless(70, 10)).toMatchObject({ cause: 'state', origin: { epoch: 2, batch: 1 } });
  });
});
