/**
 * An independent float64 implementation of the seed model — no tfjs inside — used as the
 * reference that each backend is measured against. Weights use Keras's layout, which tfjs shares:
 * LSTM kernel (input × 4·units), recurrent kernel (units × 4·units), bias (4·units), gate order
 * i, f, c, o; Dense kernel (units × 1) and bias (1).
 */
export interface LstmWeights {
  readonly inputSize: number;
  readonly units: number;
  readonly kernel: Float64Array;
  readonly recurrent: Float64Array;
  readonly bias: Float64Array;
}

export interface ReferenceWeights {
  readonly lstm: readonly LstmWeights[];
  readonly denseKernel: Float64Array;
  readonly denseBias: Float64Array;
}

/** Per-layer states of every stream of a batch: h and c, each batch × units. */
export interface ReferenceStates {
  readonly h: Float64Array[];
  readonly c: Float64Array[];
}

export function zeroStates(weights: ReferenceWeights, batchSize: number): ReferenceStates {
  return {
    h: weights.lstm.map((l) => new Float64Array(batchSize * l.units)),
    c: weights.lstm.map((l) => new Float64Array(batchSize * l.units)),
  };
}

export function cloneWeights(w: ReferenceWeights): ReferenceWeights {
  return {
    lstm: w.lstm.map((l) => ({ ...l, kernel: l.kernel.slice(), recurrent: l.recurrent.slice(), bias: l.bias.slice() })),
    denseKernel: w.denseKernel.slice(),
    denseBias: w.denseBias.slice(),
  };
}

/** tfjs's and Keras's hard sigmoid: clip(0.2·x + 0.5, 0, 1). */
function hardSigmoid(x: number): number {
  return Math.min(1, Math.max(0, 0.2 * x + 0.5));
}

/** Its gradient as tfjs computes it: clipByValue passes the gradient where min ≤ y ≤ max, inclusive. */
function hardSigmoidGrad(x: number): number {
  const y = 0.2 * x + 0.5;
  return y >= 0 && y <= 1 ? 0.2 : 0;
}

interface LayerCache {
  readonly input: Float64Array;
  readonly hPrev: Float64Array;
  readonly cPrev: Float64Array;
  readonly z: Float64Array;
  readonly i: Float64Array;
  readonly f: Float64Array;
  readonly g: Float64Array;
  readonly o: Float64Array;
  readonly c: Float64Array;
}

export interface BatchResult {
  readonly loss: number;
  /** Gradients in the layout of the weights (null when only the loss was asked for). */
  readonly gradients: ReferenceWeights | null;
  /** The states after this batch. */
  readonly states: ReferenceStates;
}

/**
 * One batch of one time step per stream: forward through the stacked LSTM and the Dense layer,
 * mse loss, and (if asked) the backward pass. As in tfjs, the incoming states are constants:
 * no gradient flows into the previous batch.
 */
export function runBatch(w: ReferenceWeights, states: ReferenceStates, x: Float64Array, y: Float64Array, withGradients: boolean): BatchResult {
  const batch = y.length;
  const caches: LayerCache[] = [];
  let input = x;
  const next: ReferenceStates = { h: [], c: [] };
  w.lstm.forEach((layer, l) => {
    const { cache, h } = lstmForward(layer, input, states.h[l]!, states.c[l]!, batch);
    caches.push(cache);
    next.h.push(h);
    next.c.push(cache.c);
    input = h;
  });
  const top = w.lstm.at(-1)!.units;
  const prediction = new Float64Array(batch);
  let loss = 0;
  for (let b = 0; b < batch; b++) {
    let sum = w.denseBias[0]!;
    for (let j = 0; j < top; j++) sum += input[b * top + j]! * w.denseKernel[j]!;
    prediction[b] = sum;
    loss += (sum - y[b]!) ** 2;
  }
  loss /= batch;
  if (!withGradients) return { loss, gradients: null, states: next };
  return { loss, gradients: backward(w, caches, input, prediction, y), states: next };
}

/** One LSTM layer, one time step: the gates, the new cell state and output, and what backward needs. */
function lstmForward(layer: LstmWeights, input: Float64Array, hPrev: Float64Array, cPrev: Float64Array, batch: number) {
  const { inputSize: n, units: u } = layer;
  const z = new Float64Array(batch * 4 * u);
  const [i, f, g, o, c, h] = Array.from({ length: 6 }, () => new Float64Array(batch * u)) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  for (let b = 0; b < batch; b++) {
    for (let k = 0; k < 4 * u; k++) {
      let sum = layer.bias[k]!;
      for (let j = 0; j < n; j++) sum += input[b * n + j]! * layer.kernel[j * 4 * u + k]!;
      for (let j = 0; j < u; j++) sum += hPrev[b * u + j]! * layer.recurrent[j * 4 * u + k]!;
      z[b * 4 * u + k] = sum;
    }
    for (let j = 0; j < u; j++) {
      const at = b * 4 * u;
      i[b * u + j] = hardSigmoid(z[at + j]!);
      f[b * u + j] = hardSigmoid(z[at + u + j]!);
      g[b * u + j] = Math.tanh(z[at + 2 * u + j]!);
      o[b * u + j] = hardSigmoid(z[at + 3 * u + j]!);
      c[b * u + j] = f[b * u + j]! * cPrev[b * u + j]! + i[b * u + j]! * g[b * u + j]!;
      h[b * u + j] = o[b * u + j]! * Math.tanh(c[b * u + j]!);
    }
  }
  const cache: LayerCache = { input, hPrev, cPrev, z, i, f, g, o, c };
  return { cache, h };
}

/** The mse loss's gradients through the Dense layer and each LSTM layer, top to bottom (`top`: the last layer's output). */
function backward(w: ReferenceWeights, caches: readonly LayerCache[], top: Float64Array, prediction: Float64Array, y: Float64Array): ReferenceWeights {
  const batch = y.length;
  const units = w.lstm.at(-1)!.units;
  const grads = zeroLike(w);
  let dh: Float64Array = new Float64Array(batch * units);
  for (let b = 0; b < batch; b++) {
    const dy = (2 * (prediction[b]! - y[b]!)) / batch;
    grads.denseBias[0]! += dy;
    for (let j = 0; j < units; j++) {
      grads.denseKernel[j]! += top[b * units + j]! * dy;
      dh[b * units + j] = dy * w.denseKernel[j]!;
    }
  }
  for (let l = w.lstm.length - 1; l >= 0; l--) dh = lstmBackward(w.lstm[l]!, caches[l]!, grads.lstm[l]!, dh, batch);
  return grads;
}

/** One LSTM layer's backward step: adds its weight gradients into `gl`; returns the gradient of its input. */
function lstmBackward(layer: LstmWeights, cache: LayerCache, gl: LstmWeights, dh: Float64Array, batch: number): Float64Array {
  const { inputSize: n, units: u } = layer;
  const dz = new Float64Array(batch * 4 * u);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < u; j++) {
      const s = b * u + j;
      const at = b * 4 * u;
      const tc = Math.tanh(cache.c[s]!);
      const dc = dh[s]! * cache.o[s]! * (1 - tc * tc);
      dz[at + j] = dc * cache.g[s]! * hardSigmoidGrad(cache.z[at + j]!);
      dz[at + u + j] = dc * cache.cPrev[s]! * hardSigmoidGrad(cache.z[at + u + j]!);
      dz[at + 2 * u + j] = dc * cache.i[s]! * (1 - cache.g[s]! * cache.g[s]!);
      dz[at + 3 * u + j] = dh[s]! * tc * hardSigmoidGrad(cache.z[at + 3 * u + j]!);
    }
  }
  const dInput = new Float64Array(batch * n);
  for (let b = 0; b < batch; b++) {
    for (let k = 0; k < 4 * u; k++) {
      const d = dz[b * 4 * u + k]!;
      gl.bias[k]! += d;
      for (let j = 0; j < n; j++) {
        gl.kernel[j * 4 * u + k]! += cache.input[b * n + j]! * d;
        dInput[b * n + j]! += d * layer.kernel[j * 4 * u + k]!;
      }
      for (let j = 0; j < u; j++) gl.recurrent[j * 4 * u + k]! += cache.hPrev[b * u + j]! * d;
    }
  }
  return dInput;
}

function zeroLike(w: ReferenceWeights): { lstm: LstmWeights[]; denseKernel: Float64Array; denseBias: Float64Array } {
  return {
    lstm: w.lstm.map((l) => ({
      ...l,
      kernel: new Float64Array(l.kernel.length),
      recurrent: new Float64Array(l.recurrent.length),
      bias: new Float64Array(l.bias.length),
    })),
    denseKernel: new Float64Array(w.denseKernel.length),
    denseBias: new Float64Array(w.denseBias.length),
  };
}

/** Every parameter array of a weights object, in model order (as tfjs's getWeights()). */
export function parameterArrays(w: ReferenceWeights): Float64Array[] {
  return [...w.lstm.flatMap((l) => [l.kernel, l.recurrent, l.bias]), w.denseKernel, w.denseBias];
}
