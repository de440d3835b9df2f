import { EXIT_CODES } from '../errors.js';
import { setupKeras, type SetupKerasOutcome } from '../keras/setup-keras.js';
import { setupTensorflow, type SetupOutcome } from '../setup/setup-tensorflow.js';
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
    `tensorflow backend: ready. @tensorflow/tfjs-node's addon was built from source against libtensorflow ${outcome.libtensorflow}`,
    `  from ${outcome.wheel.distribution}==${outcome.wheel.version} (sha256 ${outcome.wheel.sha256.slice(0, 12)}…; ${download}; cache ${outcome.cacheDir}) in ${seconds.toFixed(1)} s.`,
    ...outcome.skipped.map((line) => `  skipped ${line}`),
    '  Try it: npx tfjs-repro check --backend tensorflow',
  ];
  return `${lines.join('\n')}\n`;
}

export function commandSetupKeras(raw: RawOptions, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const venv = typeof raw.venv === 'string' ? raw.venv : undefined;
  return runSetup('keras', raw, io, env, (common) => setupKeras({ ...common, venv }), renderSetupKerasText);
}

export function renderSetupKerasText(outcome: SetupKerasOutcome, seconds: number): string {
  const { packages, python } = outcome.record;
  const versions = `Keras ${packages.keras} on TensorFlow ${packages['tensorflow-cpu']}, JAX ${packages.jax}, PyTorch ${packages.torch} (Python ${python})`;
  if (outcome.kind === 'already-set-up') return `keras runtime: already set up in ${outcome.venv}: ${versions}; nothing to do.\n`;
  return [
    `keras runtime: ready in ${seconds.toFixed(1)} s: ${versions}`,
    `  in ${outcome.venv} (${(outcome.sizeBytes / 1e6).toFixed(0)} MB).`,
    '  Try it: npx tfjs-repro check --runtime keras',
    '',
  ].join('\n');
}
