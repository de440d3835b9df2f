import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KERAS_BACKENDS } from './keras-backends.js';

/**
 * Where the Keras runtime's pieces live. The Python side ships in the package's python/ folder;
 * the virtual environment is created by `tfjs-repro setup keras` in the package's own folder
 * (git-ignored), or where TFJS_REPRO_KERAS_VENV points.
 */
const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const KERAS_CHILD_SCRIPT = path.join(PACKAGE_ROOT, 'python', 'keras_child.py');
export const KERAS_REQUIREMENTS = path.join(PACKAGE_ROOT, 'python', 'requirements-keras.txt');
/** PyTorch's pinned lists, one per build: `setup keras --torch cpu|cuda` (auto: cpu where pip finds it). */
export const TORCH_REQUIREMENTS = {
  cpu: path.join(PACKAGE_ROOT, 'python', 'requirements-torch-cpu.txt'),
  cuda: path.join(PACKAGE_ROOT, 'python', 'requirements-torch-cuda.txt'),
} as const;
export type TorchBuild = keyof typeof TORCH_REQUIREMENTS;
/** The set-up's own proof that a backend works: import Keras on it and train one step. */
export const PROVE_BACKEND_SCRIPT = path.join(PACKAGE_ROOT, 'python', 'prove_backend.py');
export const DEFAULT_KERAS_VENV = path.join(PACKAGE_ROOT, '.venv-keras');
/** Written into the environment last, once every pinned package is installed: what it holds. */
export const SETUP_MARKER = 'tfjs-repro-keras.json';
export { KERAS_BACKENDS } from './keras-backends.js';
export const SETUP_KERAS_COMMAND = 'npx tfjs-repro setup keras';

export function resolveKerasVenv(env: NodeJS.ProcessEnv = process.env): string {
  return env.TFJS_REPRO_KERAS_VENV ? path.resolve(env.TFJS_REPRO_KERAS_VENV) : DEFAULT_KERAS_VENV;
}

export function venvPython(venv: string): string {
  return path.join(venv, 'bin', 'python');
}

/** What a finished set-up wrote: the lists it installed (by SHA-256), the versions that matter, what it could not prove. */
export interface KerasSetupRecord {
  readonly format: 'tfjs-repro/keras-environment';
  /** SHA-256 of the lists installed, in order (requirements-keras.txt, then torch's, if any). */
  readonly requirementsSha256: string;
  /** Which of PyTorch's lists went in, or null when none could. */
  readonly torchBuild: TorchBuild | null;
  /** What `--torch` asked for (auto, cpu, cuda or none): a set-up asked for another is not current. */
  readonly torchAsked: string;
  readonly python: string;
  readonly packages: Readonly<Record<string, string>>;
  /** Backends that did not pass the set-up's proof (import + one training step), with the reason and the fix. */
  readonly unavailable: Readonly<Partial<Record<string, string>>>;
}

export function readSetupRecord(venv: string): KerasSetupRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(path.join(venv, SETUP_MARKER), 'utf8')) as KerasSetupRecord;
    return record.format === 'tfjs-repro/keras-environment' ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why the keras runtime cannot run a backend here, or undefined when it can (as far as the
 * environment goes: a finished set-up of the current lock). Synchronous and cheap: no Python starts.
 */
export function kerasUnavailableReason(backend: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!(KERAS_BACKENDS as readonly string[]).includes(backend)) return `the keras runtime runs Keras 3 on ${KERAS_BACKENDS.join(', ')}, not ${backend}.`;
  const venv = resolveKerasVenv(env);
  if (!existsSync(venvPython(venv)))
    return `no Keras environment at ${venv}; run \`${SETUP_KERAS_COMMAND}\` (needs Python 3.11 with venv and pip, and the Python package index).`;
  const record = readSetupRecord(venv);
  if (record === undefined || record.unavailable === undefined)
    return `the Keras environment at ${venv} was not finished; run \`${SETUP_KERAS_COMMAND}\` again.`;
  if (record.requirementsSha256 !== requirementsSha256(record.torchBuild))
    return `the Keras environment at ${venv} holds an older lock than python/requirements-*.txt; run \`${SETUP_KERAS_COMMAND}\` again.`;
  const unavailable = record.unavailable[backend];
  if (unavailable !== undefined) return unavailable;
  // Cheap and on disk: a set-up whose files have gone since (a removed package) says so.
  const gone = BACKEND_MODULES[backend]!.find((module) => !existsSync(path.join(sitePackages(venv, record.python), module, '__init__.py')));
  if (gone !== undefined)
    return `the Keras environment at ${venv} has lost ${gone} (${gone}/__init__.py is missing); run \`${SETUP_KERAS_COMMAND}\` to repair it.`;
  return undefined;
}

/** The packages that Keras on each backend imports, as folders of site-packages. */
const BACKEND_MODULES: Readonly<Record<string, readonly string[]>> = {
  tensorflow: ['keras', 'tensorflow'],
  jax: ['keras', 'jax', 'jaxlib'],
  torch: ['keras', 'torch'],
};

export function sitePackages(venv: string, python: string): string {
  return path.join(venv, 'lib', `python${python.split('.').slice(0, 2).join('.')}`, 'site-packages');
}

/** SHA-256 of the pinned lists a set-up installs: it is current when it installed exactly these files. */
export function requirementsSha256(torchBuild: TorchBuild | null): string {
  const hash = createHash('sha256').update(readFileSync(KERAS_REQUIREMENTS));
  if (torchBuild !== null) hash.update(readFileSync(TORCH_REQUIREMENTS[torchBuild]));
  return hash.digest('hex');
}

/** The only scenario the Keras child builds (the seed experiment), with the optimizers it has. */
export const KERAS_SCENARIO = 'stateful-lstm-sine';
export const KERAS_OPTIMIZERS = ['adadelta', 'sgd'] as const;

export function kerasScenarioUnavailable(scenario: { readonly scenario: string; readonly optimizer: string }): string | undefined {
  if (scenario.scenario !== KERAS_SCENARIO) return `the keras runtime runs the seed experiment (${KERAS_SCENARIO}) only, not ${scenario.scenario}.`;
  if (!(KERAS_OPTIMIZERS as readonly string[]).includes(scenario.optimizer))
    return `the keras runtime trains with ${KERAS_OPTIMIZERS.join(' or ')}, not ${scenario.optimizer}.`;
  return undefined;
}
