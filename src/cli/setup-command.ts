import { EXIT_CODES } from '../errors.js';
import { setupTensorflow, type SetupOutcome } from '../setup/setup-tensorflow.js';
import { serializeJson } from '../trajectory/trajectory-file.js';
import type { Io, RawOptions } from './options.js';

export async function commandSetupTensorflow(raw: RawOptions, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const outcome = await setupTensorflow({
    force: raw.force === true,
    python: typeof raw.python === 'string' ? raw.python : undefined,
    cacheDir: typeof raw.cacheDir === 'string' ? raw.cacheDir : undefined,
    env,
    signal: io.signal,
    onStep: (line) => io.stderr.write(`setup tensorflow: ${line}\n`),
  });
  const seconds = (performance.now() - started) / 1000;
  io.stdout.write(raw.json ? serializeJson({ format: 'tfjs-repro/setup', component: 'tensorflow', ...outcome, seconds }) : renderSetupText(outcome, seconds));
  return EXIT_CODES.ok;
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
