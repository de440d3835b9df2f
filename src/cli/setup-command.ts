import path from 'node:path';
import { EXIT_CODES, describeValue } from '../errors.js';
import { setupKeras, TORCH_CHOICES, type SetupKerasOutcome, type TorchChoice } from '../runtimes/keras/setup/setup-keras.js';
import { invalid } from '../validation.js';
import { RUNTIME_BACKENDS } from '../runtimes/registry.js';
import { setupTensorflow, type SetupOutcome } from '../runtimes/node/setup/setup-tensorflow.js';
import { serializeJson } from '../trajectory/trajectory-file.js';
import type { Io, RawOptions } from './options.js';

/** One `setup <component>` command: the options every set-up takes, progress on stderr, text or JSON on stdout. */
async function runSetup<O extends object>(
  component: string,
  raw: RawOptions,
  io: Io,
  env: NodeJS.ProcessEnv,
  setup: (common: { force: boolean; python?: string; env: NodeJS.ProcessEnv; signal: AbortSignal; onStep: (line: string) => void }) => Promise<O>,
  render: (outcome: O, seconds: number) => string,
): Promise<number> {
  const started = performance.now();
  const outcome = await setup({
    force: raw.force === true,
    python: typeof raw.python === 'string' ? raw.python : undefined,
    env,
    signal: io.signal,
    onStep: (line) => io.stderr.write(`setup ${component}: ${line}\n`),
  });
  const seconds = (performance.now() - started) / 1000;
  io.stdout.write(raw.json ? serializeJson({ format: 'tfjs-repro/setup', component, ...outcome, seconds }) : render(outcome, seconds));
  return EXIT_CODES.ok;
}

export function commandSetupTensorflow(raw: RawOptions, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const cacheDir = typeof raw.cacheDir === 'string' ? raw.cacheDir : undefined;
  return runSetup('tensorflow', raw, io, env, (common) => setupTensorflow({ ...common, cacheDir }), renderSetupText);
}

export function renderSetupText(outcome: SetupOutcome, seconds: number): string {
  if (outcome.kind === 'already-working') {
    return `tensorflow backend: already works (@tensorflow/tfjs-node loads libtensorflow ${outcome.libtensorflow} and trains); nothing to do.\n`;
  }
  const download = outcome.downloadedBytes === 0 ? 'wheel taken from the cache' : `downloaded ${(outcome.downloadedBytes / 1e6).toFixed(0)} MB`;
  const lines = [
    `tensorflow backend: ready. @tensorflow/tfjs-node's addon was built from source against libtensorflow ${outcome.libtensorflow}${outcome.keptAddon === undefined ? '' : ` (the build kept in ${path.dirname(outcome.keptAddon)}, of the same sources)`}`,
    `  from ${outcome.wheel.distribution}==${outcome.wheel.version} (sha256 ${outcome.wheel.sha256.slice(0, 12)}…; ${download}; cache ${outcome.cacheDir}) in ${seconds.toFixed(1)} s.`,
    ...outcome.skipped.map((line) => `  skipped ${line}`),
    '  Try it: npx tfjs-repro check --backend tensorflow',
  ];
  return `${lines.join('\n')}\n`;
}

export function commandSetupKeras(raw: RawOptions, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const venv = typeof raw.venv === 'string' ? raw.venv : undefined;
  const torch = raw.torch ?? 'auto';
  if (!(TORCH_CHOICES as readonly unknown[]).includes(torch))
    throw invalid('invalid options', [`--torch: expected one of ${TORCH_CHOICES.join(', ')}, got ${describeValue(torch)}`]);
  return runSetup('keras', raw, io, env, (common) => setupKeras({ ...common, venv, torch: torch as TorchChoice }), renderSetupKerasText);
}

export function renderSetupKerasText(outcome: SetupKerasOutcome, seconds: number): string {
  const { packages, python, unavailable } = outcome.record;
  const versions = [
    `Keras ${packages.keras} on TensorFlow ${packages['tensorflow-cpu']}`,
    `JAX ${packages.jax}`,
    packages.torch === undefined ? undefined : `PyTorch ${packages.torch}`,
  ].filter((text) => text !== undefined);
  const proven = RUNTIME_BACKENDS.keras.filter((b) => unavailable[b] === undefined);
  const missing = RUNTIME_BACKENDS.keras.filter((b) => unavailable[b] !== undefined).map((b) => `  keras/${b} not available: ${unavailable[b]}`);
  const head =
    outcome.kind === 'already-set-up'
      ? `keras runtime: already set up in ${outcome.venv} (every installed file on disk): ${versions.join(', ')} (Python ${python}); nothing to do.`
      : `keras runtime: ready in ${seconds.toFixed(1)} s${outcome.repaired === undefined ? '' : ` (repaired: ${outcome.repaired})`}: ${versions.join(', ')} (Python ${python})\n  in ${outcome.venv} (${(outcome.sizeBytes / 1e6).toFixed(0)} MB${outcome.keptFrom === undefined ? '' : `, its installed files hard links to those kept in ${outcome.keptFrom}`}); proven (Keras imports and trains a step): ${proven.join(', ')}.`;
  return [head, ...missing, ...(outcome.kind === 'installed' ? [`  Try it: npx tfjs-repro check --runtime keras --backend ${proven.join(',')}`] : []), ''].join(
    '\n',
  );
}
