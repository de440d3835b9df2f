import { chromiumUnavailableReason } from '../browser/browser-availability.js';
import { ReproError } from '../errors.js';
import { kerasScenarioUnavailable, kerasUnavailableReason } from '../keras/keras-environment.js';
import type { ScenarioConfig } from '../scenario/scenario-config.js';
import type { RuntimeName } from '../run/runtime.js';
import type { BackendName } from '../tfjs/backend-names.js';
import { nodeUnavailableReason } from '../tfjs/backends.js';

/** Why a backend cannot be used here in that runtime, or undefined when it can (as far as installation goes). */
export function unavailableReason(
  backend: BackendName,
  runtime: RuntimeName = 'node',
  scenario?: Pick<ScenarioConfig, 'scenario' | 'optimizer'>,
): string | undefined {
  if (runtime === 'keras') return kerasUnavailableReason(backend) ?? (scenario === undefined ? undefined : kerasScenarioUnavailable(scenario));
  return runtime === 'chromium' ? chromiumUnavailableReason(backend) : nodeUnavailableReason(backend);
}

/** Why a runtime cannot run a scenario at all (the keras runtime builds the seed experiment only), or undefined. */
export function scenarioUnavailableIn(runtime: RuntimeName, scenario: Pick<ScenarioConfig, 'scenario' | 'optimizer'>): string | undefined {
  return runtime === 'keras' ? kerasScenarioUnavailable(scenario) : undefined;
}

export function assertBackendAvailable(backend: BackendName, runtime: RuntimeName = 'node'): void {
  const reason = unavailableReason(backend, runtime);
  if (reason !== undefined)
    throw new ReproError('backend-unavailable', `--backend ${backend}${runtime === 'node' ? '' : ` (--runtime ${runtime})`}: ${reason}`);
}
