import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ReproError } from '../../../errors.js';
import { buildAddon, dropKeptAddon } from './build-addon.js';
import { findBuildTools } from './build-tools.js';
import { exportedSymbols, missingSymbols, requiredSymbols } from './binding-symbols.js';
import { resolveCacheDir } from '../../../cache-dir.js';
import { extractWheel, fetchWheel, libtensorflowDir } from './fetch-wheel.js';
import { probeTensorflow } from './probe-runner.js';
import {
  SUPPORTED_PLATFORM,
  TENSORFLOW_WHEELS,
  TFJS_NODE_ISSUE,
  TFJS_NODE_PACKAGE,
  TFJS_NODE_VERSION,
  WHEEL_LIBRARIES,
  type TensorflowWheel,
} from '../../../tfjs/tensorflow-pins.js';
import { addonPathOf } from '../../../tfjs/tensorflow-addon.js';
import { ensureTfjsNodePackage } from './tfjs-node-package.js';

export interface SetupTensorflowOptions {
  /** Rebuild even when tfjs-node already loads and trains (compiling, not placing a kept build). @default false */
  readonly force?: boolean;
  /** The Python whose pip downloads the wheel. @default 'python3' */
  readonly python?: string;
  /** Downloads and extracted libraries. @default $TFJS_REPRO_CACHE_DIR, else $XDG_CACHE_HOME/tfjs-repro, else ~/.cache/tfjs-repro */
  readonly cacheDir?: string;
  /** Candidates, tried in order. @default TENSORFLOW_WHEELS */
  readonly wheels?: readonly TensorflowWheel[];
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  /** One line per step, for progress. */
  readonly onStep?: (line: string) => void;
}

export type SetupOutcome =
  | { readonly kind: 'already-working'; readonly libtensorflow: string }
  | {
      readonly kind: 'installed';
      readonly libtensorflow: string;
      readonly wheel: TensorflowWheel;
      /** 0 when the cache held the wheel. */
      readonly downloadedBytes: number;
      readonly wheelBytes: number;
      readonly cacheDir: string;
      /** Candidates that could not serve, with why. */
      readonly skipped: readonly string[];
      /** The addon was placed from the cache folder (built before from the same sources), not compiled. */
      readonly keptAddon?: string;
    };

/**
 * `tfjs-repro setup tensorflow`: make `--backend tensorflow` work without the host tfjs-node's
 * install script downloads from (tensorflow/tfjs#8742). Idempotent; every failure is one
 * ReproError('setup-failed') that says what to do, and nothing is placed in tfjs-node's folder
 * before a build has succeeded.
 */
export async function setupTensorflow(options: SetupTensorflowOptions = {}): Promise<SetupOutcome> {
  const env = options.env ?? process.env;
  const step = options.onStep ?? (() => undefined);
  if (options.force !== true) {
    const probe = await probeTensorflow(env);
    if (probe.kind === 'works') return { kind: 'already-working', libtensorflow: probe.libtensorflow };
    step(`${TFJS_NODE_PACKAGE} does not train yet: ${probe.reason}`);
  }
  if (process.platform !== SUPPORTED_PLATFORM.platform || process.arch !== SUPPORTED_PLATFORM.arch) {
    throw failed(
      `the pinned TensorFlow wheels are for ${SUPPORTED_PLATFORM.platform}/${SUPPORTED_PLATFORM.arch}; this is ${process.platform}/${process.arch}`,
      'use --backend cpu or wasm here',
    );
  }
  const python = options.python ?? 'python3';
  const { tools, missing } = await findBuildTools({ python, env, execPath: process.execPath });
  if (tools === undefined)
    throw failed(`missing build tools:\n${missing.map((line) => `  - ${line}`).join('\n')}`, 'install them and run `npx tfjs-repro setup tensorflow` again');

  step(`checking ${TFJS_NODE_PACKAGE}@${TFJS_NODE_VERSION}'s package files`);
  const pkg = await ensureTfjsNodePackage(options.signal);
  if (pkg.kind === 'failed') throw failed(pkg.reason, 'check that the npm registry is reachable, then run the command again');
  if (pkg.installed === true) step(`installed ${TFJS_NODE_PACKAGE}@${TFJS_NODE_VERSION}'s files with install scripts off`);
  const addonPath = addonPathOf(pkg.dir);

  const cacheDir = resolveCacheDir(options.cacheDir, env);
  const skipped: string[] = [];
  for (const wheel of options.wheels ?? TENSORFLOW_WHEELS) {
    const label = `${wheel.distribution} ${wheel.version}`;
    step(`${label}: fetching ${wheel.file} into ${path.join(cacheDir, 'wheels')}`);
    const fetched = await fetchWheel(wheel, cacheDir, python, options.signal);
    if (fetched.kind === 'failed') {
      skipped.push(`${label}: ${fetched.reason}`);
      continue;
    }
    const libDir = libtensorflowDir(cacheDir, wheel);
    const extracted = await extractWheel(fetched.wheelFile, libDir, python, options.signal);
    if (extracted.kind === 'failed') {
      skipped.push(`${label}: ${extracted.reason}`);
      continue;
    }
    step(`${label}: ${WHEEL_LIBRARIES.join(', ')} and the C headers ${extracted.cached ? 'already extracted in' : 'extracted into'} ${libDir}`);
    const symbols = await checkSymbols(pkg.dir, libDir);
    if (symbols !== undefined) {
      skipped.push(`${label}: ${symbols}`);
      step(`${label}: ${symbols}; trying the next candidate`);
      continue;
    }
    const proven = await buildAndProve(
      // --force compiles: it is what a user runs when the addon is in doubt.
      { packageDir: pkg.dir, libDir, wheel, tools, addonPath, workDir: cacheDir, signal: options.signal, rebuild: options.force === true },
      env,
      (line) => step(`${label}: ${line}`),
    );
    if (proven.kind === 'failed') {
      skipped.push(`${label}: ${proven.reason}`);
      continue;
    }
    return {
      kind: 'installed',
      libtensorflow: proven.libtensorflow,
      wheel,
      downloadedBytes: fetched.downloaded ? fetched.bytes : 0,
      wheelBytes: fetched.bytes,
      cacheDir,
      skipped,
      ...(proven.kept === undefined ? {} : { keptAddon: proven.kept }),
    };
  }
  throw failed(
    `no pinned TensorFlow wheel could serve tfjs-node's addon:\n${skipped.map((line) => `  - ${line}`).join('\n')}`,
    'fix the first problem above and run `npx tfjs-repro setup tensorflow` again',
  );
}

/**
 * Builds (or places the kept build of) the addon and trains one batch with it. A kept addon that
 * does not train is forgotten and the addon compiled; a compiled one that does not train is removed
 * with its deps/, leaving tfjs-node as npm left it (a broken addon would fail every later run).
 */
async function buildAndProve(
  build: Parameters<typeof buildAddon>[0],
  env: NodeJS.ProcessEnv,
  step: (line: string) => void,
): Promise<{ kind: 'works'; libtensorflow: string; kept?: string } | { kind: 'failed'; reason: string }> {
  let built = await buildAddon({ ...build, onStep: step });
  if (built.kind === 'ok' && built.kept !== undefined) {
    step('training one batch on the tensorflow backend');
    const probe = await probeTensorflow(env);
    if (probe.kind === 'works') return { kind: 'works', libtensorflow: probe.libtensorflow, kept: built.kept };
    step(`the kept addon does not train (${probe.reason}); building it again`);
    await dropKeptAddon(built.kept);
    built = await buildAddon({ ...build, onStep: step, rebuild: true });
  }
  if (built.kind === 'failed') return built;
  step('training one batch on the tensorflow backend');
  const probe = await probeTensorflow(env);
  if (probe.kind === 'works') return { kind: 'works', libtensorflow: probe.libtensorflow };
  await rm(build.addonPath, { force: true });
  await rm(path.join(build.packageDir, 'deps'), { recursive: true, force: true });
  return { kind: 'failed', reason: `the built addon does not train: ${probe.reason}` };
}

/** Undefined when both libraries together export every function the binding calls; else which are missing, and from which files. */
async function checkSymbols(packageDir: string, libDir: string): Promise<string | undefined> {
  const required = await requiredSymbols(path.join(packageDir, 'binding'), path.join(libDir, 'include'));
  const exported = new Map<string, ReadonlySet<string>>();
  for (const lib of WHEEL_LIBRARIES) {
    const result = await exportedSymbols(path.join(libDir, 'lib', lib));
    if (result.kind === 'failed') return result.reason;
    exported.set(lib, result.symbols);
  }
  const missing = missingSymbols(required, exported);
  if (missing.length === 0) return undefined;
  return `${missing.length} of ${required.length} symbols the binding uses are exported by neither ${WHEEL_LIBRARIES.join(' nor ')}: ${missing.join(', ')}`;
}

function failed(what: string, fix: string): ReproError {
  return new ReproError(
    'setup-failed',
    `setup tensorflow: ${what}\nWhat to do: ${fix}. (Why this is needed: ${TFJS_NODE_PACKAGE}'s own install script downloads a prebuilt libtensorflow from Google's storage host, which refuses it or may be unreachable, ${TFJS_NODE_ISSUE}.)`,
  );
}
