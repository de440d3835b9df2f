/** The `setup` command group: `setup tensorflow` and `setup keras`. */
import type { Command } from 'commander';
import type { RawOptions } from '../options.js';
import type { CommandContext } from './command-context.js';

/** Registers `setup` and its subcommands `tensorflow` and `keras`: components npm cannot install by itself. */
export function registerSetup(program: Command, context: CommandContext): void {
  const setup = program.command('setup').description('Install a component that npm cannot install by itself here.');
  registerSetupTensorflow(setup, context);
  registerSetupKeras(setup, context);
}

/** `setup tensorflow`: build tfjs-node's addon against a pinned TensorFlow wheel's libtensorflow. */
function registerSetupTensorflow(setup: Command, { io, env, wrap }: CommandContext): void {
  setup
    .command('tensorflow')
    .description(
      "Make --backend tensorflow work: build @tensorflow/tfjs-node's addon from its own sources against the libtensorflow of a pinned TensorFlow wheel from the Python package index (tfjs-node's own install script downloads a prebuilt libtensorflow from Google's storage host, which refuses it or may be unreachable, tensorflow/tfjs#8742). Idempotent: exits 0 at once when tfjs-node already trains. A built addon is kept in the cache folder (addons/), and the next set-up of the same sources on this machine places it instead of compiling. Needs python3 with pip, a C++ compiler, make, nm and Node's headers.",
    )
    .option('--force', 'rebuild even when tfjs-node already trains (compiling it, not placing the build kept in the cache folder)')
    .option('--python <file>', 'the Python whose pip downloads the wheel', 'python3')
    .option(
      '--cache-dir <dir>',
      'where the wheel and its extracted libraries are kept (default: $TFJS_REPRO_CACHE_DIR, else $XDG_CACHE_HOME/tfjs-repro, else ~/.cache/tfjs-repro)',
    )
    .option('--json', 'print one JSON object on stdout instead of text')
    .action(wrap(async (raw: RawOptions) => (await import('../setup-command.js')).commandSetupTensorflow(raw, io, env)));
}

/** `setup keras`: the pinned Keras 3 virtual environment behind `--runtime keras`. */
function registerSetupKeras(setup: Command, { io, env, wrap }: CommandContext): void {
  setup
    .command('keras')
    .description(
      'Make --runtime keras work: create a virtual environment with the pinned Keras 3, TensorFlow CPU and JAX of python/requirements-keras.txt and PyTorch (every package pinned, from pip\'s sources: the Python package index; ~2.9 GB on disk with PyTorch\'s CPU build), then prove each backend (Keras imports and trains a step). A backend that cannot be had is recorded "not available" with the reason and the command that adds it; the others work. Idempotent: exits 0 at once when the environment holds the current pins and every installed file is on disk; rebuilds it otherwise. The installed files of a proven environment are kept as hard links in the tfjs-repro cache folder (keras-env/), and the next environment of the same pins on this machine links them instead of installing. Needs Python 3.11 with venv and pip.',
    )
    .option('--force', 'recreate the environment with pip even when it holds the current pins (not from kept files)')
    .option(
      '--torch <build>',
      "auto: PyTorch 2.13.0's CPU build where pip finds one (the Python package index has none for Linux x86_64), else none; cpu: that build or fail; cuda: the index's CUDA build with its pinned NVIDIA packages (2.74 GB to download; runs on the CPU too); none",
      'auto',
    )
    .option('--python <file>', 'the Python 3.11 that creates the environment', 'python3')
    .option('--venv <dir>', 'where the environment goes (default: $TFJS_REPRO_KERAS_VENV, else .venv-keras in the tfjs-repro folder)')
    .option('--json', 'print one JSON object on stdout instead of text')
    .action(wrap(async (raw: RawOptions) => (await import('../setup-command.js')).commandSetupKeras(raw, io, env)));
}
