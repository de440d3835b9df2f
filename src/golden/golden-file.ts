import { caseKey } from '../invariants/run-key.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import type { ResetPolicy, RunCase } from '../trajectory/run-request.js';
import type { ScenarioConfig } from '../scenario/config.js';
import type { BatchRecord, EpochRecord } from '../trajectory/trajectory.js';
import type { KernelTrace } from '../trajectory/kernel-trace.js';

export const GOLDEN_FORMAT = 'tfjs-repro/golden';
export const GOLDEN_VERSION = 1;

/** The runs every golden file holds: both cases, with and without resets. */
export const GOLDEN_RUNS: readonly { readonly case: RunCase; readonly reset: ResetPolicy }[] = [
  { case: 'loop', reset: 'none' },
  { case: 'single', reset: 'none' },
  { case: 'loop', reset: 'epoch' },
  { case: 'single', reset: 'epoch' },
];

/** The runs a golden of a scenario holds: resetting a stateless model changes nothing, so it keeps those without resets. */
export function goldenRunsFor(stateful: boolean): typeof GOLDEN_RUNS {
  return stateful ? GOLDEN_RUNS : GOLDEN_RUNS.filter((run) => run.reset === 'none');
}

/** A golden run's name: its case and reset policy (`loop/reset=none`). */
export const goldenRunKey = caseKey;

/**
 * What decides whether numbers must be bit-identical: the same backend, the same exact versions
 * of the `@tensorflow/*` packages, Node major, platform/arch and the TF_* knobs, and for native
 * backends (tfjs-node, Keras) the CPU's vector instruction sets. No host names, paths, CPU models
 * or times: a golden must not change from one machine of a kind to another with the same ISA.
 */
export interface GoldenProvenance {
  readonly runtime: RuntimeName;
  readonly backend: string;
  readonly packages: Readonly<Record<string, string>>;
  readonly nodeMajor: number;
  /**
   * The browser's version, for the chromium runtime (`143.0.7499.0`): a golden made in another
   * browser build is "other provenance", classified rather than demanded bit-identical. Absent in
   * goldens made before it was recorded.
   */
  readonly browser?: string;
  readonly platform: string;
  readonly arch: string;
  /**
   * For native backends (tensorflow in Node, every Keras backend): the vector instruction sets
   * their kernels dispatch on (`avx avx2 f16c fma sse4_2`); another CPU is "other provenance".
   * Absent for the JavaScript and wasm backends, and in goldens made before it was recorded.
   */
  readonly cpuIsa?: string;
  /**
   * The device that computed it, where the runtime records one (chromium/webgpu: the WebGPU
   * adapter, `google swiftshader`): another adapter is "other provenance", and its drift is named.
   */
  readonly device?: string;
  readonly env: Readonly<Record<string, string>>;
}

/** How far numbers may move when the provenance changes, and why that much. */
export interface GoldenBudget {
  readonly ulps: number;
  readonly reason: string;
}

export interface GoldenRun {
  readonly case: RunCase;
  readonly reset: ResetPolicy;
  readonly epochs: readonly EpochRecord[];
  readonly batches: readonly BatchRecord[];
  readonly weightDigests: readonly string[];
}

export type GoldenClassification = 'initial' | 'identical' | 'within-budget' | 'drifted';

export interface GoldenHistoryEntry {
  readonly reason: string;
  /** How the new numbers compare with the golden they replaced. */
  readonly classification: GoldenClassification;
  readonly packages: Readonly<Record<string, string>>;
  readonly nodeMajor: number;
}

export interface GoldenFile {
  readonly format: typeof GOLDEN_FORMAT;
  readonly version: typeof GOLDEN_VERSION;
  readonly scenario: ScenarioConfig;
  readonly backend: string;
  readonly provenance: GoldenProvenance;
  readonly budget: GoldenBudget;
  readonly runs: readonly GoldenRun[];
  readonly history: readonly GoldenHistoryEntry[];
  /**
   * Every kernel of the first run's first training step (epoch 1 batch 1), where the runtime traces
   * kernels: when an upgrade drifts, `golden check` traces the same step and names the first kernel
   * whose output changed. Absent for the keras runtime and in goldens made before it was recorded.
   */
  readonly kernelTrace?: KernelTrace;
}

/** The step a golden's kernel trace covers. */
export const GOLDEN_TRACE_UP_TO = { epoch: 1, batch: 1 } as const;

export const NO_BUDGET: GoldenBudget = {
  ulps: 0,
  reason: 'no cross-version budget recorded: any change of numbers after an upgrade is drift and needs a reviewed update',
};
