import path from 'node:path';
import { resolveCacheDir } from '../../../cache-dir.js';
import { resolveKerasVenv, type KerasSetupRecord } from '../keras-environment.js';

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

/** What every stage of `setup keras` works with: the options, resolved once. */
export interface SetupContext {
  readonly env: NodeJS.ProcessEnv;
  /** One line per step, for progress. */
  readonly step: (line: string) => void;
  readonly signal: AbortSignal | undefined;
  readonly venv: string;
  /** Where the environment is made before it is renamed into place: a failure leaves nothing half-made. */
  readonly staging: string;
  readonly python: string;
  readonly torch: TorchChoice;
  readonly force: boolean;
  /** Where the installed files of a proven environment are kept for the next one. */
  readonly cacheDir: string;
}

/** The context of an install, once the Python is checked: the key its files are kept (and looked for) under. */
export interface InstallContext extends SetupContext {
  readonly keptKey: string;
}

export function resolveSetupContext(options: SetupKerasOptions): SetupContext {
  const env = options.env ?? process.env;
  const venv = options.venv === undefined ? resolveKerasVenv(env) : path.resolve(options.venv);
  return {
    env,
    step: options.onStep ?? (() => undefined),
    signal: options.signal,
    venv,
    staging: `${venv}.staging-${process.pid}`,
    python: options.python ?? 'python3',
    torch: options.torch ?? 'auto',
    force: options.force === true,
    cacheDir: resolveCacheDir(undefined, env),
  };
}
