import type { Diagnosis } from '../diagnosis/diagnose.js';
import { cpuIsa, isNativeBackend } from '../runtimes/cpu-isa.js';
import { compareTrajectories } from '../compare/compare-trajectories.js';
import { caseRun, runOf } from '../invariants/run-key.js';
import type { ResetPolicy, RunCase } from '../trajectory/run-request.js';
import { epochRelativeDistances, epochUlpDistances } from '../compare/epoch-distances.js';
import { buildExportBundle } from '../fidelity/export-bundle.js';
import { compareWithReference, FIDELITY_BOUND } from '../fidelity/fidelity.js';
import type { ClaimName, Isolation } from '../invariants/claims.js';
import type { Divergence, DivergencePlace } from '../compare/compare-trajectories.js';
import { measureTensorGrowth, type TensorGrowth } from '../invariants/tensor-growth.js';
import type { CheckResult, ClaimOutcome, Precondition } from './check-result.js';
import type { ExpectedVerdicts } from '../invariants/expectations.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import type { ScenarioConfig } from '../scenario/config.js';
import { getScenario, scenarioCan } from '../scenario/scenario-registry.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { LossPoint, Trajectory } from '../trajectory/trajectory.js';
import { runtimeNamed } from '../runtimes/registry.js';

export const REPORT_FORMAT = 'tfjs-repro/report';
export const REPORT_VERSION = 2;
/** Epochs of the Adadelta comparison: enough for tfjs's formula to blow up (0.2 → 380 in 20). */
export const ADADELTA_EPOCHS = 20;

/** The four runs whose loss curves the report draws. */
export const CURVE_RUNS = [
  'loop/reset=none',
  'single/reset=none',
  'loop/reset=epoch',
  'single/reset=epoch',
] as const satisfies readonly `${RunCase}/reset=${ResetPolicy}`[];

export interface ReportClaim {
  readonly claim: ClaimName;
  readonly verdict: 'holds' | 'violated' | 'inconclusive' | 'error';
  readonly evidence: string;
  /** Per epoch, the ULP distance between the epoch losses of the claim's two runs (null: NaN involved). */
  readonly ulpPerEpoch: readonly (number | null)[];
  /** A violated claim's cause, where it begins, the evidence and the fix. */
  readonly diagnosis?: Diagnosis;
  /** Where the claim's two runs first part, when they do. */
  readonly divergence?: DivergencePlace;
  /** A violated invariance claim's variations run alone: which change a bit. */
  readonly isolation?: Isolation;
  /** A claim that holds only because the runs seed Math.random (rerun-native-random violated there). */
  readonly precondition?: Precondition;
}

export type ReportBackend =
  | { readonly backend: BackendName; readonly available: false; readonly reason: string }
  | {
      readonly backend: BackendName;
      readonly available: true;
      readonly claims: readonly ReportClaim[];
      /** Epoch losses of the curve runs the scenario has (a stateless one has no reset runs). */
      readonly losses: Readonly<Partial<Record<(typeof CURVE_RUNS)[number], readonly LossPoint[]>>>;
      readonly tensorGrowth: readonly TensorGrowth[];
      readonly predictions: readonly (number | null)[];
      /** Case 1 without resets against the float64 reference of the same optimizer (seed scenario only). */
      readonly fidelity?: ReportFidelity;
    };

export interface ReportFidelity {
  readonly reference: string;
  readonly bound: number;
  readonly relPerEpoch: readonly number[];
  readonly maxRel: number;
  readonly matches: boolean;
}

export interface CrossBackend {
  readonly a: BackendName;
  readonly b: BackendName;
  readonly ulpPerEpoch: readonly (number | null)[];
  readonly relPerEpoch: readonly (number | null)[];
}

export interface AdadeltaComparison {
  readonly backend: BackendName;
  readonly epochs: number;
  readonly keras: readonly LossPoint[];
  readonly tfjs: readonly LossPoint[];
}

/** Every number the report shows, and nothing that changes from one run of it to the next. */
export interface ReportResults {
  readonly format: typeof REPORT_FORMAT;
  readonly version: typeof REPORT_VERSION;
  readonly scenario: ScenarioConfig;
  /** Where the runs trained: a column set of its own (node: cpu, wasm, tensorflow; chromium: cpu, wasm, webgl). */
  readonly runtime: RuntimeName;
  /** The scenario definition's one-line description of this config. */
  readonly description: string;
  /** Whether the reset claims apply. */
  readonly stateful: boolean;
  /** Whether fit shuffles. */
  readonly shuffle: boolean;
  /** Claims the project config expects to be violated (known and documented). */
  readonly expected: ExpectedVerdicts;
  readonly environment: {
    readonly nodeMajor: number;
    readonly platform: string;
    readonly arch: string;
    readonly packages: Readonly<Record<string, string>>;
    /** The chromium runtime's browser: version and where it came from (`143.0.7499.0 (npm: @sparticuz/chromium 143.0.4)`). */
    readonly browser?: string;
    /** Where a native backend ran (tensorflow, Keras): the CPU's vector extensions its kernels dispatch on. */
    readonly cpuIsa?: string;
    /** The device a backend computed on, where the runtime records one (`WebGPU adapter: google swiftshader`). */
    readonly device?: string;
  };
  readonly backends: readonly ReportBackend[];
  readonly crossBackend: readonly CrossBackend[];
  readonly adadelta: AdadeltaComparison | null;
}

export function buildReportResults(check: CheckResult, adadelta: AdadeltaComparison | null): ReportResults {
  const packages: Record<string, string> = {};
  let environment: { nodeMajor: number; platform: string; arch: string; browser?: string; cpuIsa?: string; device?: string } = {
    nodeMajor: 0,
    platform: '',
    arch: '',
  };
  const device = runtimeNamed(check.runtime).device;
  const devices = new Set<string>();
  const backends = check.backends.map((b): ReportBackend => {
    if (b.kind === 'unavailable') return { backend: b.backend, available: false, reason: b.reason };
    const base = runOf(b.runs, b.backend)!;
    Object.assign(packages, base.provenance.packages);
    const { flags } = base.provenance;
    const computedOn = device?.of(flags);
    if (computedOn !== undefined) devices.add(`${device!.label}: ${computedOn}`);
    environment = {
      nodeMajor: Number(/^v(\d+)/.exec(base.provenance.node)?.[1]),
      platform: base.provenance.platform,
      arch: base.provenance.arch,
      ...browserOf(check.runtime, flags),
      ...(check.backends.some((x) => x.kind === 'ran' && isNativeBackend(check.runtime, x.backend)) ? { cpuIsa: cpuIsa() } : {}),
      ...(devices.size === 0 ? {} : { device: [...devices].join(', ') }),
    };
    const curves = CURVE_RUNS.flatMap((name) => {
      const [runCase, reset] = name.split('/reset=') as [RunCase, ResetPolicy];
      const run = runOf(b.runs, b.backend, caseRun(runCase, reset));
      return run === undefined ? [] : [[name, points(run)] as const];
    });
    return {
      backend: b.backend,
      available: true,
      claims: b.claims.map((c) => reportClaim(c, b.runs)),
      losses: Object.fromEntries(curves),
      tensorGrowth: [...b.runs].map(([key, t]) => measureTensorGrowth(key, t)),
      predictions: base.predictions ?? [],
      // The float64 reference implements the seed experiment's model only.
      ...(scenarioCan(base.request.scenario.scenario, 'float64Reference') ? { fidelity: fidelityOf(base) } : {}),
    };
  });
  const ran = check.backends.filter((b) => b.kind === 'ran');
  const crossBackend: CrossBackend[] = [];
  for (let i = 0; i < ran.length; i++) {
    for (let j = i + 1; j < ran.length; j++) {
      const [a, b] = [ran[i]!, ran[j]!];
      const ta = runOf(a.runs, a.backend)!;
      const tb = runOf(b.runs, b.backend)!;
      crossBackend.push({ a: a.backend, b: b.backend, ulpPerEpoch: epochUlpDistances(ta, tb), relPerEpoch: epochRelativeDistances(ta, tb) });
    }
  }
  const sortedPackages = Object.fromEntries(Object.entries(packages).sort(([x], [y]) => (x < y ? -1 : 1)));
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    scenario: check.scenario,
    runtime: check.runtime,
    description: getScenario(check.scenario.scenario).describe(check.scenario),
    stateful: getScenario(check.scenario.scenario).stateful,
    shuffle: getScenario(check.scenario.scenario).shuffle,
    expected: check.expected,
    environment: { ...environment, packages: sortedPackages },
    backends,
    crossBackend,
    adadelta,
  };
}

function fidelityOf(run: Trajectory): ReportFidelity {
  const c = compareWithReference(run, buildExportBundle(run).data, run.request.scenario.optimizer);
  return { reference: c.reference, bound: FIDELITY_BOUND, relPerEpoch: c.relPerEpoch, maxRel: c.maxRel, matches: c.matches };
}

function reportClaim(outcome: ClaimOutcome, runs: ReadonlyMap<string, Trajectory>): ReportClaim {
  if (outcome.kind === 'error') return { claim: outcome.claim, verdict: 'error', evidence: outcome.error.message.split('\n')[0]!, ulpPerEpoch: [] };
  const [a, b] = [runs.get(outcome.runs[0])!, runs.get(outcome.runs[1])!];
  return {
    claim: outcome.claim,
    verdict: outcome.kind,
    evidence: outcome.evidence,
    ulpPerEpoch: compareTrajectories(a, b).kind === 'incomparable' ? [] : epochUlpDistances(a, b),
    ...(outcome.kind === 'violated' && outcome.diagnosis !== undefined ? { diagnosis: outcome.diagnosis } : {}),
    ...(outcome.divergence === undefined ? {} : { divergence: placeOf(outcome.divergence) }),
    ...(outcome.kind === 'violated' && outcome.isolation !== undefined ? { isolation: outcome.isolation } : {}),
    ...(outcome.precondition === undefined ? {} : { precondition: outcome.precondition }),
  };
}

function points(t: Trajectory): LossPoint[] {
  return t.epochs.map(({ loss, lossBits }) => ({ loss, lossBits }));
}

/** The runtime's own build (a browser's version and where it came from), where the runtime has one. */
function browserOf(runtime: RuntimeName, flags: Readonly<Record<string, unknown>>): { browser?: string } {
  const build = runtimeNamed(runtime).buildOf(flags);
  return build === undefined ? {} : { browser: `${build.version} (${build.source})` };
}

function placeOf({ series, epoch, batch }: Divergence): DivergencePlace {
  return { series, epoch, ...(batch === undefined ? {} : { batch }) };
}
