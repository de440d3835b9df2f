/**
 * The options several commands define, as `--help` shows them. Their values are parsed by the
 * action's modules (options.ts, runtime-options.ts, allow-unavailable.ts); here only leaves are
 * imported, so that printing help loads no runtime, scenario or tfjs code.
 */
import os from 'node:os';
import { Option, type Command } from 'commander';
import { CONFIG_FILE_NAMES } from '../../config/config-file-names.js';
import { DEFAULT_RUN_TIMEOUT_MS } from '../../run/run-limits.js';
import { RUNTIME_PROFILES, RUNTIME_NAMES } from '../../runtimes/runtime-profiles.js';
import { OPTIMIZER_NAMES, SCENARIO_DEFAULTS, SCENARIO_NAMES } from '../../scenario/scenario-config.js';
import { RESET_POLICIES, RUN_CASES } from '../../trajectory/run-case.js';

export function addScenarioOptions(command: Command): Command {
  // No commander defaults for scenario fields: a field left out takes its scenario's default
  // (the seed experiment's are shown; blobs-dropout-classifier has its own, see the README).
  const d = SCENARIO_DEFAULTS;
  return command
    .option('--config <file>', `project config (default: the nearest ${CONFIG_FILE_NAMES[0]} or .mjs/.js from the working directory up)`)
    .option(
      '--scenario <name|path>',
      `a built-in scenario (${SCENARIO_NAMES.join(', ')}), one named in the config, or the path of a scenario module (default: the config's scenarios, else ${d.scenario})`,
    )
    .option('--param <name=value>', "a scenario's own parameter (repeatable)", (value: string, previous: string[] = []) => [...previous, value])
    .option('--seed <n>', `master seed, integer 0 … 4294967295 (0 is a seed like any other) (default: ${d.seed})`)
    .option('--samples <n>', `samples (default: ${d.samples} for the seed experiment)`)
    .option('--step <x>', `step of t between samples, stateful-lstm-sine only (default: ${d.step})`)
    .option('--noise <x>', `standard deviation of the input noise (default: ${d.noise} for the seed experiment)`)
    .option('--batch-size <n>', `batch size; must divide --samples for stateful scenarios (default: ${d.batchSize} for the seed experiment)`)
    .option('--epochs <n>', `epochs (default: ${d.epochs} for the seed experiment)`)
    .option('--units <n>', `units per layer (default: ${d.units} for the seed experiment)`)
    .option('--layers <n>', `stacked layers (default: ${d.layers} stateful LSTM layers for the seed experiment)`)
    .option(
      '--optimizer <name>',
      `${OPTIMIZER_NAMES.join(' | ')} (adadelta is Keras-faithful; adadelta-tfjs is tfjs's stock formula) (default: ${d.optimizer} for the seed experiment)`,
    )
    .option('--learning-rate <x>', 'learning rate (default: Keras 2.0.4: 1.0 adadelta, 0.01 sgd, 0.001 adam)')
    .option('--timeout <ms>', 'kill a child run after this many ms', String(DEFAULT_RUN_TIMEOUT_MS))
    .option('--json', 'print one JSON object on stdout instead of text');
}

export const caseOption = () => new Option('--case <case>', 'loop: N × fit(epochs=1); single: one fit(epochs=N)').choices(RUN_CASES).default('loop');

/** `--math-random`: whether the children seed Math.random (the harness's world) or leave it native (the app's). */
export const mathRandomOption = () =>
  new Option(
    '--math-random <mode>',
    "seeded: each run seeds Math.random from its seed before tfjs loads and again after, so tfjs's unseeded draws repeat; native: leave it as the platform gives it, as an app that does not seed it runs",
  )
    .choices(['seeded', 'native'])
    .default('seeded');

/** `--tfjs`: train with a published tfjs release (several for the commands that compare them) instead of the project's. */
export const tfjsOption = (several: boolean) =>
  new Option(
    several ? '--tfjs <versions>' : '--tfjs <version>',
    `${several ? 'published tfjs releases (comma-separated, e.g. 4.21.0,4.22.0)' : 'a published tfjs release (e.g. 4.21.0)'} to train with instead of the tfjs your project resolves: each is installed once from the npm registry into the cache (cpu and wasm in Node)`,
  );

export const resetOption = () => new Option('--reset <policy>', 'none, or epoch: resetStates() after every epoch').choices(RESET_POLICIES).default('none');

export const parallelismOption = () => new Option('--parallelism <n>', 'child processes at once').default(String(os.availableParallelism()));

export const runtimeOption = (list = false) =>
  new Option(
    list ? '--runtime <list>' : '--runtime <name>',
    `${RUNTIME_NAMES.map((name) => `${name}: ${RUNTIME_PROFILES[name]!.summary}`).join('; ')}${list ? '; comma-separated for several (check then also judges node/b ≡ chromium/b, webgl and webgpu against cpu, and tfjs against Keras from the same start)' : ''}`,
  );

/** `--allow-unavailable`: the only way (with the config's `optional`) past a gate that cannot run something. */
export const allowUnavailableOption = () =>
  new Option(
    '--allow-unavailable <list>',
    'comma-separated runtimes, backends or runtime/backend (e.g. tensorflow,keras/torch) that may be missing here: reported as excused instead of failing (exit 4). Also: the config\'s "optional" list',
  );
