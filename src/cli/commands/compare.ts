/** The `compare` command. */
import type { Command } from 'commander';
import type { RawOptions } from '../options.js';
import type { CommandContext } from './command-context.js';

/** Registers `compare <a> <b>`: the first divergence and largest differences between two saved runs. */
export function registerCompare(program: Command, { io, wrap }: CommandContext): void {
  program
    .command('compare')
    .description(
      'Compare two runs saved with `run --out`; report the first divergence (epoch, batch, both values in decimal and hex, ULP distance) and the largest differences.',
    )
    .argument('<a>', 'first run file')
    .argument('<b>', 'second run file')
    .option('--tolerance <t>', 'exact | ulp:N | abs:X | rel:X', 'exact')
    .option('--json', 'print one JSON object on stdout instead of text')
    .action(wrap(async (a: string, b: string, raw: RawOptions) => (await import('../compare-command.js')).commandCompare(a, b, raw, io)));
}
