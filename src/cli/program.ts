/** The command tree (commander) and main(): parse, run, map errors to exit codes. */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { EXIT_CODES, ReproError, exitCodeOf } from '../errors.js';
import { CLAIM_NAMES } from '../invariants/claims.js';
import { DEFAULT_RUN_TIMEOUT_MS } from '../run/run-limits.js';
import { BACKEND_NAMES, DEFAULT_BACKEND } from '../tfjs/backends.js';
import { FIDELITY_BOUND } from '../fidelity/fidelity.js';
import { DEFAULT_GOLDEN_DIR } from '../golden/golden-store.js';
import { DEFAULT_REPORT_DIR } from '../report/report-dir.js';
import { addScenarioOptions, caseOption, parallelismOption, resetOption, type Io, type RawOptions } from './options.js';
import { runtimeOption } from './runtime-options.js';
import { RUNTIME_BACKENDS } from '../run/runtime-backends.js';
import { allowUnavailableOption } from './allow-unavailable.js';

const PACKAGE_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export function buildProgram(io: Io, env: NodeJS.ProcessEnv, setExit: (code: number) => void): Command {
  const program = new Command('tfjs-repro')
    .description('Reproducibility test harness for TensorFlow.js training: isolated seeded runs, bitwise comparison, named determinism claims.')
    .version(PACKAGE_VERSION, '--version', 'print the version of tfjs-repro')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .addHelpText(
      'after',
      `\nExit codes: 0 ok, 1 a claim or comparison failed, 2 bad usage, 3 bad input file, 4 a backend or runtime asked for is not available (and not excused with --allow-unavailable), 5 a child run failed, 6 set-up failed.\nBackends: ${BACKEND_NAMES.join(', ')} (default ${DEFAULT_BACKEND}; tensorflow needs @tensorflow/tfjs-node's addon: \`tfjs-repro setup tensorflow\` builds it).`,
    );
  // Each command's module (and what it needs: vega, playwright, execa's children) loads only when
  // that command runs, so that `--help` and a typo answer at once.
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
      .option('--backend <name>', `${BACKEND_NAMES.join(' | ')} (default: the config's first backend, else ${DEFAULT_BACKEND})`)
      .option('--out <file>', 'also save the trajectory to this JSON file (for compare)')
      .addOption(runtimeOption()),
  ).action(wrap(async (raw: RawOptions) => (await import('./run-command.js')).commandRun(raw, io)));

  addScenarioOptions(
    program
      .command('check')
      .description(
        "Run the claims of each scenario (the config's, or --scenario; else the seed experiment) in separate processes and print a verdict table: " +
          CLAIM_NAMES.join(', ') +
          '. Exit 0 only when every claim holds.',
      )
      .option('--backend <list>', `comma-separated backends (${BACKEND_NAMES.join(', ')}) (default: the config's backends, else ${DEFAULT_BACKEND})`)
      .option('--claims <list>', `only these claims (${CLAIM_NAMES.join(', ')})`)
      .addOption(runtimeOption(true))
      .addOption(allowUnavailableOption())
      .addOption(parallelismOption()),
  ).action(wrap(async (raw: RawOptions) => (await import('./check-command.js')).commandCheck(raw, io)));

  program
    .command('compare')
    .description(
      'Compare two runs saved with `run --out`; report the first divergence (epoch, batch, both values in decimal and hex, ULP distance) and the largest differences.',
    )
    .argument('<a>', 'first run file')
    .argument('<b>', 'second run file')
    .option('--tolerance <t>', 'exact | ulp:N | abs:X | rel:X', 'exact')
    .option('--json', 'print one JSON object on stdout instead of text')
    .action(wrap(async (a: string, b: string, raw: RawOptions) => (await import('./compare-command.js')).commandCompare(a, b, raw, io)));

  addScenarioOptions(
    program
      .command('report')
      .description(
        'Run the claims on each backend (and the Adadelta comparison) and write a generated report folder: README.md with the guarantee matrix, SVG plots and results.json. Exit 1 if a claim is violated.',
      )
      .option(
        '--backend <list>',
        `comma-separated backends; one not installed gets a "not available (why)" column (default: the config's backends, else each runtime's: cpu,wasm,tensorflow in node, cpu,wasm,webgl in chromium)`,
      )
      .option(
        '--out <dir>',
        `report folder: README.md index, results.json, one folder per scenario (default: the config's report.dir, else ${DEFAULT_REPORT_DIR})`,
      )
      .addOption(runtimeOption(true))
      .option('--from <results.json>', 're-render the report from the results.json of an earlier report instead of running')
      .addOption(allowUnavailableOption())
      .addOption(parallelismOption()),
  ).action(wrap(async (raw: RawOptions) => (await import('./report-command.js')).commandReport(raw, io)));

  addScenarioOptions(
    program
      .command('export')
      .description(
        'Train once and write a self-describing bundle for replay in Keras, PyTorch, JAX or the float64 reference: data, initial weights (Keras layout, gates i f c o), optimizer and update formula, trajectory. See docs/export.md.',
      )
      .addOption(caseOption())
      .addOption(resetOption())
      .option('--backend <name>', `${RUNTIME_BACKENDS.node.join(' | ')}: export trains in Node (default: the config's first backend, else ${DEFAULT_BACKEND})`)
      .option('--out <file>', 'where to write the bundle (required)'),
  ).action(wrap(async (raw: RawOptions) => (await import('./fidelity-commands.js')).commandExport(raw, io)));

  addScenarioOptions(
    program
      .command('fidelity')
      .description(
        `Train on each backend and an independent float64 reference (no tfjs) from the same initial weights and data; report the relative distance per epoch. matches-reference holds within ${FIDELITY_BOUND}. With --optimizer adadelta it also shows tfjs's Adadelta departing from Keras's formula.`,
      )
      .option('--backend <list>', `comma-separated backends (${BACKEND_NAMES.join(', ')}) (default: the config's backends, else cpu,wasm)`)
      .option('--bundle <file>', 'replay an exported bundle in the reference instead of running')
      .option(
        '--keras',
        "also train Keras 3 on TensorFlow (the keras runtime) from the first backend's initial weights: matches-keras per backend, and where tfjs's stock Adadelta leaves Keras",
      )
      .addOption(allowUnavailableOption())
      .addOption(parallelismOption()),
  ).action(wrap(async (raw: RawOptions) => (await import('./fidelity-commands.js')).commandFidelity(raw, io)));

  const setup = program.command('setup').description('Install a component that npm cannot install by itself here.');
  setup
    .command('tensorflow')
    .description(
      "Make --backend tensorflow work: build @tensorflow/tfjs-node's addon from its own sources against the libtensorflow of a pinned TensorFlow wheel from the Python package index (tfjs-node's own install script downloads a prebuilt libtensorflow from Google's storage host, which refuses it or may be unreachable, tensorflow/tfjs#8742). Idempotent: exits 0 at once when tfjs-node already trains. Needs python3 with pip, a C++ compiler, make, nm and Node's headers.",
    )
    .option('--force', 'rebuild even when tfjs-node already trains')
    .option('--python <file>', 'the Python whose pip downloads the wheel', 'python3')
    .option(
      '--cache-dir <dir>',
      'where the wheel and its extracted libraries are kept (default: $TFJS_REPRO_CACHE_DIR, else $XDG_CACHE_HOME/tfjs-repro, else ~/.cache/tfjs-repro)',
    )
    .option('--json', 'print one JSON object on stdout instead of text')
    .action(wrap(async (raw: RawOptions) => (await import('./setup-command.js')).commandSetupTensorflow(raw, io, env)));
  setup
    .command('keras')
    .description(
      'Make --runtime keras work: create a virtual environment with the pinned Keras 3, TensorFlow CPU and JAX of python/requirements-keras.txt and PyTorch (every package pinned, from pip\'s sources: the Python package index; ~2.9 GB on disk with PyTorch\'s CPU build), then prove each backend (Keras imports and trains a step). A backend that cannot be had is recorded "not available" with the reason and the command that adds it; the others work. Idempotent: exits 0 at once when the environment holds the current pins and every installed file is on disk; rebuilds it otherwise. Needs Python 3.11 with venv and pip.',
    )
    .option('--force', 'recreate the environment even when it holds the current pins')
    .option(
      '--torch <build>',
      "auto: PyTorch 2.13.0's CPU build where pip finds one (the Python package index has none for Linux x86_64), else none; cpu: that build or fail; cuda: the index's CUDA build with its pinned NVIDIA packages (2.74 GB to download; runs on the CPU too); none",
      'auto',
    )
    .option('--python <file>', 'the Python 3.11 that creates the environment', 'python3')
    .option('--venv <dir>', 'where the environment goes (default: $TFJS_REPRO_KERAS_VENV, else .venv-keras in the tfjs-repro folder)')
    .option('--json', 'print one JSON object on stdout instead of text')
    .action(wrap(async (raw: RawOptions) => (await import('./setup-command.js')).commandSetupKeras(raw, io, env)));

  addScenarioOptions(
    program
      .command('sweep')
      .description(
        'Run the claims over many points: seeds × batch sizes × backends × runtimes × scenarios, as a grid (--seeds) or a sample drawn from --draw-seed (--sample), split deterministically over CI jobs with --shard i/n; --out writes a blob for `merge`. Each point overrides --seed and --batch-size.',
      )
      .option('--seeds <list>', 'a grid of master seeds, e.g. 0,1,4294967295')
      .option(
        '--batch-sizes <list>',
        "batch sizes (each must divide --samples for stateful scenarios) (default: the scenario's; with --sample, every divisor of --samples up to 500)",
      )
      .option('--sample <n>', 'draw n (seed, batch size) points with fast-check instead of a grid; seeds 0 and 4294967295 are always among them')
      .option('--draw-seed <n>', 'seed of the draw: every job that uses it computes the same points', '1')
      .option('--backend <list>', `comma-separated backends (default: the config's, else ${DEFAULT_BACKEND})`)
      .option('--claims <list>', `only these claims (${CLAIM_NAMES.join(', ')})`)
      .addOption(runtimeOption(true))
      .option('--shard <i/n>', 'run only the i-th of n slices, balanced by expected cost (e.g. one per CI job)')
      .option('--out <file>', 'write the result blob (for `tfjs-repro merge`)')
      .addOption(parallelismOption()),
  ).action(wrap(async (raw: RawOptions) => (await import('./sweep-commands.js')).commandSweep(raw, io)));

  program
    .command('merge')
    .description(
      "Merge the blobs of a sharded sweep into one result: every point's verdicts, each failure with its evidence and replay command. Refuses blobs of another sweep, and missing or duplicated shards (exit 3).",
    )
    .argument('<blobs...>', 'the files written by `tfjs-repro sweep --out`')
    .option('--out <file>', 'also write the merged result as JSON')
    .option('--json', 'print one JSON object on stdout instead of text')
    .action(wrap(async (files: string[], raw: RawOptions) => (await import('./sweep-commands.js')).commandMerge(files, raw, io)));

  const golden = program.command('golden').description('Golden fixtures: committed reference trajectories that gate tfjs and backend upgrades.');
  golden
    .command('check')
    .description(
      'Re-run every golden in fresh processes. Same provenance: must be bit-identical. Other provenance (tfjs, Node, platform): identical, within the recorded ULP budget, or drifted (fails, exit 1). A golden whose runtime or backend cannot run here fails too (exit 4), unless excused with --allow-unavailable.',
    )
    .option('--dir <dir>', `golden folder (default: the config's goldens.dir, else ${DEFAULT_GOLDEN_DIR})`)
    .option('--runtime <list>', 'only the goldens of these runtimes (node, chromium, keras), e.g. for a CI lane that checks its own part')
    .option('--backend <list>', `only the goldens of these backends (${BACKEND_NAMES.join(', ')})`)
    .addOption(allowUnavailableOption())
    .option(
      '--config <file>',
      'project config, for the scenario modules its goldens name (default: the nearest tfjs-repro.config.* from the working directory up)',
    )
    .addOption(parallelismOption())
    .option('--timeout <ms>', 'kill a child run after this many ms', String(DEFAULT_RUN_TIMEOUT_MS))
    .option('--json', 'print one JSON object on stdout instead of text')
    .action(wrap(async (raw: RawOptions) => (await import('./golden-commands.js')).commandGoldenCheck(raw, io)));
  addScenarioOptions(
    golden
      .command('update')
      .description(
        'The only writer of goldens: run each scenario (loop and single; with and without resets if it is stateful) per backend and write <dir>/<scenario>/<backend>.json atomically. Refuses when CI is set.',
      )
      .option('--reason <text>', 'why the numbers change (required; recorded in the file history)')
      .option('--backend <list>', `comma-separated backends (${BACKEND_NAMES.join(', ')}) (default: the config's backends, else cpu,wasm)`)
      .addOption(runtimeOption(true))
      .option(
        '--budget-ulps <n>',
        "ULP budget allowed after an upgrade (recorded with --reason); default: the config's goldens.budgetUlps, else keep the previous one (0 for a new file)",
      )
      .option('--dir <dir>', `golden folder (default: the config's goldens.dir, else ${DEFAULT_GOLDEN_DIR})`)
      .addOption(parallelismOption()),
  ).action(wrap(async (raw: RawOptions) => (await import('./golden-commands.js')).commandGoldenUpdate(raw, io, env)));

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
