import { describeValue } from '../../../errors.js';
import { invalid } from '../../../validation.js';
import type { SetupCommon, SetupResult } from '../../shared/runtime.js';
import { KERAS_BACKENDS } from '../keras-backends.js';
import { setupKeras, TORCH_CHOICES, type SetupKerasOutcome, type TorchChoice } from './setup-keras.js';

/** `setup keras`: the pinned Keras 3 virtual environment behind `--runtime keras`. */
export async function runSetupKeras(options: Readonly<Record<string, unknown>>, common: SetupCommon): Promise<SetupResult> {
  const venv = typeof options.venv === 'string' ? options.venv : undefined;
  const torch = options.torch ?? 'auto';
  if (!(TORCH_CHOICES as readonly unknown[]).includes(torch))
    throw invalid('invalid options', [`--torch: expected one of ${TORCH_CHOICES.join(', ')}, got ${describeValue(torch)}`]);
  const outcome = await setupKeras({ ...common, venv, torch: torch as TorchChoice });
  return { outcome, render: (seconds) => renderSetupKerasText(outcome, seconds) };
}

export function renderSetupKerasText(outcome: SetupKerasOutcome, seconds: number): string {
  const { packages, python, unavailable } = outcome.record;
  const versions = [
    `Keras ${packages.keras} on TensorFlow ${packages['tensorflow-cpu']}`,
    `JAX ${packages.jax}`,
    packages.torch === undefined ? undefined : `PyTorch ${packages.torch}`,
  ].filter((text) => text !== undefined);
  const proven = KERAS_BACKENDS.filter((b) => unavailable[b] === undefined);
  const missing = KERAS_BACKENDS.filter((b) => unavailable[b] !== undefined).map((b) => `  keras/${b} not available: ${unavailable[b]}`);
  const head =
    outcome.kind === 'already-set-up'
      ? `keras runtime: already set up in ${outcome.venv} (every installed file on disk): ${versions.join(', ')} (Python ${python}); nothing to do.`
      : `keras runtime: ready in ${seconds.toFixed(1)} s${outcome.repaired === undefined ? '' : ` (repaired: ${outcome.repaired})`}: ${versions.join(', ')} (Python ${python})\n  in ${outcome.venv} (${(outcome.sizeBytes / 1e6).toFixed(0)} MB${outcome.keptFrom === undefined ? '' : `, its installed files hard links to those kept in ${outcome.keptFrom}`}); proven (Keras imports and trains a step): ${proven.join(', ')}.`;
  return [head, ...missing, ...(outcome.kind === 'installed' ? [`  Try it: npx tfjs-repro check --runtime keras --backend ${proven.join(',')}`] : []), ''].join(
    '\n',
  );
}
