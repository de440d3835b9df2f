/** The `fidelity` command. */
import type { Command } from 'commander';
import { FIDELITY_BOUND } from '../../fidelity/fidelity-bound.js';
import { BACKEND_NAMES } from '../../runtimes/runtime-profiles.js';
import type { RawOptions } from '../options.js';
import type { CommandContext } from './command-context.js';
import { addScenarioOptions, allowUnavailableOption, parallelismOption } from './shared-options.js';

/** Registers `fidelity`: each backend (and optionally Keras) against the float64 reference, per epoch. */
export function registerFidelity(program: Command, { io, wrap }: CommandContext): void {
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
  ).action(wrap(async (raw: RawOptions) => (await import('../fidelity-commands.js')).commandFidelity(raw, io)));
}
