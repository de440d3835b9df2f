import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ReproError } from '../../errors.js';
import { runTool, type ToolResult } from '../../setup/run-tool.js';
import { resolveCacheDir } from '../../cache-dir.js';
import { dropKeptInstall, hasKeptInstall, keepInstall, keptInstallDir, keptInstallKey, takeKeptInstall, type KeptInstall } from './kept-install.js';
import {
  KERAS_REQUIREMENTS,
  PROVE_BACKEND_SCRIPT,
  SETUP_KERAS_COMMAND,
  SETUP_MARKER,
  TORCH_REQUIREMENTS,
  readSetupRecord,
  requirementsSha256,
  resolveKerasVenv,
  sitePackages,
  venvPython,
  KERAS_BACKENDS,
  type KerasSetupRecord,
  type TorchBuild,
} from './keras-environment.js';

export interface SetupKerasOptions {
  /** Recreate the environment even when it holds the current lock. @default false */
  readonly force?: boolean;
  /**
   * Which PyTorch: `cpu` (its CPU build, which the Python package index does not have for Linux
   * x86_64: only where pip's sources hold it), `cuda` (the index's CUDA build with its NVIDIA
   * packages, 2.74 GB to download), `none`, or `auto`: the CPU build where pip finds it, else none
   * (keras/torch then says "not available" and how to add it). @default 'auto'
   */
  readonly torch?: TorchChoice;
  /** The Python that creates the environment (3.11 with venv and pip). @default 'python3' */
  readonly python?: string;
  /** @default $TFJS_REPRO_KERAS_VENV, else .venv-keras in the package's folder */
  readonly venv?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  readonly onStep?: (line: string) => void;
}

export const TORCH_CHOICES = ['auto', 'cpu', 'cuda', 'none'] as const;
export type TorchChoice = (typeof TORCH_CHOICES)[number];

export type SetupKerasOutcome =
  | { readonly kind: 'already-set-up'; readonly venv: string; readonly record: KerasSetupRecord }
  | {
      readonly kind: 'installed';
      readonly venv: string;
      readonly record: KerasSetupRecord;
      readonly sizeBytes: number;
      readonly repaired?: string;
      /** Where the installed files came from, when an earlier proven environment's were kept (hard links). */
      readonly keptFrom?: string;
    };

/** The distributions whose versions a run's provenance and the set-up's record name. */
const RECORDED = ['keras', 'tensorflow-cpu', 'jax', 'jaxlib', 'torch', 'numpy'] as const;
/** The Python the pins were resolved for (wheels with compiled parts are per Python minor version). */
export const PINNED_PYTHON = '3.11';
const ADD_TORCH = `Run \`${SETUP_KERAS_COMMAND} --torch cuda\` to install the Python package index's CUDA build of PyTorch 2.13.0 with its pinned NVIDIA packages (2.74 GB to download; it trains on the CPU too), or put a CPU wheel of torch 2.13.0 where pip finds it (e.g. a folder in PIP_FIND_LINKS) and run \`${SETUP_KERAS_COMMAND} --force\``;

/**
 * `tfjs-repro setup keras`: a virtual environment with exactly the pinned packages of
 * python/requirements-keras.txt (Keras 3, TensorFlow CPU, JAX) and one of PyTorch's pinned lists,
 * from pip's configured sources (the Python package index). Each backend is then proven (Keras
 * imports on it and trains a step); one that cannot be had is recorded "not available" with the
 * reason and the command that adds it, and the others keep working. Idempotent: an environment of
 * the current lists whose files are all on disk is left alone, a damaged one is rebuilt. Built in a
 * staging folder and renamed into place, so a failure leaves nothing half-made.
 */
export async function setupKeras(options: SetupKerasOptions = {}): Promise<SetupKerasOutcome> {
  const env = options.env ?? process.env;
  const step = options.onStep ?? (() => undefined);
  const venv = options.venv === undefined ? resolveKerasVenv(env) : path.resolve(options.venv);
  const torch = options.torch ?? 'auto';
  const existing = readSetupRecord(venv);
  let repaired: string | undefined;
  if (options.force !== true && existing?.unavailable !== undefined && isCurrent(existing, torch)) {
    const missing = await missingFiles(sitePackages(venv, existing.python));
    if (missing.length === 0) return { kind: 'already-set-up', venv, record: existing };
    repaired = `${missing.length} installed file(s) were missing (e.g. ${missing[0]})`;
    step(`the environment at ${venv} is damaged: ${repaired}; rebuilding it`);
  }

  const python = options.python ?? 'python3';
  const keptKey = await keptKeyFor(python, torch, env, options.signal);
  const cacheDir = resolveCacheDir(undefined, env);

  const staging = `${venv}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    // --force installs with pip: it is what a user runs when the environment's files are in doubt.
    const kept = options.force === true ? undefined : await venvFromKept(python, staging, cacheDir, keptKey, env, step, options.signal);
    const installed = kept ?? (await venvByPip(python, staging, torch, env, step, options.signal));
    const site = sitePackages(staging, PINNED_PYTHON);
    const torchBuild = installed.torchBuild;
    const unavailable: Record<string, string> = { ...installed.unavailable };

    await proveBackends(staging, env, options.signal, step, unavailable);
    if (kept !== undefined && KERAS_BACKENDS.some((b) => unavailable[b] !== undefined && kept.unavailable[b] === undefined)) {
      // Kept files that do not prove are not trusted again: forget them and install with pip.
      await dropKeptInstall(cacheDir, keptKey);
      step(`the kept files did not prove (${Object.values(unavailable).join('; ')}); installing with pip instead`);
      await rm(staging, { recursive: true, force: true });
      return await setupKeras({ ...options, force: true });
    }
    if (KERAS_BACKENDS.every((b) => unavailable[b] !== undefined))
      throw failed(`no backend works in the new environment:\n${Object.values(unavailable).join('\n')}`, 'fix the reason above');

    // The children never write bytecode (PYTHONDONTWRITEBYTECODE): what they import must be
    // compiled here. The proofs compiled what importing each backend needs; Keras itself whole.
    await mustRun(venvPython(staging), ['-m', 'compileall', '-q', '-j', '0', kerasPackageDir(staging)], env, options.signal, 'could not byte-compile Keras');
    step('checking the installed versions');
    const listed = await runTool(venvPython(staging), ['-c', VERSIONS_SCRIPT, ...RECORDED], { env: toolEnv(env), wholeEnv: true, signal: options.signal });
    if (listed.kind === 'failed')
      throw failed(`the new environment does not answer (${listed.reason}): ${lastLine(listed.tail)}`, 'run the command again with --force');
    // Files that pip installed and every backend proved are kept for the next environment of these lists.
    if (kept === undefined && KERAS_BACKENDS.every((b) => unavailable[b] === installed.unavailable[b]))
      await keepInstall(cacheDir, keptKey, site, installed, options.signal);
    const record: KerasSetupRecord = {
      format: 'tfjs-repro/keras-environment',
      requirementsSha256: requirementsSha256(torchBuild),
      torchBuild,
      torchAsked: torch,
      ...(JSON.parse(listed.stdout) as Pick<KerasSetupRecord, 'python' | 'packages'>),
      unavailable,
    };
    await writeFile(path.join(staging, SETUP_MARKER), `${JSON.stringify(record, null, 2)}\n`);
    // Virtual environments record their own path in scripts; pip and the python binary resolve it at
    // start-up, but `bin/activate` and entry points name the staging folder. The child runs
    // bin/python directly, which works from the renamed folder.
    await rm(venv, { recursive: true, force: true });
    await mkdir(path.dirname(venv), { recursive: true });
    await rename(staging, venv);
    const size = await runTool('du', ['-sb', venv], { signal: options.signal });
    return {
      kind: 'installed',
      venv,
      record,
      sizeBytes: size.kind === 'ok' ? Number.parseInt(size.stdout, 10) : Number.NaN,
      ...(repaired === undefined ? {} : { repaired }),
      ...(kept === undefined ? {} : { keptFrom: keptInstallDir(cacheDir, keptKey) }),
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** The key under which the set-up keeps (and looks for) installed files: this Python (checked), --torch and pip's sources. */
export async function keptKeyFor(python: string, torch: TorchChoice, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<string> {
  return keptInstallKey({ python: await checkPython(python, env, signal), torch, env });
}

/** The Python that makes the environment: it has venv and ensurepip, and is the Python the pinned wheels are for. */
async function checkPython(python: string, env: NodeJS.ProcessEnv, signal: AbortSignal | undefined): Promise<string> {
  const version = await runTool(python, ['-c', 'import sys, venv, ensurepip; print("%d.%d" % sys.version_info[:2]); print(sys.executable, sys.version)'], {
    env: toolEnv(env),
    wholeEnv: true,
    signal,
  });
  if (version.kind === 'failed')
    throw failed(
      `${python} cannot create a virtual environment (${version.reason}${version.tail ? `: ${lastLine(version.tail)}` : ''})`,
      `install Python ${PINNED_PYTHON} with its venv module (Debian: apt-get install python3-venv), or name one with --python`,
    );
  const [minor = '', build = ''] = version.stdout.trim().split('\n');
  if (minor !== PINNED_PYTHON)
    throw failed(`${python} is Python ${minor}; the pinned wheels are for Python ${PINNED_PYTHON}`, `name a Python ${PINNED_PYTHON} with --python`);
  return build;
}

/**
 * A virtual environment of the kept files of an earlier proven environment of the same key, if
 * there are: made without pip (the kept files hold the pip that ensurepip put in: ~10 s and 8
 * CPU-seconds less), then the files linked in. Undefined, and nothing left at `staging`, otherwise.
 */
async function venvFromKept(
  python: string,
  staging: string,
  cacheDir: string,
  key: string,
  env: NodeJS.ProcessEnv,
  step: (line: string) => void,
  signal: AbortSignal | undefined,
): Promise<KeptInstall | undefined> {
  if (!hasKeptInstall(cacheDir, key)) return undefined;
  step(
    `creating a virtual environment with ${python} (Python ${PINNED_PYTHON}) of the installed files of an earlier proven environment of the same lists (hard links from ${keptInstallDir(cacheDir, key)})`,
  );
  await mustRun(python, ['-m', 'venv', '--without-pip', staging], env, signal, 'could not create the virtual environment');
  const kept = await takeKeptInstall(cacheDir, key, sitePackages(staging, PINNED_PYTHON), signal);
  if (kept === undefined) await rm(staging, { recursive: true, force: true });
  return kept;
}

/** A virtual environment at `staging` into which pip installs the keras list (in two halves) and PyTorch's list side by side. */
async function venvByPip(
  python: string,
  staging: string,
  torch: TorchChoice,
  env: NodeJS.ProcessEnv,
  step: (line: string) => void,
  signal: AbortSignal | undefined,
): Promise<KeptInstall> {
  step(`creating a virtual environment with ${python} (Python ${PINNED_PYTHON})`);
  await mustRun(python, ['-m', 'venv', staging], env, signal, 'could not create the virtual environment');
  step(`installing the pinned packages of ${relative(KERAS_REQUIREMENTS)} (Keras, TensorFlow CPU, JAX; ~2.3 GB installed)`);
  // Side by side with PyTorch's list, the keras list in two halves: pip installs one wheel after
  // another and spends its time unpacking and writing files (these installs: 32.6 s one after
  // another here, 22 s in these three processes). The lists are disjoint and installed with
  // --no-deps: no two processes write the same file.
  const pins = await pinsOf(KERAS_REQUIREMENTS);
  const halves = [pins.filter((_, i) => i % 2 === 0), pins.filter((_, i) => i % 2 === 1)];
  const unavailable: Record<string, string> = {};
  const [kerasList, torchList] = await Promise.allSettled([
    Promise.all(halves.map((half) => mustRun(venvPython(staging), pipInstall(half), env, signal, 'pip could not install the pinned packages'))),
    installTorch(staging, torch, env, signal, step, unavailable),
  ]);
  if (kerasList.status === 'rejected') throw kerasList.reason;
  if (torchList.status === 'rejected') throw torchList.reason;
  return { torchBuild: torchList.value, unavailable };
}

/** Each backend not already unavailable: Keras imports on it and trains one step; a failure is recorded as its reason. */
async function proveBackends(
  staging: string,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal | undefined,
  step: (text: string) => void,
  unavailable: Record<string, string>,
): Promise<void> {
  step(`proving each backend: Keras imports on ${KERAS_BACKENDS.filter((b) => unavailable[b] === undefined).join(', ')} and trains one step`);
  const proofs = await Promise.all(
    KERAS_BACKENDS.filter((b) => unavailable[b] === undefined).map(async (backend) => {
      const proof = await runTool(venvPython(staging), ['-s', PROVE_BACKEND_SCRIPT], {
        env: { ...toolEnv(env), KERAS_BACKEND: backend },
        wholeEnv: true,
        signal,
      });
      return { backend, proof };
    }),
  );
  for (const { backend, proof } of proofs) {
    if (proof.kind === 'failed')
      unavailable[backend] =
        `Keras on ${backend} did not train in the environment that \`${SETUP_KERAS_COMMAND}\` made (${lastLine(proof.tail)}); run \`${SETUP_KERAS_COMMAND} --force\` to rebuild it.`;
  }
}

/** A record of the current lists that has what this --torch asks for (auto is content with any PyTorch, or with auto's answer). */
function isCurrent(record: KerasSetupRecord, torch: TorchChoice): boolean {
  if (record.requirementsSha256 !== requirementsSha256(record.torchBuild ?? null)) return false;
  return torch === 'auto' ? record.torchAsked === 'auto' || record.torchBuild !== null : record.torchAsked === torch || record.torchBuild === torch;
}

/** Installs the PyTorch list asked for; returns which went in, or null (keras/torch then not available, with why). */
async function installTorch(
  staging: string,
  torch: TorchChoice,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal | undefined,
  step: (line: string) => void,
  unavailable: Record<string, string>,
): Promise<TorchBuild | null> {
  if (torch === 'none') {
    unavailable.torch = `PyTorch was left out (\`${SETUP_KERAS_COMMAND} --torch none\`). ${ADD_TORCH}.`;
    return null;
  }
  const build: TorchBuild = torch === 'cuda' ? 'cuda' : 'cpu';
  step(
    build === 'cuda'
      ? `installing PyTorch 2.13.0's CUDA build and its NVIDIA packages from ${relative(TORCH_REQUIREMENTS.cuda)} (2.74 GB to download)`
      : `installing PyTorch 2.13.0's CPU build from ${relative(TORCH_REQUIREMENTS.cpu)}${torch === 'auto' ? ' where pip can find it' : ''}`,
  );
  const result = await runTool(venvPython(staging), pipInstall(['-r', TORCH_REQUIREMENTS[build]], true), { env: toolEnv(env), wholeEnv: true, signal });
  if (result.kind === 'ok') return build;
  if (torch !== 'auto') throw pipFailed(result, `pip could not install PyTorch's ${build} build`);
  const why = result.tail.split('\n').find((line) => line.startsWith('ERROR: No matching distribution')) ?? lastLine(result.tail);
  step(`PyTorch's CPU build is not among pip's sources (${why}): keras/torch will be "not available"`);
  unavailable.torch = `PyTorch 2.13.0's CPU build is not among pip's sources here (pip: ${why}); the Python package index has only its CUDA build for this platform. ${ADD_TORCH}.`;
  return null;
}

/** The requirement lines of a pinned list (`name==version`), without its comments and blank lines. */
async function pinsOf(list: string): Promise<string[]> {
  return (await readFile(list, 'utf8'))
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}

/** pip's arguments for what it installs: pins, or `-r` and a list. */
function pipInstall(what: readonly string[], hashed = false): string[] {
  return [
    '-m',
    'pip',
    'install',
    // pip byte-compiles every module it installs (38 of the keras list's 55 CPU-seconds here);
    // the proofs below compile what Keras on each backend imports, and compileall the rest of Keras.
    '--no-compile',
    '--no-deps',
    '--only-binary=:all:',
    ...(hashed ? ['--require-hashes'] : []),
    '--disable-pip-version-check',
    '--no-input',
    ...what,
  ];
}

/**
 * Files that pip installed (each distribution's RECORD) and that are no longer on disk: a
 * set-up verifies what it promises instead of trusting its stamp. ~34,000 files, ~0.2 s.
 */
export async function missingFiles(site: string): Promise<string[]> {
  const missing: string[] = [];
  let entries: string[];
  try {
    entries = await readdir(site);
  } catch {
    return [site];
  }
  for (const entry of entries.filter((name) => name.endsWith('.dist-info'))) {
    let record: string;
    try {
      record = await readFile(path.join(site, entry, 'RECORD'), 'utf8');
    } catch {
      missing.push(path.join(entry, 'RECORD'));
      continue;
    }
    for (const line of record.split('\n')) {
      // path,sha256=…,size — the path may hold commas; the last two fields never do.
      const file = line.slice(0, line.lastIndexOf(',', line.lastIndexOf(',') - 1));
      if (file === '' || file.startsWith('..') || file.includes('__pycache__')) continue;
      if (!existsSync(path.join(site, file))) missing.push(file);
    }
  }
  return missing;
}

function relative(file: string): string {
  const inside = path.relative(process.cwd(), file);
  return inside === '' || inside.startsWith('..') ? file : inside;
}

const VERSIONS_SCRIPT = `
import json, platform, sys
from importlib.metadata import version, PackageNotFoundError
packages = {}
for name in sys.argv[1:]:
    try:
        packages[name] = version(name)
    except PackageNotFoundError:
        pass  # torch, where no PyTorch list went in
print(json.dumps({"python": platform.python_version(), "packages": packages}))
`;

async function mustRun(file: string, args: readonly string[], env: NodeJS.ProcessEnv, signal: AbortSignal | undefined, what: string): Promise<void> {
  const result = await runTool(file, args, { env: toolEnv(env), wholeEnv: true, signal });
  if (result.kind === 'failed') throw pipFailed(result, what);
}

function pipFailed(result: ToolResult & { kind: 'failed' }, what: string): ReproError {
  return failed(
    `${what} (${result.command}: ${result.reason})${result.tail ? `\n${result.tail.trimEnd().split('\n').slice(-8).join('\n')}` : ''}`,
    'check that the Python package index is reachable (pip names the package it could not get above), then run the command again',
  );
}

/** pip and venv need the usual environment (HOME for pip's cache, proxies); nothing project-specific. */
/**
 * The whole environment of the set-up's Python tools: the user's, without PYTHON* variables (a
 * PYTHONPATH or PYTHONHOME of theirs must not reach the new environment, and PYTHONDONTWRITEBYTECODE
 * would stop the proofs from compiling what the children import).
 */
function toolEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('PYTHON')));
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

function failed(what: string, fix: string): ReproError {
  return new ReproError('setup-failed', `setup keras: ${what}\nWhat to do: ${fix}, then run \`${SETUP_KERAS_COMMAND}\` again.`);
}

/** The Keras package folder in a new environment's site-packages (Python 3.11, the pinned wheels'). */
function kerasPackageDir(venv: string): string {
  return path.join(sitePackages(venv, PINNED_PYTHON), 'keras');
}
