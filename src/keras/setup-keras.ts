import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ReproError } from '../errors.js';
import { runTool } from '../setup/run-tool.js';
import {
  KERAS_REQUIREMENTS,
  SETUP_KERAS_COMMAND,
  SETUP_MARKER,
  readSetupRecord,
  requirementsSha256,
  resolveKerasVenv,
  venvPython,
  type KerasSetupRecord,
} from './keras-environment.js';

export interface SetupKerasOptions {
  /** Recreate the environment even when it holds the current lock. @default false */
  readonly force?: boolean;
  /** The Python that creates the environment (3.11 with venv and pip). @default 'python3' */
  readonly python?: string;
  /** @default $TFJS_REPRO_KERAS_VENV, else .venv-keras in the package's folder */
  readonly venv?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  readonly onStep?: (line: string) => void;
}

export type SetupKerasOutcome =
  | { readonly kind: 'already-set-up'; readonly venv: string; readonly record: KerasSetupRecord }
  | { readonly kind: 'installed'; readonly venv: string; readonly record: KerasSetupRecord; readonly sizeBytes: number };

/** The distributions whose versions a run's provenance and the set-up's record name. */
const RECORDED = ['keras', 'tensorflow-cpu', 'jax', 'jaxlib', 'torch', 'numpy'] as const;
/** The Python the pins were resolved for (wheels with compiled parts are per Python minor version). */
export const PINNED_PYTHON = '3.11';

/**
 * `tfjs-repro setup keras`: a virtual environment with exactly the pinned packages of
 * python/requirements-keras.txt (Keras 3, TensorFlow CPU, JAX, PyTorch CPU), from the Python
 * package index only. Idempotent (a finished environment of the current lock is left alone);
 * built in a staging folder and renamed into place, so a failure leaves nothing half-made.
 */
export async function setupKeras(options: SetupKerasOptions = {}): Promise<SetupKerasOutcome> {
  const env = options.env ?? process.env;
  const step = options.onStep ?? (() => undefined);
  const venv = options.venv === undefined ? resolveKerasVenv(env) : path.resolve(options.venv);
  const sha256 = requirementsSha256();
  const existing = readSetupRecord(venv);
  if (options.force !== true && existing?.requirementsSha256 === sha256) return { kind: 'already-set-up', venv, record: existing };

  const python = options.python ?? 'python3';
  const version = await runTool(python, ['-c', 'import sys, venv, ensurepip; print("%d.%d" % sys.version_info[:2])'], {
    env: toolEnv(env),
    signal: options.signal,
  });
  if (version.kind === 'failed')
    throw failed(
      `${python} cannot create a virtual environment (${version.reason}${version.tail ? `: ${lastLine(version.tail)}` : ''})`,
      `install Python ${PINNED_PYTHON} with its venv module (Debian: apt-get install python3-venv), or name one with --python`,
    );
  if (version.stdout.trim() !== PINNED_PYTHON)
    throw failed(
      `${python} is Python ${version.stdout.trim()}; the pinned wheels are for Python ${PINNED_PYTHON}`,
      `name a Python ${PINNED_PYTHON} with --python`,
    );

  const staging = `${venv}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    step(`creating a virtual environment with ${python} (Python ${PINNED_PYTHON})`);
    await mustRun(python, ['-m', 'venv', staging], env, options.signal, 'could not create the virtual environment');
    step(
      `installing the pinned packages of ${path.relative(process.cwd(), KERAS_REQUIREMENTS) || KERAS_REQUIREMENTS} (Keras, TensorFlow CPU, JAX, PyTorch CPU; ~3 GB installed)`,
    );
    await mustRun(
      venvPython(staging),
      ['-m', 'pip', 'install', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check', '--no-input', '-r', KERAS_REQUIREMENTS],
      env,
      options.signal,
      'pip could not install the pinned packages',
    );
    step('checking the installed versions');
    const listed = await runTool(venvPython(staging), ['-c', VERSIONS_SCRIPT, ...RECORDED], { env: toolEnv(env), signal: options.signal });
    if (listed.kind === 'failed')
      throw failed(`the new environment does not answer (${listed.reason}): ${lastLine(listed.tail)}`, 'run the command again with --force');
    const record: KerasSetupRecord = {
      format: 'tfjs-repro/keras-environment',
      requirementsSha256: sha256,
      ...(JSON.parse(listed.stdout) as Omit<KerasSetupRecord, 'format' | 'requirementsSha256'>),
    };
    await writeFile(path.join(staging, SETUP_MARKER), `${JSON.stringify(record, null, 2)}\n`);
    // Virtual environments record their own path in scripts; pip and the python binary resolve it at
    // start-up, but `bin/activate` and entry points name the staging folder. The child runs
    // bin/python directly, which works from the renamed folder.
    await rm(venv, { recursive: true, force: true });
    await mkdir(path.dirname(venv), { recursive: true });
    await rename(staging, venv);
    const size = await runTool('du', ['-sb', venv], { signal: options.signal });
    return { kind: 'installed', venv, record, sizeBytes: size.kind === 'ok' ? Number.parseInt(size.stdout, 10) : Number.NaN };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

const VERSIONS_SCRIPT = `
import json, platform, sys
from importlib.metadata import version, PackageNotFoundError
packages = {}
for name in sys.argv[1:]:
    try:
        packages[name] = version(name)
    except PackageNotFoundError:
        sys.exit("not installed: " + name)
print(json.dumps({"python": platform.python_version(), "packages": packages}))
`;

async function mustRun(file: string, args: readonly string[], env: NodeJS.ProcessEnv, signal: AbortSignal | undefined, what: string): Promise<void> {
  const result = await runTool(file, args, { env: toolEnv(env), signal });
  if (result.kind === 'failed')
    throw failed(
      `${what} (${result.command}: ${result.reason})${result.tail ? `\n${result.tail.trimEnd().split('\n').slice(-8).join('\n')}` : ''}`,
      'check that the Python package index is reachable (pip names the package it could not get above), then run the command again',
    );
}

/** pip and venv need the usual environment (HOME for pip's cache, proxies); nothing project-specific. */
function toolEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('PYTHON')));
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

function failed(what: string, fix: string): ReproError {
  return new ReproError('setup-failed', `setup keras: ${what}\nWhat to do: ${fix}, then run \`${SETUP_KERAS_COMMAND}\` again.`);
}
