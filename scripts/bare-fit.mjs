// The baseline for the recording overhead: the same model, data and seeds as a child run, trained
// in this process by a bare fit loop (no callbacks, no digests). Prints one JSON line. With a 4th
// argument `capture`, the same fit with the per-batch data capture every run records (the capture's
// own cost, measured side by side in npm run bench).
import { loadTfjs } from '../dist/runtimes/node/load-tfjs.js';
import { resolveRunRequest } from '../dist/trajectory/run-request.js';
import { deriveSeeds } from '../dist/scenario/seeds.js';
import { generateSineData } from '../dist/scenario/sine-data.js';
import { buildStatefulLstm } from '../dist/scenario/stateful-lstm.js';
import seedrandom from 'seedrandom';
import { recordBatchData } from '../dist/train/capture-data.js';

const [backend, epochs, runCase, capture] = process.argv.slice(2);
const request = resolveRunRequest({ scenario: { epochs: Number(epochs) }, backend, case: runCase });
const seeds = deriveSeeds(request.scenario);
seedrandom(seeds.mathRandom, { global: true });
const { tf } = await loadTfjs(request.backend);
const { scenario } = request;
const data = generateSineData(scenario, seeds.data);
const x = tf.tensor3d(data.x, [scenario.samples, 1, 1]);
const y = tf.tensor2d(data.y, [scenario.samples, 1]);
const model = buildStatefulLstm(tf, scenario, seeds);
// The same fit arguments as the recorded child, without its callbacks.
const recorder = capture === 'capture' ? recordBatchData(model) : undefined;
const callbacks = recorder === undefined ? undefined : { onEpochEnd: async () => recorder.endEpoch() };
const fitArgs = { batchSize: scenario.batchSize, shuffle: false, verbose: 0, yieldEvery: 'never', callbacks };
const started = performance.now();
let history;
if (request.case === 'loop') {
  for (let i = 0; i < scenario.epochs; i++) history = await model.fit(x, y, { epochs: 1, ...fitArgs });
} else {
  history = await model.fit(x, y, { epochs: scenario.epochs, ...fitArgs });
}
const trainMs = performance.now() - started;
process.stderr.write(`${JSON.stringify({ trainMs, finalLoss: history.history.loss.at(-1) })}\n`);
