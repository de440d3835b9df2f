import { describe, it } from 'vitest';
import { expectKerasGoldensReproduce } from '../helpers/keras-goldens.js';

// The committed keras artifacts against fresh Python runs, within the suite's budget: the JAX
// golden's base run (70 epochs, ~8 s), bitwise, and the report's keras/jax curve. The tensorflow and
// torch goldens' base runs: spec/full/keras-artifacts.test.ts (`npm run test:full`); all four runs of
// each: `tfjs-repro golden check --runtime keras`.
describe('committed keras artifacts, checked against a fresh Keras run', () => {
  it("the keras/jax golden's base run reproduces (bitwise on the same CPU), and is the committed report's keras/jax curve", async () => {
    await expectKerasGoldensReproduce(['jax']);
  }, 180_000);
});
