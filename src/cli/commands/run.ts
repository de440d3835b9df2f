/** The `run` command. */
import type { Command } from 'commander';
import { BACKEND_NAMES, DEFAULT_BACKEND } from '../../runtimes/runtime-profiles.js';
import type { RawOptions } from '../options.js';
import type { CommandContext } from './command-context.js';
import { addScenarioOptions, caseOption, mathRandomOption, resetOption, runtimeOption, tfjsOption } from './shared-options.js';

/** Registers `run`: train once in a fresh process and print (or save with --out) the trajectory. */
export function registerRun(program: Command, { io, wrap }: CommandContext): void {
  addScenarioOptions(
    program
      .command('run')
      .description('Train once in a fresh Node process and print its trajectory (every batch and epoch loss as float32 hex, weight digests, provenance).')
      .addOption(caseOption())
      .addOption(resetOption())
      .option('--backend <name>', `${BACKEND_NAMES.join(' | ')} (default: the config's first backend, else ${DEFAULT_BACKEND})`)
      .option('--out <file>', 'also save the trajectory to this JSON file (for compare)')
      .addOption(runtimeOption())
      .addOption(mathRandomOption())
      .addOption(tfjsOption(false)),
  ).action(wrap(async (raw: RawOptions) => (await import('../run-command.js')).commandRun(raw, io)));
}
