/** The `setup` command group: one subcommand per runtime that has a set-up (`setup tensorflow`, `setup keras`). */
import type { Command } from 'commander';
import { RUNTIME_NAMES, RUNTIME_PROFILES } from '../../runtimes/runtime-profiles.js';
import type { SetupCommand } from '../../runtimes/shared/runtime.js';
import type { RawOptions } from '../options.js';
import type { CommandContext } from './command-context.js';

/** Registers `setup` and a subcommand for each runtime's set-up: components npm cannot install by itself. */
export function registerSetup(program: Command, context: CommandContext): void {
  const setup = program.command('setup').description('Install a component that npm cannot install by itself here.');
  for (const name of RUNTIME_NAMES) {
    const command = RUNTIME_PROFILES[name]?.setup;
    if (command !== undefined) registerSetupCommand(setup, command, context);
  }
}

/** `setup <name>`: its description and options, and `--json`. */
function registerSetupCommand(setup: Command, command: SetupCommand, { io, env, wrap }: CommandContext): void {
  const sub = setup.command(command.name).description(command.description);
  for (const option of command.options) sub.option(option.flags, option.description, option.defaultValue);
  sub
    .option('--json', 'print one JSON object on stdout instead of text')
    .action(wrap(async (raw: RawOptions) => (await import('../setup-command.js')).commandSetup(command, raw, io, env)));
}
