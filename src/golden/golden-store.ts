import { open, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ReproError } from '../errors.js';
import { DEFAULT_RUNTIME, runtimeFilePrefix } from '../runtimes/runtime-profiles.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import { readJsonFile, serializeJson, writeFileAtomic } from '../trajectory/trajectory-file.js';
import type { GoldenFile } from './golden-file.js';
import { parseGolden } from './parse-golden.js';

export { DEFAULT_GOLDEN_DIR } from './golden-dir.js';

/** `<dir>/<scenario>/<backend>.json` for Node runs, `<dir>/<scenario>/chromium-<backend>.json` for the browser. */
export function goldenPath(dir: string, scenario: string, backend: string, runtime: RuntimeName = DEFAULT_RUNTIME): string {
  return path.join(dir, scenario, `${runtimeFilePrefix(runtime)}${backend}.json`);
}

/** Every `*.json` file one level below each scenario folder of `dir`, sorted. */
export async function listGoldenFiles(dir: string): Promise<string[]> {
  let scenarios: string[];
  try {
    scenarios = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    throw new ReproError('input-file', `--dir ${dir}: cannot list golden files (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  const files: string[] = [];
  for (const scenario of scenarios.sort()) {
    const entries = await readdir(path.join(dir, scenario));
    files.push(
      ...entries
        .filter((name) => name.endsWith('.json'))
        .sort()
        .map((name) => path.join(dir, scenario, name)),
    );
  }
  return files;
}

export async function readGoldenFile(file: string): Promise<GoldenFile> {
  return parseGolden(await readJsonFile(file, 'a golden file written by `tfjs-repro golden update`'), file);
}

export async function writeGoldenFile(file: string, golden: GoldenFile): Promise<void> {
  await writeFileAtomic(file, serializeJson(golden));
}

/**
 * An exclusive lock on a golden folder for the length of `body`, so that two `golden update`
 * runs cannot interleave their writes. The lock file holds the owner's pid: a lock whose process
 * no longer exists (a killed update) is taken over, and `onStale` says so.
 */
export async function withGoldenLock<T>(dir: string, body: () => Promise<T>, onStale: (message: string) => void = () => undefined): Promise<T> {
  const lock = path.join(dir, '.tfjs-repro.lock');
  let handle = await tryLock(lock);
  if (handle === undefined) {
    const owner = (await readFile(lock, 'utf8').catch(() => '')).trim();
    if (isAlive(owner)) {
      throw new ReproError('usage', `${dir}: another golden update${owner === '' ? '' : ` (pid ${owner})`} holds ${lock}; wait for it to finish`);
    }
    onStale(`${lock}: taking over a stale lock of pid ${owner || '?'}, which no longer runs (a killed golden update)`);
    await rm(lock, { force: true });
    handle = await tryLock(lock);
    if (handle === undefined) throw new ReproError('usage', `${dir}: another golden update took ${lock} just now; wait for it to finish`);
  }
  try {
    await handle.writeFile(String(process.pid));
    await handle.close();
    return await body();
  } finally {
    await rm(lock, { force: true });
  }
}

async function tryLock(lock: string) {
  try {
    return await open(lock, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
}

/**
 * Whether a pid names a running process (signal 0 tests without signalling). An empty or
 * unreadable pid counts as alive (its owner may be writing it just now): never break a lock on a guess.
 */
function isAlive(pid: string): boolean {
  if (!/^\d+$/.test(pid)) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
