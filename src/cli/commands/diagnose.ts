/** The `diagnose` command. */
import type { Command } from 'commander';
import type { RawOptions } from '../options.js';
import type { CommandContext } from './command-context.js';

/** Registers `diagnose <a> <b>`: why two saved runs part, as a cause, where it begins, the evidence and the fix. */
export function registerDiagnose(program: Command, { io, wrap }: CommandContext): void {
  program
    .command('diagnose')
    .description(
      'Say why two runs saved with `run --out` part: a cause (unseeded-initializer, data, data-order, …, or unknown), where it begins (before training, or the first batch), the evidence and the fix. Exit 0 when they are bitwise identical, 1 when they part.',
    )
    .argument('<a>', 'first run file')
    .argument('<b>', 'second run file')
    .option('--json', 'print one JSON object on stdout instead of text')
    .action(wrap(async (a: string, b: string, raw: RawOptions) => (await import('../diagnose-command.js')).commandDiagnose(a, b, raw, io)));
}
