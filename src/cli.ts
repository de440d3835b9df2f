#!/usr/bin/env node
/**
 * The command line. The only module that reads process.argv and sets the exit code.
 * Exit codes: 0 ok · 1 a claim or comparison failed · 2 bad usage · 3 bad input file ·
 * 4 backend unavailable · 5 a child run failed · 70 internal error.
 */
import os from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { compareTrajectories } from './compare/compare-trajectories.js';
import { parseTolerance, renderTolerance } from './compare/tolerance.js';
import { EXIT_CODES, ReproError, describeValue, exitCodeOf } from './errors.js';
import { CLAIM_NAMES, type ClaimName } from './invariants/claims.js';
import { renderCheckJson } from './report/render-check-json.js';
import { renderCheckText } from './report/render-check-text.js';
import { renderCompareText, renderCompareJson } from './report/render-compare.js';
import { ANSI, PLAIN } from './report/palette.js';
import { renderRunText } from './report/render-run.js';
import { runCheck, type CheckEvent } from './run/run-check.js';
import { RESET_POLICIES, RUN_CASES, invalid, resolveRunRequest } from './run/run-request.js';
import { DEFAULT_RUN_TIMEOUT_MS, spawnRun } from './run/spawn-run.js';
import { OPTIMIZER_NAMES, SCENARIO_DEFAULTS, SCENARIO_NAMES, resolveScenarioConfig } from './scenario/config.js';
import { BACKEND_NAMES, DEFAULT_BACKEND, assertBackendAvailable, type BackendName } from './tfjs/backends.js';
import { readTrajectoryFile, serializeJson, writeFileAtomic } from './trajectory/trajectory-file.js';
import { checkGoldens } from './golden/check-goldens.js';
import { buildExportBundle } from './fidelity/export-bundle.js';
import { compareWithReference } from './fidelity/fidelity.js';
import { readExportBundle } from './fidelity/read-export-bundle.js';
import { FIDELITY_BOUND, runFidelity } from './fidelity/run-fidelity.js';
import { comparisonRow, renderFidelityText } from './report/render-fidelity.js';
import { renderTable } from './report/render-table.js';
import { DEFAULT_GOLDEN_DIR } from './golden/golden-store.js';
import { updateGoldens } from './golden/update-goldens.js';
import { renderGoldenCheckJson, renderGoldenCheckText, renderGoldenUpdateText } from './report/render-golden.js';
import { collectReport } from './report/report-results.js';
import { renderReportTerminal } from './report/render-report-terminal.js';
import { DEFAULT_REPORT_DIR, readReportResults, renderReportFiles, writeReport } from './report/write-report.js';

const SCENARIO_FLAGS = {
  scenario: '--scenario',
  seed: '--seed',
  samples: '--samples',
  step: '--step',
  noise: '--noise',
  batchSize: '--batch-size',
  epochs: '--epochs',
  units: '--units',
  layers: '--layers',
  optimizer: '--optimizer',
  learningRate: '--learning-rate',
  case: '--case',
  reset: '--reset',
  backend: '--backend',
} as const;

const nameOf = (field: string): string => SCENARIO_FLAGS[field as keyof typeof SCENARIO_FLAGS] ?? field;

function addScenarioOptions(command: Command): Command {
  return command
    .addOption(new Option('--scenario <name>', `scenario to train (${SCENARIO_NAMES.join(', ')})`).default(SCENARIO_DEFAULTS.scenario))
    .option('--seed <n>', 'master seed, integer 0 … 4294967295 (0 is a seed like any other)', String(SCENARIO_DEFAULTS.seed))
    .option('--samples <n>', 'samples of sin(t)', String(SCENARIO_DEFAULTS.samples))
    .option('--step <x>', 'step of t between samples', String(SCENARIO_DEFAULTS.step))
    .option('--noise <x>', 'standard deviation of the input noise', String(SCENARIO_DEFAULTS.noise))
    .option('--batch-size <n>', 'batch size; must divide --samples (stateful layers)', String(SCENARIO_DEFAULTS.batchSize))
    .option('--epochs <n>', 'epochs', String(SCENARIO_DEFAULTS.epochs))
    .option('--units <n>', 'units per LSTM layer', String(SCENARIO_DEFAULTS.units))
    .option('--layers <n>', 'stacked stateful LSTM layers', String(SCENARIO_DEFAULTS.layers))
    .option('--optimizer <name>', `${OPTIMIZER_NAMES.join(' | ')} (adadelta is Keras-faithful; adadelta-tfjs is tfjs's stock formula)`, SCENARIO_DEFAULTS.optimizer)
    .option('--learning-rate <x>', 'learning rate (default: Keras 2.0.4: 1.0 adadelta, 0.01 sgd, 0.001 adam)')
    .option('--timeout <ms>', 'kill a child run after this many ms', String(DEFAULT_RUN_TIMEOUT_MS))
    .option('--json', 'print one JSON object on stdout instead of text');
}

const caseOption = () => new Option('--case <case>', 'loop: N × fit(epochs=1); single: one fit(epochs=N)').choices(RUN_CASES).default('loop');
const resetOption = () => new Option('--reset <policy>', 'none, or epoch: resetStates() after every epoch').choices(RESET_POLICIES).default('none');
const parallelismOption = () => new Option('--parallelism <n>', 'child processes at once').default(String(os.availableParallelism()));

type RawOptions = Record<string, string | boolean | undefined>;

/** A CLI string as the value a validator should see: a number when it reads as one. */
function numeric(text: string | boolean | undefined): unknown {
  if (typeof text !== 'string') return text;
  const value = Number(text);
  return text.trim() !== '' && !Number.isNaN(value) ? value : text;
}

function scenarioOptionsOf(raw: RawOptions): Record<string, unknown> {
  const options: Record<string, unknown> = {
    scenario: raw.scenario,
    seed: numeric(raw.seed),
    samples: numeric(raw.samples),
    step: numeric(raw.step),
    noise: numeric(raw.noise),
    batchSize: numeric(raw.batchSize),
    epochs: numeric(raw.epochs),
    units: numeric(raw.units),
    layers: numeric(raw.layers),
    optimizer: raw.optimizer,
  };
  if (raw.learningRate !== undefined) options.learningRate = numeric(raw.learningRate);
  return options;
}

function timeoutOf(raw: RawOptions): number {
  const value = numeric(raw.timeout);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalid('invalid options', [`--timeout: expected a whole number of milliseconds ≥ 1, got ${describeValue(value)}`]);
  }
  return value;
}

interface Io {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** Aborted on SIGINT/SIGTERM: running children are killed and nothing more is written. */
  readonly signal: AbortSignal;
}

async function commandRun(raw: RawOptions, io: Io): Promise<number> {
  const request = resolveRunRequest({ scenario: scenarioOptionsOf(raw), case: raw.case, reset: raw.reset, backend: raw.backend }, nameOf);
  const timeoutMs = timeoutOf(raw);
  assertBackendAvailable(request.backend);
  const trajectory = await spawnRun(request, {
    timeoutMs,
    cancelSignal: io.signal,
    onEpoch: (epoch, epochs, loss) => {
      if (!raw.json || io.stderr.isTTY) io.stderr.write(`epoch ${epoch}/${epochs} loss ${loss}\n`);
    },
  });
  if (typeof raw.out === 'string') await writeFileAtomic(raw.out, serializeJson(trajectory));
  io.stdout.write(raw.json ? serializeJson(trajectory) : renderRunText(trajectory));
  return EXIT_CODES.ok;
}

function parseBackends(text: string): BackendName[] {
  const names = text.split(',').map((name) => name.trim());
  const bad = names.filter((name) => !(BACKEND_NAMES as readonly string[]).includes(name));
  if (bad.length > 0 || names.length === 0) {
    throw invalid('invalid options', [`--backend: expected a comma-separated list of ${BACKEND_NAMES.join(', ')}, got ${describeValue(text)}`]);
  }
  return [...new Set(names)] as BackendName[];
}

function parseClaims(text: string | undefined): ClaimName[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',').map((name) => name.trim());
  const bad = names.filter((name) => !(CLAIM_NAMES as readonly string[]).includes(name));
  if (bad.length > 0) throw invalid('invalid options', [`--claims: expected a comma-separated list of ${CLAIM_NAMES.join(', ')}, got ${describeValue(text)}`]);
  return names as ClaimName[];
}

async function commandCheck(raw: RawOptions, io: Io): Promise<number> {
  const issues: string[] = [];
  const collect = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof ReproError) || error.code !== 'usage') throw error;
      issues.push(...error.issues);
      return undefined;
    }
  };
  const scenario = collect(() => resolveScenarioConfig(scenarioOptionsOf(raw), nameOf));
  const backends = collect(() => parseBackends(String(raw.backend)));
  const claims = collect(() => parseClaims(raw.claims as string | undefined));
  const timeoutMs = collect(() => timeoutOf(raw));
  const parallelism = collect(() => parallelismOf(raw));
  if (scenario !== undefined && scenario.epochs < 2 && (claims === undefined || claims.includes('reset-matters'))) {
    issues.push(`--epochs: expected at least 2 for check, since reset-matters compares the epochs after the first, got ${scenario.epochs} (number)`);
  }
  if (issues.length > 0 || scenario === undefined || backends === undefined || timeoutMs === undefined || parallelism === undefined) {
    throw invalid('invalid options', issues);
  }
  // With one backend asked for, its absence is the error; with several, it is a column saying why.
  if (backends.length === 1) assertBackendAvailable(backends[0]!);

  const progress = createProgress(io, Boolean(raw.json));
  const result = await runCheck({
    scenario,
    backends,
    claims,
    parallelism,
    spawnOptions: { timeoutMs, cancelSignal: io.signal },
    onEvent: progress,
  });
  if (io.signal.aborted) return EXIT_CODES.ok; // main() reports the interrupt
  io.stdout.write(raw.json ? serializeJson(renderCheckJson(result)) : renderCheckText(result, io.stdout.isTTY ? ANSI : PLAIN));
  const childFailed = result.backends.some((b) => b.kind === 'ran' && b.claims.some((c) => c.kind === 'error'));
  return result.ok ? EXIT_CODES.ok : childFailed ? EXIT_CODES['child-failed'] : EXIT_CODES.verdictFailed;
}

/** Progress on stderr: a line per finished run; on a terminal, also a live line of epochs. */
function createProgress(io: Io, quietOnPipe: boolean): (event: CheckEvent) => void {
  let total = 0;
  let done = 0;
  const live = io.stderr.isTTY === true;
  const epochs = new Map<string, string>();
  return (event) => {
    switch (event.kind) {
      case 'planned':
        total = event.runs;
        io.stderr.write(`running ${total} child processes…\n`);
        break;
      case 'run-epoch':
        if (!live) break;
        epochs.set(event.key, `${event.key} ${event.epoch}/${event.epochs}`);
        io.stderr.write(`\r\u001b[2K${[...epochs.values()].join(' · ')}`);
        break;
      case 'run-done':
        done += 1;
        epochs.delete(event.key);
        if (live) io.stderr.write('\r\u001b[2K');
        if (!quietOnPipe || live || event.error !== undefined) {
          io.stderr.write(`[${done}/${total}] ${event.key} ${event.error ? `FAILED: ${event.error.split('\n')[0]}` : 'done'} in ${(event.ms / 1000).toFixed(1)} s\n`);
        }
        break;
    }
  };
}

async function commandCompare(fileA: string, fileB: string, raw: RawOptions, io: Io): Promise<number> {
  const tolerance = parseTolerance(String(raw.tolerance));
  const [a, b] = await Promise.all([readTrajectoryFile(fileA), readTrajectoryFile(fileB)]);
  const comparison = compareTrajectories(a, b, tolerance);
  io.stdout.write(
    raw.json ? serializeJson(renderCompareJson(comparison, renderTolerance(tolerance))) : renderCompareText(comparison, renderTolerance(tolerance), [fileA, fileB]),
  );
  return comparison.kind === 'identical' || comparison.kind === 'within-tolerance' ? EXIT_CODES.ok : EXIT_CODES.verdictFailed;
}

function parallelismOf(raw: RawOptions): number {
  const value = numeric(raw.parallelism);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 64) {
    throw invalid('invalid options', [`--parallelism: expected an integer from 1 to 64, got ${describeValue(value)}`]);
  }
  return value;
}

async function commandGoldenCheck(raw: RawOptions, io: Io): Promise<number> {
  const dir = String(raw.dir);
  const parallelism = parallelismOf(raw);
  const timeoutMs = timeoutOf(raw);
  const result = await checkGoldens(dir, {
    parallelism,
    spawnOptions: { timeoutMs, cancelSignal: io.signal },
    onRunDone: (label, ms, error) => io.stderr.write(`${label} ${error ? `FAILED: ${error.split('\n')[0]}` : 'done'} in ${(ms / 1000).toFixed(1)} s\n`),
  });
  if (io.signal.aborted) return EXIT_CODES.ok; // main() reports the interrupt
  io.stdout.write(raw.json ? serializeJson(renderGoldenCheckJson(result)) : renderGoldenCheckText(result, io.stdout.isTTY ? ANSI : PLAIN));
  if (result.ok) return EXIT_CODES.ok;
  if (result.files.some((f) => f.kind === 'invalid')) return EXIT_CODES['input-file'];
  if (result.files.some((f) => f.kind === 'failed')) return EXIT_CODES['child-failed'];
  return EXIT_CODES.verdictFailed;
}

async function commandGoldenUpdate(raw: RawOptions, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const issues: string[] = [];
  let scenario;
  try {
    scenario = resolveScenarioConfig(scenarioOptionsOf(raw), nameOf);
  } catch (error) {
    if (!(error instanceof ReproError)) throw error;
    issues.push(...error.issues);
  }
  const reason = typeof raw.reason === 'string' ? raw.reason.trim() : '';
  if (reason === '') issues.push(`--reason: expected a non-empty explanation of why the goldens change, got ${describeValue(raw.reason ?? '')}`);
  let backends: BackendName[] = [];
  try {
    backends = parseBackends(String(raw.backend));
  } catch (error) {
    issues.push(...(error as ReproError).issues);
  }
  let budget;
  if (raw.budgetUlps !== undefined) {
    const ulps = numeric(raw.budgetUlps);
    if (typeof ulps !== 'number' || !Number.isInteger(ulps) || ulps < 0) issues.push(`--budget-ulps: expected an integer ≥ 0, got ${describeValue(ulps)}`);
    else budget = { ulps, reason };
  }
  if (issues.length > 0 || scenario === undefined) throw invalid('invalid options', issues);
  for (const backend of backends) assertBackendAvailable(backend);
  const updates = await updateGoldens({
    dir: String(raw.dir),
    scenario,
    backends,
    reason,
    budget,
    ci: isCi(env),
    parallelism: parallelismOf(raw),
    spawnOptions: { timeoutMs: timeoutOf(raw), cancelSignal: io.signal },
    onRunDone: (label, ms) => io.stderr.write(`${label} done in ${(ms / 1000).toFixed(1)} s\n`),
  });
  io.stdout.write(raw.json ? serializeJson({ format: 'tfjs-repro/golden-update', version: 1, updates }) : renderGoldenUpdateText(updates));
  return EXIT_CODES.ok;
}

async function commandReport(raw: RawOptions, io: Io): Promise<number> {
  const dir = String(raw.out);
  let results;
  if (typeof raw.from === 'string') {
    results = await readReportResults(raw.from);
  } else {
    const issues: string[] = [];
    let scenario;
    try {
      scenario = resolveScenarioConfig(scenarioOptionsOf(raw), nameOf);
    } catch (error) {
      if (!(error instanceof ReproError)) throw error;
      issues.push(...error.issues);
    }
    let backends: BackendName[] = [];
    try {
      backends = parseBackends(String(raw.backend));
    } catch (error) {
      issues.push(...(error as ReproError).issues);
    }
    if (scenario !== undefined && scenario.epochs < 2) issues.push(`--epochs: expected at least 2 for a report, got ${scenario.epochs} (number)`);
    if (issues.length > 0 || scenario === undefined) throw invalid('invalid options', issues);
    const collected = await collectReport({
      scenario,
      backends,
      parallelism: parallelismOf(raw),
      spawnOptions: { timeoutMs: timeoutOf(raw), cancelSignal: io.signal },
      onEvent: createProgress(io, Boolean(raw.json)),
    });
    if (io.signal.aborted) return EXIT_CODES.ok; // main() reports the interrupt
    results = collected.results;
  }
  const files = await renderReportFiles(results);
  await writeReport(dir, files);
  io.stdout.write(raw.json ? files.get('results.json')! : `${renderReportTerminal(results, io.stdout.isTTY ? ANSI : PLAIN)}\nwrote ${[...files.keys()].length} files to ${dir}/\n`);
  const allHold = results.backends.every((b) => !b.available || b.claims.every((c) => c.verdict === 'holds'));
  return allHold ? EXIT_CODES.ok : EXIT_CODES.verdictFailed;
}

async function commandExport(raw: RawOptions, io: Io): Promise<number> {
  const request = resolveRunRequest({ scenario: scenarioOptionsOf(raw), case: raw.case, reset: raw.reset, backend: raw.backend }, nameOf);
  if (typeof raw.out !== 'string' || raw.out === '') throw invalid('invalid options', ['--out: expected the path of the bundle to write, got nothing']);
  assertBackendAvailable(request.backend);
  const trajectory = await spawnRun(request, { timeoutMs: timeoutOf(raw), cancelSignal: io.signal });
  const bundle = buildExportBundle(trajectory);
  await writeFileAtomic(raw.out, serializeJson(bundle));
  io.stdout.write(
    raw.json
      ? serializeJson({ file: raw.out, weights: bundle.initialWeights.map((w) => w.name), samples: request.scenario.samples, epochs: trajectory.epochs.length })
      : `wrote ${raw.out}: data (${request.scenario.samples} samples), initial weights (${bundle.initialWeights.map((w) => `${w.name} [${w.shape.join('×')}]`).join(', ')}), optimizer ${bundle.optimizer.name} and a ${trajectory.epochs.length}-epoch trajectory on ${request.backend}\n`,
  );
  return EXIT_CODES.ok;
}

async function commandFidelity(raw: RawOptions, io: Io): Promise<number> {
  if (typeof raw.bundle === 'string') {
    const bundle = await readExportBundle(raw.bundle);
    const comparison = compareWithReference({ ...bundle.trajectory, request: bundle.request, initialWeights: bundle.initialWeights }, bundle.data, bundle.request.scenario.optimizer);
    io.stdout.write(
      raw.json
        ? serializeJson({ format: 'tfjs-repro/fidelity', version: 1, bound: FIDELITY_BOUND, bundle: raw.bundle, comparison })
        : `${renderTable(['backend', 'ran', 'float64 reference', 'batch 1', 'batch 2', 'epoch 1', 'last epoch', 'max', 'verdict'], [comparisonRow(bundle.request.backend, comparison)])}\n`,
    );
    return comparison.matches ? EXIT_CODES.ok : EXIT_CODES.verdictFailed;
  }
  const scenario = resolveScenarioConfig(scenarioOptionsOf(raw), nameOf);
  const backends = parseBackends(String(raw.backend));
  if (backends.length === 1) assertBackendAvailable(backends[0]!);
  const outcomes = await runFidelity({ scenario, backends, parallelism: parallelismOf(raw), spawnOptions: { timeoutMs: timeoutOf(raw), cancelSignal: io.signal } });
  if (io.signal.aborted) return EXIT_CODES.ok; // main() reports the interrupt
  io.stdout.write(raw.json ? serializeJson({ format: 'tfjs-repro/fidelity', version: 1, bound: FIDELITY_BOUND, outcomes }) : renderFidelityText(outcomes));
  return outcomes.every((o) => o.kind === 'unavailable' || o.holds) ? EXIT_CODES.ok : EXIT_CODES.verdictFailed;
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
}

export function buildProgram(io: Io, env: NodeJS.ProcessEnv, setExit: (code: number) => void): Command {
  const program = new Command('tfjs-repro')
    .description('Reproducibility test harness for TensorFlow.js training: isolated seeded runs, bitwise comparison, named determinism claims.')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .addHelpText(
      'after',
      `\nExit codes: 0 ok, 1 a claim or comparison failed, 2 bad usage, 3 bad input file, 4 backend unavailable, 5 a child run failed.\nBackends: ${BACKEND_NAMES.join(', ')} (default ${DEFAULT_BACKEND}; tensorflow needs the optional @tensorflow/tfjs-node).`,
    );
  const wrap =
    <A extends unknown[]>(action: (...args: A) => Promise<number>) =>
    async (...args: A): Promise<void> => {
      setExit(await action(...args));
    };

  addScenarioOptions(
    program
      .command('run')
      .description('Train once in a fresh Node process and print its trajectory (every batch and epoch loss as float32 hex, weight digests, provenance).')
      .addOption(caseOption())
      .addOption(resetOption())
      .option('--backend <name>', BACKEND_NAMES.join(' | '), DEFAULT_BACKEND)
      .option('--out <file>', 'also save the trajectory to this JSON file (for compare)'),
  ).action(wrap((raw: RawOptions) => commandRun(raw, io)));

  addScenarioOptions(
    program
      .command('check')
      .description(
        'Run the seed experiment\'s claims in separate processes and print a verdict table: ' + CLAIM_NAMES.join(', ') + '. Exit 0 only when every claim holds.',
      )
      .option('--backend <list>', `comma-separated backends (${BACKEND_NAMES.join(', ')})`, DEFAULT_BACKEND)
      .option('--claims <list>', `only these claims (${CLAIM_NAMES.join(', ')})`)
      .addOption(parallelismOption()),
  ).action(wrap((raw: RawOptions) => commandCheck(raw, io)));

  program
    .command('compare')
    .description('Compare two runs saved with `run --out`; report the first divergence (epoch, batch, both values in decimal and hex, ULP distance) and the largest differences.')
    .argument('<a>', 'first run file')
    .argument('<b>', 'second run file')
    .option('--tolerance <t>', 'exact | ulp:N | abs:X | rel:X', 'exact')
    .option('--json', 'print one JSON object on stdout instead of text')
    .action(wrap((a: string, b: string, raw: RawOptions) => commandCompare(a, b, raw, io)));

  addScenarioOptions(
    program
      .command('report')
      .description(
        'Run the claims on each backend (and the Adadelta comparison) and write a generated report folder: README.md with the guarantee matrix, SVG plots and results.json. Exit 1 if a claim is violated.',
      )
      .option('--backend <list>', `comma-separated backends; one not installed gets a "not available (why)" column`, BACKEND_NAMES.join(','))
      .option('--out <dir>', 'report folder', DEFAULT_REPORT_DIR)
      .option('--from <results.json>', 're-render the report from saved results instead of running')
      .addOption(parallelismOption()),
  ).action(wrap((raw: RawOptions) => commandReport(raw, io)));

  addScenarioOptions(
    program
      .command('export')
      .description(
        'Train once and write a self-describing bundle for replay in Keras, PyTorch, JAX or the float64 reference: data, initial weights (Keras layout, gates i f c o), optimizer and update formula, trajectory. See docs/export.md.',
      )
      .addOption(caseOption())
      .addOption(resetOption())
      .option('--backend <name>', BACKEND_NAMES.join(' | '), DEFAULT_BACKEND)
      .option('--out <file>', 'where to write the bundle (required)'),
  ).action(wrap((raw: RawOptions) => commandExport(raw, io)));

  addScenarioOptions(
    program
      .command('fidelity')
      .description(
        `Train on each backend and an independent float64 reference (no tfjs) from the same initial weights and data; report the relative distance per epoch. matches-reference holds within ${FIDELITY_BOUND}. With --optimizer adadelta it also shows tfjs's Adadelta departing from Keras's formula.`,
      )
      .option('--backend <list>', `comma-separated backends (${BACKEND_NAMES.join(', ')})`, 'cpu,wasm')
      .option('--bundle <file>', 'replay an exported bundle in the reference instead of running')
      .addOption(parallelismOption()),
  ).action(wrap((raw: RawOptions) => commandFidelity(raw, io)));

  const golden = program.command('golden').description('Golden fixtures: committed reference trajectories that gate tfjs and backend upgrades.');
  golden
    .command('check')
    .description(
      'Re-run every golden in fresh processes. Same provenance: must be bit-identical. Other provenance (tfjs, Node, platform): identical, within the recorded ULP budget, or drifted (fails).',
    )
    .option('--dir <dir>', 'golden folder', DEFAULT_GOLDEN_DIR)
    .addOption(parallelismOption())
    .option('--timeout <ms>', 'kill a child run after this many ms', String(DEFAULT_RUN_TIMEOUT_MS))
    .option('--json', 'print one JSON object on stdout instead of text')
    .action(wrap((raw: RawOptions) => commandGoldenCheck(raw, io)));
  addScenarioOptions(
    golden
      .command('update')
      .description('The only writer of goldens: run the scenario (loop and single, with and without resets) per backend and write <dir>/<scenario>/<backend>.json atomically. Refuses when CI is set.')
      .option('--reason <text>', 'why the numbers change (required; recorded in the file history)')
      .option('--backend <list>', `comma-separated backends (${BACKEND_NAMES.join(', ')})`, 'cpu,wasm')
      .option('--budget-ulps <n>', 'ULP budget allowed after an upgrade (recorded with --reason); default: keep the previous one (0 for a new file)')
      .option('--dir <dir>', 'golden folder', DEFAULT_GOLDEN_DIR)
      .addOption(parallelismOption()),
  ).action(wrap((raw: RawOptions) => commandGoldenUpdate(raw, io, env)));

  return program;
}

export async function main(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  let code: number = EXIT_CODES.ok;
  const program = buildProgram(io, env, (value) => {
    code = value;
  });
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT_CODES.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return interrupted(io) ?? code;
  } catch (error) {
    const stop = interrupted(io);
    if (stop !== undefined) return stop;
    if (error instanceof CommanderError) {
      // Commander has printed its message already; --help and --version exit 0.
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    }
    io.stderr.write(renderError(error));
    return exitCodeOf(error);
  }
}

/** After an interrupt: say so, and exit as a shell does for that signal (130 SIGINT, 143 SIGTERM). */
function interrupted(io: Io): number | undefined {
  if (!io.signal.aborted) return undefined;
  const signal = String(io.signal.reason);
  io.stderr.write(`tfjs-repro: interrupted by ${signal}; child processes were stopped and no file was left half-written.\n`);
  return signal === 'SIGINT' ? 130 : 143;
}

function renderError(error: unknown): string {
  if (error instanceof ReproError) return `tfjs-repro: ${error.message}\n${error.details.map((line) => `${line}\n`).join('')}`;
  return `tfjs-repro: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
}

// `on`, not `once`: execa's exit hook re-raises a signal that no other listener handles, which
// would kill this process before the children are stopped. A second signal quits at once.
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    interrupt.abort(signal);
  });
}
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: interrupt.signal }, process.env);
