import { describe, expect, it } from 'vitest';
import { claimNamed, withControl } from '../../../src/invariants/claims.js';
import { makeTrajectory, nextFloat32Up } from '../../helpers/make-trajectory.js';

const base = (epoch: number, batch: number): number => 1 / (epoch * 10 + batch + 1);
const changedFrom = (fromEpoch: number) => (epoch: number, batch: number) => (epoch >= fromEpoch ? base(epoch, batch) * 1.5 : base(epoch, batch));

describe('claims judged from two trajectories', () => {
  it('rerun holds for identical runs and is violated by a single ULP, naming where', () => {
    const a = makeTrajectory();
    expect(claimNamed('rerun').judge(a, a)).toMatchObject({ kind: 'holds', evidence: expect.stringMatching(/^bitwise identical over 3 epochs × 4 batches/) });
    const b = makeTrajectory({ loss: (e, bt) => (e === 3 && bt === 2 ? nextFloat32Up(base(e, bt)) : base(e, bt)) });
    const verdict = claimNamed('rerun').judge(a, b);
    expect(verdict).toMatchObject({ kind: 'violated', divergence: { epoch: 3, batch: 2, ulp: 1 } });
    expect(verdict.evidence).toMatch(/^differs at epoch 3 batch 2: .* \([0-9a-f]{8}\) vs .* \([0-9a-f]{8}\), 1 ULP/);
  });

  it('reset-matters holds when epoch 1 is identical and every later epoch differs', () => {
    expect(claimNamed('reset-matters').judge(makeTrajectory(), makeTrajectory({ loss: changedFrom(2) }))).toMatchObject({ kind: 'holds' });
  });

  it('reset-matters is violated when resets change nothing, when epoch 1 differs, or when a later epoch is unchanged', () => {
    const judge = claimNamed('reset-matters').judge;
    expect(judge(makeTrajectory(), makeTrajectory())).toMatchObject({ kind: 'violated', evidence: expect.stringMatching(/changed nothing/) });
    expect(judge(makeTrajectory(), makeTrajectory({ loss: changedFrom(1) }))).toMatchObject({
      kind: 'violated',
      evidence: expect.stringMatching(/epoch 1 already differs/),
    });
    const onlyEpoch2 = makeTrajectory({ loss: (e, b) => (e === 2 ? base(e, b) * 1.5 : base(e, b)) });
    expect(judge(makeTrajectory(), onlyEpoch2)).toMatchObject({ kind: 'violated', evidence: expect.stringMatching(/unchanged by resets at epoch\(s\) 3/) });
  });

  it('seed-matters holds when runs differ and is violated when two seeds give the same run', () => {
    const judge = claimNamed('seed-matters').judge;
    expect(judge(makeTrajectory({ seed: 1 }), makeTrajectory({ seed: 2, loss: changedFrom(1) }))).toMatchObject({ kind: 'holds' });
    expect(judge(makeTrajectory({ seed: 1 }), makeTrajectory({ seed: 2 }))).toMatchObject({
      kind: 'violated',
      evidence: 'seeds 1 and 2 gave bitwise identical runs',
    });
  });

  it('a control that does not reproduce makes a difference inconclusive, naming where the control parts (and its evidence when it has no divergence)', () => {
    const a = makeTrajectory();
    const b = makeTrajectory({ loss: (e, bt) => (e === 3 && bt === 2 ? nextFloat32Up(base(e, bt)) : base(e, bt)) });
    const control = claimNamed('rerun').judge(a, b);
    const seed = withControl(claimNamed('seed-matters'), claimNamed('seed-matters').judge(a, b), control);
    expect(seed.kind).toBe('inconclusive');
    expect(seed.evidence).toMatch(/^inconclusive: the base run does not reproduce itself \(rerun differs at epoch 3 batch 2: .*, 1 ULP\), so a difference/);
    const incomparable = { kind: 'violated' as const, evidence: 'the runs have different numbers of epochs: 3 vs 2' };
    expect(withControl(claimNamed('loop-equals-single'), incomparable, incomparable).evidence).toMatch(
      /\(rerun the runs have different numbers of epochs: 3 vs 2\)/,
    );
  });
});
