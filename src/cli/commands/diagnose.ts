/** The `diagnose` command. */
import type { Command } from 'commander';
import type { RawOptions } from '../options.js';
import type { CommandContext } from './command-context.js';

/** Registers `diagnose <a> <b>`: why two saved runs part, as a cause, where it begins, the evidence and the fix. */
export function registerDiagnose(program: Command, { io, wrap }: CommandContext): void {
  program
    .command('diagnose')
    .description(
      'Say why two runs saved with `run --out` part: a cause (unseeded-initializer, data, data-order, random-op, optimizer, nondeterministic-kernel, …, or unknown), where it begins (before training, the first batch, or with --replay the first kernel), the evidence and the fix. Exit 0 when they are bitwise identical, 1 when they part.',
    )
    .argument('<a>', 'first run file')
    .argument('<b>', 'second run file')
    .option(
      '--replay',
      "when the runs' records stop at a batch boundary: train both again (node or chromium runs; each with the TF_/OMP_ variables it recorded) with a kernel trace up to the first divergent batch, and name the first kernel where they part (random-op, optimizer, nondeterministic-kernel, state)",
    )
    .option('--scenario <path>', 'with --replay: the scenario module the runs train, when it is not built in')
    .option('--json', 'print one JSON object on stdout instead of text')
    .action(wrap(async (a: string, b: string, raw: RawOptions) => (await import('../diagnose-command.js')).commandDiagnose(a, b, raw, io)));
}
