/** The `merge` command. */
import type { Command } from 'commander';
import type { RawOptions } from '../options.js';
import type { CommandContext } from './command-context.js';

/** Registers `merge <blobs...>`: the blobs of a sharded `sweep` as one result. */
export function registerMerge(program: Command, { io, wrap }: CommandContext): void {
  program
    .command('merge')
    .description(
      "Merge the blobs of a sharded sweep into one result: every point's verdicts, each failure with its evidence and replay command. Refuses blobs of another sweep, and missing or duplicated shards (exit 3).",
    )
    .argument('<blobs...>', 'the files written by `tfjs-repro sweep --out`')
    .option('--out <file>', 'also write the merged result as JSON')
    .option('--json', 'print one JSON object on stdout instead of text')
    .action(wrap(async (files: string[], raw: RawOptions) => (await import('../sweep-commands.js')).commandMerge(files, raw, io)));
}
