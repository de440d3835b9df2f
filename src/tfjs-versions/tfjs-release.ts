import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ReproError } from '../errors.js';

/**
 * A published tfjs release, installed from the npm registry into the cache: one folder per
 * version (`<cache>/tfjs/<version>/node_modules/@tensorflow/…`), made in a staging folder and
 * renamed into place once whole, so a half-written one is never used. Two commands installing the
 * same version wait on one lock: one install, both use it.
 */

/** The packages of a version set: the union, core and layers, and the backends that run in Node and in a page. */
export const RELEASE_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu'] as const;
/** Installed when the release has them: some releases were published without (tfjs-backend-wasm has no 4.7.0 and no 4.18.0). */
export const OPTIONAL_RELEASE_PACKAGES = ['@tensorflow/tfjs-backend-wasm'] as const;

const VERSION_PATTERN = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
/** Written last into a complete folder: its absence means the folder is not to be used. */
const COMPLETE = 'tfjs-repro-release.json';
/** How long one npm install may take: 23 releases' packages are ~70 MB each, extracted to ~300 MB. */
const NPM_TIMEOUT_MS = 5 * 60_000;
/** A lock older than this is left by a killed install. */
const STALE_LOCK_MS = 10 * 60_000;

export function isReleaseVersion(text: string): boolean {
  return VERSION_PATTERN.test(text);
}

export function releaseDir(cacheDir: string, version: string): string {
  return path.join(cacheDir, 'tfjs', version);
}

/** Whether the version's folder is whole (installed and marked complete). */
export function isReleaseInstalled(cacheDir: string, version: string): boolean {
  return existsSync(path.join(releaseDir(cacheDir, version), COMPLETE));
}

export interface EnsureReleaseOptions {
  readonly cacheDir: string;
  /** Said once when an install starts (it takes seconds to half a minute). */
  readonly onInstall?: (version: string) => void;
}

const installs = new Map<string, Promise<string>>();

/** The folder of a whole installed release, installing it first if needed. */
export function ensureRelease(version: string, options: EnsureReleaseOptions): Promise<string> {
  const dir = releaseDir(options.cacheDir, version);
  let pending = installs.get(dir);
  if (pending === undefined) {
    pending = install(version, options);
    installs.set(dir, pending);
    pending.catch(() => installs.delete(dir));
  }
  return pending;
}

async function install(version: string, options: EnsureReleaseOptions): Promise<string> {
  if (!isReleaseVersion(version)) throw new ReproError('usage', `--tfjs: expected a published version such as 4.21.0, got ${JSON.stringify(version)}`);
  const dir = releaseDir(options.cacheDir, version);
  if (isReleaseInstalled(options.cacheDir, version)) return dir;
  await mkdir(path.dirname(dir), { recursive: true });
  const release = await lock(`${dir}.lock`);
  try {
    // Another command may have installed it while this one waited.
    if (isReleaseInstalled(options.cacheDir, version)) return dir;
    options.onInstall?.(version);
    const staging = `${dir}.partial-${process.pid}`;
    try {
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging, { recursive: true });
      await writeFile(path.join(staging, 'package.json'), `${JSON.stringify({ name: 'tfjs-repro-release', private: true }, null, 2)}\n`);
      await npmInstall(
        staging,
        RELEASE_PACKAGES.map((name) => `${name}@${version}`),
      );
      const missing: string[] = [];
      for (const name of OPTIONAL_RELEASE_PACKAGES) {
        try {
          await npmInstall(staging, [`${name}@${version}`]);
        } catch (error) {
          // Not published at this version: the release runs without that backend, and says so.
          if (!(error instanceof ReproError && error.code === 'usage')) throw error;
          missing.push(name);
        }
      }
      const packages = [...RELEASE_PACKAGES, ...OPTIONAL_RELEASE_PACKAGES.filter((name) => !missing.includes(name))];
      await writeFile(path.join(staging, COMPLETE), `${JSON.stringify({ version, packages, missing, installedAt: new Date().toISOString() }, null, 2)}\n`);
      // A folder without the mark (left by a tfjs-repro that was killed mid-rename, or edited by hand) is replaced.
      await rm(dir, { recursive: true, force: true });
      await rename(staging, dir);
    } finally {
      // Nothing half-written is left: a failed install removes its staging folder (a renamed one is gone already).
      await rm(staging, { recursive: true, force: true });
    }
    return dir;
  } finally {
    await release();
  }
}

/** Runs `npm install` of exact versions into `prefix`, from the registry npm is configured with; no install scripts run. */
function npmInstall(prefix: string, specs: readonly string[]): Promise<void> {
  const args = ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--save-exact', ...specs];
  return new Promise((resolve, reject) => {
    const [command, commandArgs] = npmCommand(args);
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
    // npm retries a registry it cannot reach for minutes: past this, the install is a failure that says why.
    const timer = setTimeout(() => {
      stderr += `\nnpm error network: no answer within ${NPM_TIMEOUT_MS / 1000} s (ETIMEDOUT)\n`;
      child.kill('SIGTERM');
    }, NPM_TIMEOUT_MS);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8000);
    });
    child.once('error', (error) =>
      reject(new ReproError('setup-failed', `tfjs release install: cannot run npm (${error.message}); npm comes with Node: put it on PATH`, { cause: error })),
    );
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(installError(specs, stderr));
    });
  });
}

/** Names the npm to run: TFJS_REPRO_NPM, else npm's own CLI when tfjs-repro runs under npm (npx, npm test), else `npm` on PATH. */
export function npmCommand(args: readonly string[], env: NodeJS.ProcessEnv = process.env): [string, string[]] {
  if (env.TFJS_REPRO_NPM) return [env.TFJS_REPRO_NPM, [...args]];
  const npmCli = env.npm_execpath;
  return npmCli !== undefined && npmCli.endsWith('.js') ? [process.execPath, [npmCli, ...args]] : ['npm', [...args]];
}

/** npm's failure as tfjs-repro's: a version that does not exist is the user's input (exit 2); an unreachable registry is set-up (exit 6). */
function installError(specs: readonly string[], stderr: string): ReproError {
  const tail = stderr.trim().split('\n').slice(-6);
  if (/ETARGET|E404|No matching version/i.test(stderr)) {
    return new ReproError(
      'usage',
      `--tfjs: ${specs[0]} is not published on the npm registry (${tail.find((l) => /notarget|404|No matching/i.test(l)) ?? tail.at(-1)})`,
      {
        details: tail,
      },
    );
  }
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|network|CERT|UNABLE_TO_VERIFY|EPROTO/i.test(stderr)) {
    return new ReproError(
      'setup-failed',
      `tfjs release install: the npm registry cannot be reached (${tail.find((l) => /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|network|CERT|UNABLE_TO_VERIFY|EPROTO/i.test(l)) ?? tail.at(-1)}). Check the network, a proxy's certificate (NODE_EXTRA_CA_CERTS, npm's cafile) or npm's registry setting (\`npm config get registry\`), then run the command again; an installed release is kept in the cache and needs no network.`,
      { details: tail },
    );
  }
  return new ReproError('setup-failed', `tfjs release install: npm install ${specs.join(' ')} failed`, { details: tail });
}

/** A lock folder (mkdir is atomic); waits for another holder, and takes over a stale one. */
async function lock(file: string): Promise<() => Promise<void>> {
  for (;;) {
    try {
      await mkdir(file);
      return () => rm(file, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = await stat(file).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (since > STALE_LOCK_MS) await rm(file, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** What a complete release folder holds: its version, and the packages the registry has no such version of. */
export async function readReleaseMark(dir: string): Promise<{ readonly version: string; readonly missing: readonly string[] } | undefined> {
  try {
    const mark = JSON.parse(await readFile(path.join(dir, COMPLETE), 'utf8')) as { version: string; missing?: string[] };
    return { version: mark.version, missing: mark.missing ?? [] };
  } catch {
    return undefined;
  }
}
