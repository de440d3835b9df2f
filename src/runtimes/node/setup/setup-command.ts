import path from 'node:path';
import type { SetupCommon, SetupResult } from '../../shared/runtime.js';
import { setupTensorflow, type SetupOutcome } from './setup-tensorflow.js';

/** `setup tensorflow`: build tfjs-node's addon against a pinned TensorFlow wheel's libtensorflow. */
export async function runSetupTensorflow(options: Readonly<Record<string, unknown>>, common: SetupCommon): Promise<SetupResult> {
  const cacheDir = typeof options.cacheDir === 'string' ? options.cacheDir : undefined;
  const outcome = await setupTensorflow({ ...common, cacheDir });
  return { outcome, render: (seconds) => renderSetupText(outcome, seconds) };
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
