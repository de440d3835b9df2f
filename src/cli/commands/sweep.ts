/** The `sweep` command. */
import type { Command } from 'commander';
import { CLAIM_NAMES } from '../../invariants/expectations.js';
import { DEFAULT_BACKEND } from '../../runtimes/runtime-profiles.js';
import type { RawOptions } from '../options.js';
import type { CommandContext } from './command-context.js';
import { addScenarioOptions, parallelismOption, runtimeOption, tfjsOption } from './shared-options.js';

/** Registers `sweep`: the claims over a grid or a drawn sample of seeds × batch sizes × backends × runtimes × scenarios, shardable. */
export function registerSweep(program: Command, { io, wrap }: CommandContext): void {
  addScenarioOptions(
    program
      .command('sweep')
      .description(
        'Run the claims over many points: seeds × batch sizes × backends × runtimes × scenarios, as a grid (--seeds) or a sample drawn from --draw-seed (--sample), split deterministically over CI jobs with --shard i/n; --out writes a blob for `merge`. Each point overrides --seed and --batch-size.',
      )
      .option('--seeds <list>', 'a grid of master seeds, e.g. 0,1,4294967295')
      .option(
        '--batch-sizes <list>',
        "batch sizes (each must divide --samples for stateful scenarios) (default: the scenario's; with --sample, every divisor of --samples up to 500)",
      )
      .option('--sample <n>', 'draw n (seed, batch size) points with fast-check instead of a grid; seeds 0 and 4294967295 are always among them')
      .option('--draw-seed <n>', 'seed of the draw: every job that uses it computes the same points', '1')
      .option('--backend <list>', `comma-separated backends (default: the config's, else ${DEFAULT_BACKEND})`)
      .option('--claims <list>', `only these claims (${CLAIM_NAMES.join(', ')})`)
      .addOption(runtimeOption(true))
      .addOption(tfjsOption(true))
      .option('--shard <i/n>', 'run only the i-th of n slices, balanced by expected cost (e.g. one per CI job)')
      .option('--out <file>', 'write the result blob (for `tfjs-repro merge`)')
      .addOption(parallelismOption()),
  ).action(wrap(async (raw: RawOptions) => (await import('../sweep-commands.js')).commandSweep(raw, io)));
}
