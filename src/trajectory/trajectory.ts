import type { KernelTrace } from './kernel-trace.js';
import type { RuntimeName } from './runtime-name.js';
import type { NamedWeight, RunRequest } from './run-request.js';

export type { NamedWeight } from './run-request.js';

export const TRAJECTORY_FORMAT = 'tfjs-repro/trajectory';
export const TRAJECTORY_VERSION = 1;

/** A float32 loss: the bit pattern is authoritative; `loss` is its decimal (null for NaN/±Infinity in JSON). */
export interface LossPoint {
  readonly loss: number | null;
  readonly lossBits: string;
}

export interface EpochRecord extends LossPoint {
  /** 1-based. */
  readonly epoch: number;
  /** `tf.memory().numTensors` after the epoch (and after any reset). */
  readonly numTensors: number;
}

export interface BatchRecord extends LossPoint {
  /** 1-based epoch and batch within it. */
  readonly epoch: number;
  readonly batch: number;
}

export interface Provenance {
  readonly runtime: RuntimeName;
  readonly backend: string;
  /** Exact versions of the `@tensorflow/*` packages the child loaded. */
  readonly packages: Readonly<Record<string, string>>;
  /** The Node that ran (for keras: the Node that drove the Python child). */
  readonly node: string;
  /** The keras runtime's Python version. */
  readonly python?: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpu: string;
  /** The environment variables that can change numbers (TF_* knobs), as the child saw them. */
  readonly env: Readonly<Record<string, string>>;
  /** Backend flags read from tf.env() (e.g. WASM_HAS_SIMD_SUPPORT). */
  readonly flags: Readonly<Record<string, boolean | number | string>>;
}

/** Volatile measurements; never compared, never stored in goldens. */
export interface Timings {
  /** Process start → tfjs loaded and backend ready. */
  readonly startupMs: number;
  readonly trainMs: number;
  readonly msPerEpoch: number;
  /** Peak resident set size of the child, from process.resourceUsage().maxRSS. */
  readonly peakRssMb: number;
}

/**
 * What each batch trained on, for telling two runs apart by their data: `batchData[i]` digests the
 * inputs and targets of `batches[i]` in order; `epochSamples[e - 1]` the samples of epoch e in any
 * order (the same samples in other batches: another data order). Absent where a runtime does not
 * record it (keras).
 */
export interface DataCapture {
  readonly batchData: readonly string[];
  readonly epochSamples: readonly string[];
}

export interface Trajectory {
  readonly format: typeof TRAJECTORY_FORMAT;
  readonly version: typeof TRAJECTORY_VERSION;
  readonly request: RunRequest;
  readonly epochs: readonly EpochRecord[];
  /** Every batch loss, epoch-major. */
  readonly batches: readonly BatchRecord[];
  /** SHA-256 (first 16 hex digits) of all weights' float32 bytes after each epoch. */
  readonly weightDigests: readonly string[];
  /** Every weight before training, in model order (Keras layout), as float32 bit patterns. */
  readonly initialWeights?: readonly NamedWeight[];
  /** The trained model's predictions on the training input, after the last epoch (null: non-finite). */
  readonly predictions?: readonly (number | null)[];
  /** What each batch and epoch trained on (digests); absent where the runtime does not record it. */
  readonly capture?: DataCapture;
  /** Every kernel of the training steps up to the request's `trace.upTo` (asked by a diagnosis only). */
  readonly kernelTrace?: KernelTrace;
  readonly provenance: Provenance;
  readonly timings: Timings;
}
