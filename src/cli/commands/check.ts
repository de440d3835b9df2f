/** The `check` command. */
import type { Command } from 'commander';
import { CLAIM_NAMES } from '../../invariants/expectations.js';
import { BACKEND_NAMES, DEFAULT_BACKEND } from '../../runtimes/runtime-profiles.js';
import type { RawOptions } from '../options.js';
import type { CommandContext } from './command-context.js';
import { addScenarioOptions, allowUnavailableOption, mathRandomOption, parallelismOption, runtimeOption, tfjsOption } from './shared-options.js';

/** Registers `check`: run the determinism claims of each scenario and print a verdict table. */
export function registerCheck(program: Command, { io, wrap }: CommandContext): void {
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
      .addOption(parallelismOption())
      .addOption(mathRandomOption())
      .addOption(tfjsOption(true)),
  ).action(wrap(async (raw: RawOptions) => (await import('../check-command.js')).commandCheck(raw, io)));
}
