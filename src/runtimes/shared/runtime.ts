import type { ScenarioConfig } from '../../scenario/scenario-config.js';
import type { SpawnFn } from '../../run/spawn-options.js';
import type { BackendName } from '../../tfjs/backend-names.js';
import type { RuntimeName } from '../../trajectory/runtime-name.js';
import type { Trajectory } from '../../trajectory/trajectory.js';
import type { ThreadVariation } from '../../invariants/thread-variations.js';
import type { CrossRuntimeClaim } from '../../invariants/expectations.js';
import type { CrossRuntimeOutcome } from '../../invariants/cross-runtime.js';
import type { RunPairing } from '../../invariants/run-pairing.js';

export type { RunPairing, RunPlace } from '../../invariants/run-pairing.js';

export { type RuntimeName } from '../../trajectory/runtime-name.js';

/** What a scenario is, as far as a runtime's availability goes. */
export type ScenarioIdentity = Pick<ScenarioConfig, 'scenario' | 'optimizer'>;

/**
 * A runtime is one folder under src/runtimes/ that exports one of these; src/runtimes/registry.ts
 * lists them (and runtime-profiles.ts their profiles, for --help). Everything else asks the
 * registry, never a runtime's name: a fourth runtime is a fourth folder and one line in each list.
 */
export interface Runtime {
  readonly name: RuntimeName;
  /** One line for `--runtime`'s help. */
  readonly summary: string;
  /** Where its runs train, for a report's "two runs in separate, freshly started …". */
  readonly processWords: string;
  /** The backends it runs, in the order a check reports them. */
  readonly backends: readonly BackendName[];
  /**
   * The backends a command takes when neither `--backend` nor the config names any; undefined: the
   * command's own default (check: wasm; report: every backend).
   */
  readonly defaultBackends?: readonly BackendName[];
  /** Its backends are tfjs's: a config's top-level `backends` list applies to it. */
  readonly tfjs: boolean;
  /** Why a backend cannot run here (not installed, not set up, no browser), or undefined. Cheap and synchronous. */
  unavailableReason(backend: BackendName): string | undefined;
  /** Why it cannot train a scenario at all (the keras runtime builds the seed experiment only), or undefined. */
  scenarioUnavailableReason(scenario: ScenarioIdentity): string | undefined;
  /** Its spawner, loaded when the first run needs it (so that `--help` loads none of them). */
  loadSpawner(): Promise<SpawnFn>;
  /**
   * What a run costs, for every scheduler (a check's pool runs the costliest first; the sweep's
   * sharder balances by it): a start-up, and a factor per sample and epoch by backend, in units
   * of one wasm sample-epoch in Node.
   */
  readonly cost: { readonly startUp: number; readonly perSampleEpoch: Readonly<Partial<Record<BackendName, number>>> };
  readonly capabilities: RuntimeCapabilities;
  /** The build of the runtime itself that a run's provenance flags record (a browser's), when it has one. */
  buildOf(flags: Readonly<Record<string, unknown>>): { readonly version: string; readonly source: string } | undefined;
  /**
   * The device that computed a run, when the runtime records one that can change the numbers (a
   * WebGPU adapter): what it is called, and how a run's provenance flags name it.
   */
  readonly device?: { readonly label: string; of(flags: Readonly<Record<string, unknown>>): string | undefined };
  /**
   * The thread knobs of a backend's CPU execution here, each set away from the children's
   * defaults: what `threads-invariance` varies. None: the backend has no thread pool to vary, and
   * the claim does not apply to it.
   */
  threadVariations(backend: BackendName, cores: number): readonly ThreadVariation[];
  /**
   * The claims across runtimes that this runtime's runs take part in, judged from the base runs
   * the checks already made (no extra run): each compares a backend of one runtime with one of another.
   */
  readonly pairings: readonly RunPairing[];
  /** What upstream does that its results depend on: the report's "Upstream issues" section. */
  readonly upstreamFindings: readonly UpstreamFinding[];
}

/**
 * What upstream does that a runtime's results depend on, pinned to the versions it was found in.
 * Each workaround lives in one module with a canary test; this is what the report tells its reader.
 */
export interface UpstreamFinding {
  /** One Markdown bullet's text (without the bullet). */
  readonly markdown: string;
  /** Numbers from the report's own runs that the bullet goes on with (the Adadelta comparison). */
  readonly evidence?: 'adadelta-comparison';
}

/**
 * A claim across runtimes that a runtime judges by training again: it trains another runtime's
 * base runs from their initial weights and data on one of its backends, and judges each pair.
 */
export interface RunReplay {
  /** Whose base runs it trains again, and on which of its own backends. */
  readonly of: RuntimeName;
  readonly backend: BackendName;
  readonly claim: CrossRuntimeClaim;
  /** How far apart the two may be: a relative distance of any epoch loss. */
  readonly bound: number;
  /** The verdict of the source run (named `sourceName`) against its replay here. */
  judge(sourceName: string, source: Trajectory, replay: Trajectory): CrossRuntimeOutcome;
}

/**
 * What a runtime is, apart from what it does: each runtime's folder has one in a leaf module,
 * so that `--help` can say it without loading the runtime (its availability checks, its scenarios).
 */
export type RuntimeProfile = Pick<Runtime, 'name' | 'summary' | 'backends'> & {
  /** The component npm cannot install by itself that this runtime needs: `tfjs-repro setup <name>`. */
  readonly setup?: SetupCommand;
};

/**
 * A runtime's `setup <name>` command: how `--help` describes it (a leaf's worth of text) and the
 * set-up itself, loaded when the command runs.
 */
export interface SetupCommand {
  readonly name: string;
  readonly description: string;
  /** Its options in the order `--help` lists them, `--force` and `--python <file>` among them (every set-up takes those two; the CLI adds `--json`). */
  readonly options: readonly { readonly flags: string; readonly description: string; readonly defaultValue?: string }[];
  /** The set-up, loaded when the command runs: it validates its own options, then sets up. */
  load(): Promise<(options: Readonly<Record<string, unknown>>, common: SetupCommon) => Promise<SetupResult>>;
}

/** What a set-up did (for `--json`), and the same in words. */
export interface SetupResult {
  readonly outcome: object;
  render(seconds: number): string;
}

/** What every set-up takes: whether to redo it, the Python to use, the environment, a cancel signal and progress lines. */
export interface SetupCommon {
  readonly force: boolean;
  readonly python?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  readonly onStep: (line: string) => void;
}

export interface RuntimeCapabilities {
  /**
   * Whether its children seed `Math.random` before the library loads (tfjs's runtimes: tfjs draws
   * from it for unseeded initializers, fit's shuffle, dropout and unseeded random ops), so that a run
   * can ask to leave it native instead (`rerun-native-random`, `--math-random native`).
   */
  readonly seedsMathRandom: boolean;
  /** Whether its numbers depend on the CPU's vector extensions on a backend (native kernels do; JS and wasm do not). */
  cpuIsaSensitive(backend: BackendName): boolean;
  /** Whether it trains with tfjs's own Adadelta too, so that a report can compare it with the reference update. */
  readonly adadeltaComparison: boolean;
  /** A claim across runtimes it judges by training another runtime's base runs again from their start (keras: matches-keras, from node's). */
  readonly replays?: RunReplay;
  /** Whether it can record a per-kernel trace of a run (for diagnosing where two runs part). */
  readonly kernelTrace: boolean;
  /**
   * The backends on which it can train with a published tfjs release from the cache (`--tfjs`)
   * instead of the project's tfjs; none: it runs the project's (or its own) only.
   */
  readonly tfjsReleases: readonly BackendName[];
}
