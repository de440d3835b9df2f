import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../../run/run-tool.js';
import { keepOnly } from '../../cache-dir.js';
import { KERAS_REQUIREMENTS, TORCH_REQUIREMENTS, type TorchBuild } from './keras-environment.js';

/**
 * The installed files of a proven Keras environment, kept as hard links in the tfjs-repro cache
 * folder (`<cache>/keras-env/<key>/site-packages`): the next environment of the same lists on this
 * machine (another clone, a worktree, a removed .venv-keras) takes them in about a second instead
 * of pip's ~40 s and ~60 CPU-seconds of unpacking 2.8 GB. Hard links share the files' space, so
 * nothing is stored twice while an environment holds them; only the newest key is kept. An
 * environment made from them is proven as a pip-made one is (each backend imports and trains a
 * step); `setup keras --force` installs with pip and keeps its files instead.
 */
export interface KeptInstall {
  /** Which of PyTorch's lists went in (null: none could). */
  readonly torchBuild: TorchBuild | null;
  /** Backends that pip could not install, with why (a proof failure is never kept). */
  readonly unavailable: Readonly<Record<string, string>>;
}

const FORMAT = 'tfjs-repro/keras-env 1';
const META = 'kept.json';
/** pip's settings that decide where it finds wheels: `--torch auto` installs what they offer. */
const PIP_SOURCES = ['PIP_FIND_LINKS', 'PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'PIP_NO_INDEX', 'PIP_CONFIG_FILE'] as const;

export interface KeptInstallKey {
  /** The creating Python's `sys.version` and executable: the wheels and the venv layout are its. */
  readonly python: string;
  /** What `--torch` asked for. */
  readonly torch: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Everything that decides what pip installs: the lists, --torch, the Python, the platform and pip's sources. */
export function keptInstallKey(key: KeptInstallKey): string {
  const hash = createHash('sha256').update(JSON.stringify([FORMAT, key.python, key.torch, process.platform, process.arch]));
  for (const list of [KERAS_REQUIREMENTS, TORCH_REQUIREMENTS.cpu, TORCH_REQUIREMENTS.cuda]) hash.update(readFileSync(list));
  for (const name of PIP_SOURCES) hash.update(`\n${name}=${key.env[name] ?? ''}`);
  return hash.digest('hex').slice(0, 24);
}

export const keptInstallDir = (cacheDir: string, key: string): string => path.join(cacheDir, 'keras-env', key);

/** Whether files are kept under `key` (they may still fail to link: see takeKeptInstall). */
export const hasKeptInstall = (cacheDir: string, key: string): boolean => existsSync(path.join(keptInstallDir(cacheDir, key), META));

/**
 * Puts the kept files of `key` in place of `site` (hard links); undefined, with `site` untouched,
 * when there are none or they cannot be linked (another file system, no GNU cp).
 */
export async function takeKeptInstall(cacheDir: string, key: string, site: string, signal?: AbortSignal): Promise<KeptInstall | undefined> {
  const entry = keptInstallDir(cacheDir, key);
  let kept: KeptInstall;
  try {
    kept = JSON.parse(await readFile(path.join(entry, META), 'utf8')) as KeptInstall;
  } catch {
    return undefined;
  }
  const linked = `${site}.kept`;
  await rm(linked, { recursive: true, force: true });
  const copy = await runTool('cp', ['-al', path.join(entry, 'site-packages'), linked], { signal });
  if (copy.kind === 'failed') {
    await rm(linked, { recursive: true, force: true });
    return undefined;
  }
  await rm(site, { recursive: true, force: true });
  await rename(linked, site);
  return kept;
}

/**
 * Keeps `site`'s files (hard links) under `key`, replacing every other key's; false when they
 * cannot be kept (a cache that cannot be written only costs the time it would have saved).
 */
export async function keepInstall(cacheDir: string, key: string, site: string, kept: KeptInstall, signal?: AbortSignal): Promise<boolean> {
  return keepOnly(path.join(cacheDir, 'keras-env'), key, async (dir) => {
    const copy = await runTool('cp', ['-al', site, path.join(dir, 'site-packages')], { signal });
    if (copy.kind === 'failed') throw new Error(copy.reason);
    await writeFile(path.join(dir, META), `${JSON.stringify(kept, null, 2)}\n`);
  });
}

/** Forgets the kept files of `key` (they did not prove). */
export async function dropKeptInstall(cacheDir: string, key: string): Promise<void> {
  await rm(keptInstallDir(cacheDir, key), { recursive: true, force: true });
}
