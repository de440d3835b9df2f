import { describe, it } from 'vitest';
import { expectKerasGoldensReproduce } from '../helpers/keras-goldens.js';

// The keras goldens that `npm test` leaves out (it re-runs JAX's): TensorFlow's and PyTorch's base runs.
describe('committed keras artifacts, checked against fresh Keras runs', () => {
  it("the keras/tensorflow and keras/torch goldens' base runs reproduce (bitwise on the same CPU), and are the committed report's curves", async () => {
    await expectKerasGoldensReproduce(['tensorflow', 'torch']);
  }, 180_000);
});
