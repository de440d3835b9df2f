import { scenarioModuleOf } from '../scenario/scenario-registry.js';
import type { RunRequest } from '../trajectory/run-request.js';
import { DEFAULT_RUNTIME, runtimeFlag, type RuntimeName } from '../trajectory/runtime-name.js';

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
      '--json',
    ].join(' ') + runtimeFlag(runtime)
  );
}
