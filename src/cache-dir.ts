import { mkdir, readdir, rename, rm } from 'node:fs/promises';
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

/**
 * Makes `<root>/<name>` the only entry under `root`: `fill` writes it into a partial folder, which is
 * renamed into place once whole. False, with nothing partial left, when it cannot be kept: a cache
 * that cannot be written only costs the time it would have saved.
 */
export async function keepOnly(root: string, name: string, fill: (dir: string) => Promise<void>): Promise<boolean> {
  const partial = path.join(root, `${name}.partial-${process.pid}`);
  try {
    await mkdir(partial, { recursive: true });
    await fill(partial);
    for (const entry of await readdir(root)) if (entry !== path.basename(partial)) await rm(path.join(root, entry), { recursive: true, force: true });
    await rename(partial, path.join(root, name));
    return true;
  } catch {
    await rm(partial, { recursive: true, force: true });
    return false;
  }
}
