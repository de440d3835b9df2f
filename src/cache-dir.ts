import os from 'node:os';
import path from 'node:path';

/**
 * Where tfjs-repro keeps what it downloads or unpacks between runs (the TensorFlow wheel and its
 * libraries, the npm-shipped Chromium): `explicit`, else `$TFJS_REPRO_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/tfjs-repro`, else `~/.cache/tfjs-repro`. Never inside a repository.
 */
export function resolveCacheDir(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  if (explicit !== undefined) return path.resolve(explicit);
  if (env.TFJS_REPRO_CACHE_DIR) return path.resolve(env.TFJS_REPRO_CACHE_DIR);
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'tfjs-repro');
}
