import { compareTrajectories, type Divergence } from '../compare/compare-trajectories.js';
import { epochRelativeDistances, epochUlpDistances } from '../compare/epoch-distances.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import type { CrossRuntimeClaim } from './expectations.js';
import { renderDivergence } from './render-divergence.js';

/**
 * How far chromium/webgl may be from cpu (node or chromium), in ULP of any batch or epoch loss.
 * WebGL computes in float32 shaders with its own op order, so it is close, never bitwise.
 * Measured on tfjs 4.22, Debian chromium 156, SwiftShader WebGL 2, seed model against cpu:
 * 20–93 ULP over 3 epochs (seeds 1, 3, 5; 100 samples; max relative 6.3e-6) and 134 ULP over the
 * full 70 epochs (seed 1, 1000 samples; first difference 1 ULP at epoch 1 batch 1; max relative
 * 8.7e-6). 1024 leaves ~7× headroom and still fails a change of formula, which moves losses by
 * thousands to millions of ULP from the first batch.
 */
export const WEBGL_ULP_BUDGET = 1024;

/**
 * How far a tfjs run may be from Keras (on TensorFlow) trained from the same initial weights and
 * data, as the relative distance of any epoch loss: `matches-keras`. Measured (seed 1, 70 epochs,
 * Keras 3.15.1 on tensorflow-cpu 2.20.0 against tfjs 4.22.0 in Node, each from the tfjs run's own
 * initial weights; `npm run report`): with adadelta, max 1.41e-6 (cpu), 1.51e-6 (wasm), 2.82e-6
 * (tensorflow), each at epoch 70, ≤ 1.9e-7 at epoch 1; with sgd (`tfjs-repro fidelity --keras
 * --optimizer sgd`), max 2.0e-7. 1e-4 (the float64 reference's bound) leaves ~35× headroom and
 * still fails tfjs's stock Adadelta, which leaves Keras at the second batch (relative 1.0) and
 * stays 0.6–1.0 away, and Keras on JAX, whose stateful LSTM keeps no state (3.7e-2 with sgd).
 */
export const KERAS_BOUND = 1e-4;

export { CROSS_RUNTIME_CLAIMS, type CrossRuntimeClaim } from './expectations.js';

export interface CrossRuntimeOutcome {
  readonly claim: CrossRuntimeClaim;
  /** `runtime/backend` of the two runs compared (case 1, no resets). */
  readonly a: string;
  readonly b: string;
  readonly kind: 'holds' | 'violated' | 'inconclusive';
  readonly evidence: string;
  readonly maxUlp: number;
  readonly divergence?: Divergence;
  /** matches-keras: the relative distance of every epoch loss (null where one is not finite). */
  readonly relPerEpoch?: readonly (number | null)[];
}

/**
 * `matches-keras`: a tfjs run (case 1, no resets) against Keras on TensorFlow trained from that
 * run's initial weights and data, within KERAS_BOUND relative at every epoch.
 */
export function judgeMatchesKeras(tfjsName: string, tfjs: Trajectory, keras: Trajectory): CrossRuntimeOutcome {
  const relPerEpoch = epochRelativeDistances(tfjs, keras);
  const finite = relPerEpoch.filter((r): r is number => r !== null);
  const maxRel = finite.length < relPerEpoch.length ? Number.POSITIVE_INFINITY : Math.max(...finite);
  const worst = relPerEpoch.findIndex((r) => r === null || r === maxRel) + 1;
  const at = (epoch: number) => relPerEpoch[epoch - 1]?.toExponential(2) ?? 'NaN';
  const holds = maxRel <= KERAS_BOUND;
  const beyond = relPerEpoch.findIndex((r) => !(r !== null && r <= KERAS_BOUND)) + 1;
  return {
    claim: 'matches-keras',
    a: tfjsName,
    b: 'keras/tensorflow (from the same start)',
    kind: holds ? 'holds' : 'violated',
    maxUlp: Math.max(...epochUlpDistances(tfjs, keras).map((u) => u ?? Number.POSITIVE_INFINITY)),
    relPerEpoch,
    evidence: `${holds ? 'within' : `beyond ${KERAS_BOUND} from epoch ${beyond};`} relative ${holds ? `${KERAS_BOUND}: ` : ''}epoch 1 ${at(1)}, last ${at(relPerEpoch.length)}, max ${maxRel.toExponential(2)} (epoch ${worst})`,
  };
}

/** Case 1 without resets of a backend in a runtime, if that runtime ran it. */
export type BaseRunLookup = (runtime: RuntimeName, backend: BackendName) => Trajectory | undefined;
/** Whether that base run reproduced itself in a second process (its rerun control held). */
export type ReproducesLookup = (runtime: RuntimeName, backend: BackendName) => boolean;

/**
 * The claims across runtimes, from runs the per-runtime checks already made (no extra runs):
 * `runtime-equivalence`: node/b ≡ chromium/b bitwise for every backend both ran;
 * `webgl-closeness`: chromium/webgl within WEBGL_ULP_BUDGET of chromium/cpu and of node/cpu.
 */
export function judgeCrossRuntime(runIn: BaseRunLookup, reproduces: ReproducesLookup = () => true): CrossRuntimeOutcome[] {
  const outcomes: CrossRuntimeOutcome[] = [];
  // A violation between two runs of which one does not even reproduce itself blames no runtime.
  const controlled = (outcome: CrossRuntimeOutcome, ...runs: [RuntimeName, BackendName][]): CrossRuntimeOutcome => {
    const noisy = runs.filter(([runtime, backend]) => !reproduces(runtime, backend)).map(([runtime, backend]) => `${runtime}/${backend}`);
    if (noisy.length === 0 || outcome.kind === 'holds') return outcome;
    return {
      ...outcome,
      kind: 'inconclusive',
      evidence: `inconclusive: ${noisy.join(' and ')} does not reproduce itself (rerun VIOLATED), so the difference cannot be attributed to the runtime`,
    };
  };
  for (const backend of ['cpu', 'wasm', 'tensorflow'] as const) {
    const [a, b] = [runIn('node', backend), runIn('chromium', backend)];
    if (a !== undefined && b !== undefined)
      outcomes.push(controlled(judge('runtime-equivalence', `node/${backend}`, a, `chromium/${backend}`, b, 0), ['node', backend], ['chromium', backend]));
  }
  const webgl = runIn('chromium', 'webgl');
  for (const runtime of ['chromium', 'node'] as const) {
    const cpu = runIn(runtime, 'cpu');
    if (webgl !== undefined && cpu !== undefined)
      outcomes.push(
        controlled(judge('webgl-closeness', `${runtime}/cpu`, cpu, 'chromium/webgl', webgl, WEBGL_ULP_BUDGET), [runtime, 'cpu'], ['chromium', 'webgl']),
      );
  }
  return outcomes;
}

function judge(claim: CrossRuntimeClaim, aName: string, a: Trajectory, bName: string, b: Trajectory, budget: number): CrossRuntimeOutcome {
  const comparison = compareTrajectories(a, b, budget === 0 ? undefined : { kind: 'ulp', ulps: budget });
  const base = { claim, a: aName, b: bName };
  switch (comparison.kind) {
    case 'identical':
      return { ...base, kind: 'holds', maxUlp: 0, evidence: `bitwise identical (${comparison.points} values incl. weight digests)` };
    case 'within-tolerance':
      return {
        ...base,
        kind: 'holds',
        maxUlp: comparison.max.ulp,
        divergence: comparison.first,
        evidence: `within ${budget} ULP: first difference at ${renderDivergence(comparison.first)}; max ${comparison.max.ulp} ULP, relative ${comparison.max.rel.toExponential(2)}`,
      };
    case 'different':
      return {
        ...base,
        kind: 'violated',
        maxUlp: comparison.max.ulp,
        divergence: comparison.first,
        evidence: `${budget === 0 ? 'differs' : `beyond ${budget} ULP`} at ${renderDivergence(comparison.first)}; max ${comparison.max.ulp} ULP, relative ${comparison.max.rel.toExponential(2)}`,
      };
    case 'incomparable':
      return { ...base, kind: 'violated', maxUlp: Number.NaN, evidence: comparison.reason };
  }
}
