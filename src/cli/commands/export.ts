/** The `export` command. */
import type { Command } from 'commander';
import { backendsIn, DEFAULT_BACKEND, DEFAULT_RUNTIME } from '../../runtimes/runtime-profiles.js';
import type { RawOptions } from '../options.js';
import type { CommandContext } from './command-context.js';
import { addScenarioOptions, caseOption, resetOption } from './shared-options.js';

/** Registers `export`: train once and write a self-describing bundle for replay outside tfjs. */
export function registerExport(program: Command, { io, wrap }: CommandContext): void {
  addScenarioOptions(
    program
      .command('export')
      .description(
        'Train once and write a self-describing bundle for replay in Keras, PyTorch, JAX or the float64 reference: data, initial weights (Keras layout, gates i f c o), optimizer and update formula, trajectory. See docs/export.md.',
      )
      .addOption(caseOption())
      .addOption(resetOption())
      .option(
        '--backend <name>',
        `${backendsIn(DEFAULT_RUNTIME).join(' | ')}: export trains in Node (default: the config's first backend, else ${DEFAULT_BACKEND})`,
      )
      .option('--out <file>', 'where to write the bundle (required)'),
  ).action(wrap(async (raw: RawOptions) => (await import('../fidelity-commands.js')).commandExport(raw, io)));
}
