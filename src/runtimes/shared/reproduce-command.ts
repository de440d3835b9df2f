import { scenarioModuleOf } from '../../scenario/scenario-registry.js';
import type { RunRequest } from '../../trajectory/run-request.js';
import type { RuntimeName } from '../../trajectory/runtime-name.js';
import { DEFAULT_RUNTIME, runLabel, runtimeFlag } from './names.js';

/** The CLI command that repeats one run on its own (in its runtime), put into every failure message. */
export function reproduceCommand(request: RunRequest, runtime: RuntimeName = DEFAULT_RUNTIME): string {
  const { scenario } = request;
  return (
    [
      'npx tfjs-repro run',
      `--scenario ${scenarioModuleOf(scenario.scenario) ?? scenario.scenario}`,
      `--backend ${request.backend}`,
      `--case ${request.case}`,
      `--reset ${request.reset}`,
      `--seed ${scenario.seed}`,
      `--samples ${scenario.samples}`,
      `--batch-size ${scenario.batchSize}`,
      `--epochs ${scenario.epochs}`,
      `--units ${scenario.units}`,
      `--layers ${scenario.layers}`,
      `--optimizer ${scenario.optimizer}`,
      `--learning-rate ${scenario.learningRate}`,
      `--noise ${scenario.noise}`,
      `--step ${scenario.step}`,
      ...Object.entries(scenario.params ?? {}).map(([name, value]) => `--param ${name}=${String(value)}`),
      ...(request.mathRandom === 'native' ? ['--math-random native'] : []),
      ...(request.tfjs === undefined ? [] : [`--tfjs ${request.tfjs}`]),
      '--json',
    ].join(' ') + runtimeFlag(runtime)
  );
}

/** What a child session says of its run in every message: where it ran, and the command that repeats it. */
export function runPlaceOf(runtime: RuntimeName, request: RunRequest): { readonly where: string; readonly reproduce: string } {
  return { where: runLabel(runtime, request), reproduce: reproduceCommand(request, runtime) };
}
