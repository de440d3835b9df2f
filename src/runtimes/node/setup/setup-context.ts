import { resolveCacheDir } from '../../../cache-dir.js';
import { TENSORFLOW_WHEELS, type TensorflowWheel } from '../tensorflow-pins.js';

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

/** What every stage of `setup tensorflow` works with: the options, resolved once. */
export interface SetupContext {
  readonly env: NodeJS.ProcessEnv;
  /** One line per step, for progress. */
  readonly step: (line: string) => void;
  readonly signal: AbortSignal | undefined;
  readonly python: string;
  /** Compile the addon, even where a kept build of the same sources could be placed. */
  readonly force: boolean;
  /** Downloads, extracted libraries, kept addons, and the build's staging folder. */
  readonly cacheDir: string;
  readonly wheels: readonly TensorflowWheel[];
}

export function resolveSetupContext(options: SetupTensorflowOptions): SetupContext {
  const env = options.env ?? process.env;
  return {
    env,
    step: options.onStep ?? (() => undefined),
    signal: options.signal,
    python: options.python ?? 'python3',
    force: options.force === true,
    cacheDir: resolveCacheDir(options.cacheDir, env),
    wheels: options.wheels ?? TENSORFLOW_WHEELS,
  };
}
