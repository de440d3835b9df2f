import type { KernelTrace, KernelTraceEntry, TracePhase } from '../trajectory/kernel-trace.js';

/** The most entries a trace keeps; past it the trace says `truncated` and a diagnosis says so. */
export const MAX_TRACE_ENTRIES = 400_000;

/** What the trace needs of a tfjs tensor (structural: the Node and the browser bundles' classes differ). */
interface TracedTensor {
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly dataId: object;
  dataSync(): unknown;
}
interface TapeNode {
  gradient?: (dys: unknown) => unknown;
}
interface TracedEngine {
  runKernelFunc(params: { readonly kernelName?: string; readonly inputs?: Record<string, unknown> }): unknown;
  makeTensor(...args: unknown[]): TracedTensor;
  readonly state: { readonly activeTape?: TapeNode[] | null; readonly activeScope?: { readonly name?: string } | null };
}
interface TracedOptimizer {
  minimize(f: () => unknown, returnCost?: boolean, varList?: unknown): unknown;
  applyGradients(grads: unknown): unknown;
}
interface TracedLayer {
  readonly name: string;
  call(inputs: unknown, kwargs: unknown): unknown;
}
interface TracedModel {
  readonly layers: readonly TracedLayer[];
  readonly optimizer: TracedOptimizer;
  readonly model?: TracedModel;
  makeTrainFunction(): (data: unknown) => unknown;
}

export interface KernelTracer {
  /** Called as each epoch begins (fit's onEpochBegin). */
  beginEpoch(): void;
  /** True once the last batch to trace has trained: the run can stop there. */
  readonly done: boolean;
  /** Puts the engine, the optimizer and the layers back as they were; returns what was recorded. */
  finish(): KernelTrace;
}

/**
 * Records every kernel that runs inside fit's training steps up to and including batch `upTo`:
 * its name, the layer whose call (or whose call's gradient) ran it, the phase (forward, backward,
 * optimizer), a hash of each input and output, and the outputs' shapes; tensors made from values
 * inside a step (`makeTensor`: random ops, scalars) are entries too, with no inputs. Two traces of
 * runs that should agree are aligned by epoch, batch, kernel and occurrence (diagnosis/locate-origin).
 * It wraps the engine's kernel execution (`runKernelFunc`, the path `tf.profile` uses), the
 * engine's `makeTensor`, the optimizer's `minimize` and `applyGradients` and each layer's `call`
 * on this model only; nothing about the numbers changes. Costly (every tensor is read): a
 * diagnosis replays with it only as far as the first divergent batch.
 */
export function traceKernels(engine: object, model: object, upTo: { readonly epoch: number; readonly batch: number }): KernelTracer {
  const tracedEngine = engine as TracedEngine;
  const outer = model as TracedModel;
  const target = outer.model ?? outer;
  const entries: KernelTraceEntry[] = [];
  const counts = new Map<string, number>();
  const hashes = new WeakMap<object, string>();
  let truncated = false;
  let done = false;
  let active = false;
  let epoch = 0;
  let batch = 0;
  let phase: TracePhase = 'forward';
  let layer: string | undefined;

  const hashOf = (tensor: unknown): string => {
    const t = tensor as TracedTensor | null | undefined;
    if (t === null || t === undefined || typeof t.dataSync !== 'function') return '-';
    const known = hashes.get(t.dataId);
    if (known !== undefined) return known;
    const hash = t.dtype === 'string' ? 'string' : hashValues(t.dataSync() as ArrayBufferView);
    hashes.set(t.dataId, hash);
    return hash;
  };
  const record = (kernel: string, inputs: readonly unknown[], outputs: readonly TracedTensor[]): void => {
    if (entries.length >= MAX_TRACE_ENTRIES) {
      truncated = true;
      return;
    }
    const id = `${epoch}:${batch}:${kernel}`;
    const occurrence = (counts.get(id) ?? 0) + 1;
    counts.set(id, occurrence);
    entries.push({
      epoch,
      batch,
      phase,
      kernel,
      occurrence,
      ...(layer === undefined ? {} : { layer }),
      inputs: inputs.map(hashOf),
      outputs: outputs.map(hashOf),
      shapes: outputs.map((o) => [...(o?.shape ?? [])]),
    });
  };

  const runKernelFunc = tracedEngine.runKernelFunc;
  tracedEngine.runKernelFunc = function (this: TracedEngine, params) {
    const tape = this.state.activeTape;
    const tapeLength = tape?.length ?? 0;
    const result = runKernelFunc.call(this, params);
    if (!active) return result;
    // The gradient of this kernel runs in this layer too (backward kernels are named by the layer whose forward made them).
    const node = tape !== null && tape !== undefined && tape.length > tapeLength ? tape[tape.length - 1] : undefined;
    if (node?.gradient !== undefined && node.gradient !== null) {
      const gradient = node.gradient;
      const at = layer;
      const inLayer =
        <T>(f: () => T) =>
        (): T => {
          const outerLayer = layer;
          layer = at;
          try {
            return f();
          } finally {
            layer = outerLayer;
          }
        };
      // A gradient returns one function per input, which the engine calls later: each runs in the layer too.
      node.gradient = (dys) => {
        const thunks = inLayer(() => gradient(dys))() as Record<string, unknown>;
        return Object.fromEntries(Object.entries(thunks).map(([input, f]) => [input, typeof f === 'function' ? inLayer(f as () => unknown) : f]));
      };
    }
    const name = params.kernelName ?? `custom:${this.state.activeScope?.name ?? ''}`;
    record(name, Object.values(params.inputs ?? {}), (Array.isArray(result) ? result : [result]) as TracedTensor[]);
    return result;
  };
  const makeTensor = tracedEngine.makeTensor;
  tracedEngine.makeTensor = function (this: TracedEngine, ...args) {
    const tensor = makeTensor.apply(this, args);
    if (active) record('makeTensor', [], [tensor]);
    return tensor;
  };

  const optimizer = target.optimizer;
  const { minimize, applyGradients } = optimizer;
  optimizer.minimize = function (this: TracedOptimizer, f, returnCost, varList) {
    const forward = () => {
      phase = 'forward';
      const value = f();
      phase = 'backward';
      layer = undefined;
      return value;
    };
    return minimize.call(this, forward, returnCost, varList);
  };
  optimizer.applyGradients = function (this: TracedOptimizer, grads) {
    phase = 'optimizer';
    layer = undefined;
    return applyGradients.call(this, grads);
  };

  const layers = target.layers.map((traced) => {
    const call = traced.call;
    traced.call = function (this: TracedLayer, inputs, kwargs) {
      const outerLayer = layer;
      layer = traced.name;
      try {
        return call.call(this, inputs, kwargs);
      } finally {
        layer = outerLayer;
      }
    };
    return { traced, call };
  });

  const makeTrainFunction = target.makeTrainFunction;
  target.makeTrainFunction = function (this: TracedModel) {
    const train = makeTrainFunction.call(this);
    return (data: unknown) => {
      batch += 1;
      active = !done && !truncated;
      phase = 'forward';
      layer = undefined;
      try {
        return train(data);
      } finally {
        active = false;
        if (epoch > upTo.epoch || (epoch === upTo.epoch && batch >= upTo.batch)) done = true;
      }
    };
  };

  return {
    beginEpoch: () => {
      epoch += 1;
      batch = 0;
    },
    get done() {
      return done;
    },
    finish: () => {
      tracedEngine.runKernelFunc = runKernelFunc;
      tracedEngine.makeTensor = makeTensor;
      Object.assign(optimizer, { minimize, applyGradients });
      for (const { traced, call } of layers) traced.call = call;
      target.makeTrainFunction = makeTrainFunction;
      // The prototype's methods again, not own copies of them.
      for (const owner of [tracedEngine, optimizer, target, ...layers.map((l) => l.traced)] as unknown as Record<string, unknown>[]) {
        for (const key of ['runKernelFunc', 'makeTensor', 'minimize', 'applyGradients', 'makeTrainFunction', 'call']) {
          if (Object.hasOwn(owner, key) && owner[key] === Object.getPrototypeOf(owner)?.[key]) delete owner[key];
        }
      }
      return { upTo, entries, ...(truncated ? { truncated } : {}) };
    },
  };
}

/**
 * A 64-bit hash of a typed array's bytes, order-sensitive (FNV-1a on 32-bit words in two lanes,
 * with the length): equal for bitwise-equal tensors, and for others different but with
 * negligible chance. Pure JavaScript, so the same in Node and in a browser.
 */
export function hashValues(view: ArrayBufferView): string {
  // Uint32 views need 4-byte alignment; a bool tensor's bytes may start anywhere.
  const values = view.byteOffset % 4 === 0 ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
  const whole = values.byteLength - (values.byteLength % 4);
  const words = new Uint32Array(values.buffer, values.byteOffset, whole / 4);
  let h1 = 0x811c9dc5 ^ values.byteLength;
  let h2 = 0x01000193 ^ Math.imul(values.byteLength, 0x9e3779b1);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    h1 = Math.imul(h1 ^ word, 0x01000193);
    h2 = Math.imul(h2 ^ word, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  const tail = new Uint8Array(values.buffer, values.byteOffset + whole, values.byteLength - whole);
  for (const byte of tail) {
    h1 = Math.imul(h1 ^ byte, 0x01000193);
    h2 = Math.imul(h2 ^ byte, 0x5bd1e995);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
