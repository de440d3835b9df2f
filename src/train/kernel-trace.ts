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
  const outer = model as TracedModel;
  const target = outer.model ?? outer;
  const state: TraceState = {
    entries: [],
    counts: new Map(),
    hashes: new WeakMap(),
    truncated: false,
    done: false,
    active: false,
    epoch: 0,
    batch: 0,
    phase: 'forward',
  };
  const restores = [
    hookEngine(engine as TracedEngine, state),
    hookOptimizer(target.optimizer, state),
    ...target.layers.map((layer) => hookLayer(layer, state)),
    hookTrainFunction(target, state, upTo),
  ];
  return {
    beginEpoch: () => {
      state.epoch += 1;
      state.batch = 0;
    },
    get done() {
      return state.done;
    },
    finish: () => {
      for (const restore of restores) restore();
      return { upTo, entries: state.entries, ...(state.truncated ? { truncated: true } : {}) };
    },
  };
}

/** What the hooks share: the entries so far and where training is. */
interface TraceState {
  readonly entries: KernelTraceEntry[];
  readonly counts: Map<string, number>;
  /** Tensor data never changes under a data id: each is read and hashed once. */
  readonly hashes: WeakMap<object, string>;
  truncated: boolean;
  done: boolean;
  /** Inside a training step that is traced. */
  active: boolean;
  epoch: number;
  batch: number;
  phase: TracePhase;
  layer?: string | undefined;
}

function hashOf(state: TraceState, tensor: unknown): string {
  const t = tensor as TracedTensor | null | undefined;
  if (t === null || t === undefined || typeof t.dataSync !== 'function') return '-';
  const known = state.hashes.get(t.dataId);
  if (known !== undefined) return known;
  const hash = t.dtype === 'string' ? 'string' : hashValues(t.dataSync() as ArrayBufferView);
  state.hashes.set(t.dataId, hash);
  return hash;
}

function record(state: TraceState, kernel: string, inputs: readonly unknown[], outputs: readonly TracedTensor[]): void {
  if (state.entries.length >= MAX_TRACE_ENTRIES) {
    state.truncated = true;
    return;
  }
  const { epoch, batch, phase, layer } = state;
  const id = `${epoch}:${batch}:${kernel}`;
  const occurrence = (state.counts.get(id) ?? 0) + 1;
  state.counts.set(id, occurrence);
  state.entries.push({
    epoch,
    batch,
    phase,
    kernel,
    occurrence,
    ...(layer === undefined ? {} : { layer }),
    inputs: inputs.map((input) => hashOf(state, input)),
    outputs: outputs.map((output) => hashOf(state, output)),
    shapes: outputs.map((o) => [...(o?.shape ?? [])]),
  });
}

/** Runs `f` with the state's layer set to `layer`, then puts the outer one back. */
function inLayer<T>(state: TraceState, layer: string | undefined, f: () => T): T {
  const outer = state.layer;
  state.layer = layer;
  try {
    return f();
  } finally {
    state.layer = outer;
  }
}

/** The engine's kernel execution and makeTensor; each kernel's gradient runs in its forward's layer. */
function hookEngine(engine: TracedEngine, state: TraceState): () => void {
  const { runKernelFunc, makeTensor } = engine;
  engine.runKernelFunc = function (this: TracedEngine, params) {
    const tape = this.state.activeTape;
    const tapeLength = tape?.length ?? 0;
    const result = runKernelFunc.call(this, params);
    if (!state.active) return result;
    const node = tape !== null && tape !== undefined && tape.length > tapeLength ? tape[tape.length - 1] : undefined;
    if (node?.gradient !== undefined && node.gradient !== null) {
      const gradient = node.gradient;
      const at = state.layer;
      // A gradient returns one function per input, which the engine calls later: each runs in the layer too.
      node.gradient = (dys) => {
        const thunks = inLayer(state, at, () => gradient(dys)) as Record<string, unknown>;
        return Object.fromEntries(
          Object.entries(thunks).map(([input, f]) => [input, typeof f === 'function' ? () => inLayer(state, at, f as () => unknown) : f]),
        );
      };
    }
    const name = params.kernelName ?? `custom:${this.state.activeScope?.name ?? ''}`;
    record(state, name, Object.values(params.inputs ?? {}), (Array.isArray(result) ? result : [result]) as TracedTensor[]);
    return result;
  };
  engine.makeTensor = function (this: TracedEngine, ...args) {
    const tensor = makeTensor.apply(this, args);
    if (state.active) record(state, 'makeTensor', [], [tensor]);
    return tensor;
  };
  return () => restoreMethods(engine, { runKernelFunc, makeTensor });
}

/** The phases: the loss function's run is the forward pass, the rest of minimize's gradients the backward, applyGradients the optimizer. */
function hookOptimizer(optimizer: TracedOptimizer, state: TraceState): () => void {
  const { minimize, applyGradients } = optimizer;
  optimizer.minimize = function (this: TracedOptimizer, f, returnCost, varList) {
    const forward = () => {
      state.phase = 'forward';
      const value = f();
      state.phase = 'backward';
      state.layer = undefined;
      return value;
    };
    return minimize.call(this, forward, returnCost, varList);
  };
  optimizer.applyGradients = function (this: TracedOptimizer, grads) {
    state.phase = 'optimizer';
    state.layer = undefined;
    return applyGradients.call(this, grads);
  };
  return () => restoreMethods(optimizer, { minimize, applyGradients });
}

function hookLayer(layer: TracedLayer, state: TraceState): () => void {
  const { call } = layer;
  layer.call = function (this: TracedLayer, inputs, kwargs) {
    return inLayer(state, layer.name, () => call.call(this, inputs, kwargs));
  };
  return () => restoreMethods(layer, { call });
}

/** Each training step fit runs: traced while at or before `upTo`; `done` once `upTo` has run. */
function hookTrainFunction(target: TracedModel, state: TraceState, upTo: { readonly epoch: number; readonly batch: number }): () => void {
  const { makeTrainFunction } = target;
  target.makeTrainFunction = function (this: TracedModel) {
    const train = makeTrainFunction.call(this);
    return (data: unknown) => {
      state.batch += 1;
      state.active = !state.done && !state.truncated;
      state.phase = 'forward';
      state.layer = undefined;
      try {
        return train(data);
      } finally {
        state.active = false;
        if (state.epoch > upTo.epoch || (state.epoch === upTo.epoch && state.batch >= upTo.batch)) state.done = true;
      }
    };
  };
  return () => restoreMethods(target, { makeTrainFunction });
}

/** Puts methods back: an own copy of what the prototype has is removed, so that the object is as it was. */
function restoreMethods(owner: object, methods: Record<string, unknown>): void {
  const own = owner as Record<string, unknown>;
  const prototype = Object.getPrototypeOf(owner) as Record<string, unknown> | null;
  for (const [key, method] of Object.entries(methods)) {
    if (prototype?.[key] === method) delete own[key];
    else own[key] = method;
  }
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
