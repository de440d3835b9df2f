import os from 'node:os';
import type { SpawnRunOptions } from '../run/spawn-options.js';

/**
 * Ways to vary a child's environment that must not change a single bit of its numbers, in the
 * spirit of Debian's reprotest. Each is applied alone when the combined variation changes the
 * result, to name the culprit.
 */
export interface EnvVariation {
  readonly name: string;
  readonly description: string;
  readonly options: Pick<SpawnRunOptions, 'env' | 'cwd' | 'reverseEnvOrder' | 'umask'>;
}

export const ENV_VARIATIONS: readonly EnvVariation[] = [
  { name: 'timezone', description: 'TZ=Pacific/Chatham (UTC+12:45)', options: { env: { TZ: 'Pacific/Chatham' } } },
  { name: 'locale', description: 'LANG and LC_ALL tr_TR.UTF-8', options: { env: { LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' } } },
  { name: 'cwd', description: 'working directory: the system temp folder', options: { cwd: os.tmpdir() } },
  {
    name: 'extra-env',
    description: 'unrelated variables (HOME, USER, a 4 kB value)',
    options: { env: { HOME: '/nonexistent', USER: 'reprotest', TFJS_REPRO_UNRELATED: 'x'.repeat(4096) } },
  },
  { name: 'env-order', description: 'environment variables in reverse order', options: { reverseEnvOrder: true } },
  { name: 'umask', description: 'umask 077', options: { umask: 0o077 } },
];

/** All variations at once. */
export function combineVariations(variations: readonly EnvVariation[]): EnvVariation['options'] {
  let combined: EnvVariation['options'] = {};
  for (const { options } of variations) {
    combined = { ...combined, ...options, env: { ...combined.env, ...options.env } };
  }
  return combined;
}

/** The named sets a run may vary its environment by. */
export type VariationSet = 'varied' | 'threads';
