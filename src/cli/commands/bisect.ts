/** The `bisect` command. */
import type { Command } from 'commander';
import type { RawOptions } from '../options.js';
import type { CommandContext } from './command-context.js';
import { addScenarioOptions } from './shared-options.js';

/** Registers `bisect --tfjs <good>..<bad>`: the first published tfjs release that changed a training, and which kernel and package. */
export function registerBisect(program: Command, { io, wrap }: CommandContext): void {
  addScenarioOptions(
    program
      .command('bisect')
      .description(
        "Find the first published tfjs release between two (--tfjs good..bad) whose training of the scenario differs from the good one's (numbers bitwise, or a run that fails), in log₂ steps: each step installs a release from the npm registry into the cache and trains the base run (case 1, no resets) in a fresh Node process. Then both neighbours are trained again with a kernel trace: the first kernel whose outputs changed, and the package it comes from. Exit 0 when the ends agree (nothing to find), 1 when a release is found.",
      )
      .requiredOption('--tfjs <good..bad>', 'the good and the bad release, e.g. 4.0.0..4.22.0 (published versions of @tensorflow/tfjs)')
      .option('--backend <name>', "the backend to train on: cpu or wasm (default: the config's first backend, else wasm)")
      .option('--pre', 'include pre-releases between the two (default: releases only)'),
  ).action(wrap(async (raw: RawOptions) => (await import('../bisect-command.js')).commandBisect(raw, io)));
}
