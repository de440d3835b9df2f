/** The `golden` command group: `golden check` and `golden update`. */
import type { Command } from 'commander';
import { DEFAULT_GOLDEN_DIR } from '../../golden/golden-dir.js';
import { DEFAULT_RUN_TIMEOUT_MS } from '../../run/run-limits.js';
import { BACKEND_NAMES } from '../../runtimes/runtime-profiles.js';
import type { RawOptions } from '../options.js';
import type { CommandContext } from './command-context.js';
import { addScenarioOptions, allowUnavailableOption, parallelismOption, runtimeOption, tfjsOption } from './shared-options.js';

/** Registers `golden` and its subcommands `check` and `update`: the committed reference trajectories. */
export function registerGolden(program: Command, context: CommandContext): void {
  const golden = program.command('golden').description('Golden fixtures: committed reference trajectories that gate tfjs and backend upgrades.');
  registerGoldenCheck(golden, context);
  registerGoldenUpdate(golden, context);
}

/** `golden check`: re-run every golden and judge it against its recorded provenance and ULP budget. */
function registerGoldenCheck(golden: Command, { io, wrap }: CommandContext): void {
  golden
    .command('check')
    .description(
      'Re-run every golden in fresh processes. Same provenance: must be bit-identical. Other provenance (tfjs, Node, platform): identical, within the recorded ULP budget, or drifted (fails, exit 1). A golden whose runtime or backend cannot run here fails too (exit 4), unless excused with --allow-unavailable.',
    )
    .option('--dir <dir>', `golden folder (default: the config's goldens.dir, else ${DEFAULT_GOLDEN_DIR})`)
    .option('--runtime <list>', 'only the goldens of these runtimes (node, chromium, keras), e.g. for a CI lane that checks its own part')
    .option('--backend <list>', `only the goldens of these backends (${BACKEND_NAMES.join(', ')})`)
    .addOption(allowUnavailableOption())
    .addOption(tfjsOption(true))
    .option(
      '--config <file>',
      'project config, for the scenario modules its goldens name (default: the nearest tfjs-repro.config.* from the working directory up)',
    )
    .addOption(parallelismOption())
    .option('--timeout <ms>', 'kill a child run after this many ms', String(DEFAULT_RUN_TIMEOUT_MS))
    .option('--json', 'print one JSON object on stdout instead of text')
    .action(wrap(async (raw: RawOptions) => (await import('../golden-commands.js')).commandGoldenCheck(raw, io)));
}

/** `golden update`: the only writer of goldens, refused when CI is set. */
function registerGoldenUpdate(golden: Command, { io, env, wrap }: CommandContext): void {
  addScenarioOptions(
    golden
      .command('update')
      .description(
        'The only writer of goldens: run each scenario (loop and single; with and without resets if it is stateful) per backend and write <dir>/<scenario>/<backend>.json atomically. Refuses when CI is set.',
      )
      .option('--reason <text>', 'why the numbers change (required; recorded in the file history)')
      .option('--backend <list>', `comma-separated backends (${BACKEND_NAMES.join(', ')}) (default: the config's backends, else cpu,wasm)`)
      .addOption(runtimeOption(true))
      .option(
        '--budget-ulps <n>',
        "ULP budget allowed after an upgrade (recorded with --reason); default: the config's goldens.budgetUlps, else keep the previous one (0 for a new file)",
      )
      .option('--dir <dir>', `golden folder (default: the config's goldens.dir, else ${DEFAULT_GOLDEN_DIR})`)
      .addOption(parallelismOption()),
  ).action(wrap(async (raw: RawOptions) => (await import('../golden-commands.js')).commandGoldenUpdate(raw, io, env)));
}
