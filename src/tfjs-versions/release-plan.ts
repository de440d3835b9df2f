import { execFile } from 'node:child_process';
import { ReproError } from '../errors.js';
import { resolveCacheDir } from '../cache-dir.js';
import { runtimeNamed } from '../runtimes/registry.js';
import { RUNTIME_NAMES } from '../runtimes/runtime-profiles.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import { isReleaseInstalled, isReleaseVersion, npmCommand } from './tfjs-release.js';

/** Published versions of `@tensorflow/tfjs`, asked of the npm registry once per process. */
let published: Promise<readonly string[]> | undefined;

export function publishedTfjsVersions(): Promise<readonly string[]> {
  published ??= new Promise<readonly string[]>((resolve, reject) => {
    const [command, args] = npmCommand(['view', '@tensorflow/tfjs', 'versions', '--json']);
    execFile(command, args, { timeout: 60_000, maxBuffer: 4 << 20 }, (error, stdout, stderr) => {
      if (error !== null) {
        reject(
          new ReproError(
            'setup-failed',
            `--tfjs: the npm registry cannot be reached to list tfjs's releases (${
              String(stderr || error.message)
                .trim()
                .split('\n')
                .slice(-1)[0]
            }). Check the network or npm's registry setting (\`npm config get registry\`); a release already in the cache needs no network.`,
          ),
        );
        return;
      }
      resolve(JSON.parse(stdout) as string[]);
    });
  });
  return published;
}

/** Semver order of x.y.z[-pre]: numbers first, a pre-release before its release. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split('-', 2) as [string, string | undefined];
    return { parts: core.split('.').map(Number), pre };
  };
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (x.parts[i] !== y.parts[i]) return (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** The published versions next to one that is not (for the error that names them). */
export function nearestVersions(version: string, versions: readonly string[]): string[] {
  const releases = versions.filter((v) => !v.includes('-')).sort(compareVersions);
  const index = releases.findIndex((v) => compareVersions(v, version) > 0);
  const at = index === -1 ? releases.length : index;
  return releases.slice(Math.max(0, at - 2), at + 2);
}

/**
 * Refuses, before any run, a release the runtime and backend cannot train with (exit 4) or that
 * is not published (exit 2, naming the nearest published ones); an unreachable registry is exit 6.
 * A release already whole in the cache needs no network.
 */
export async function assertReleaseRunnable(version: string, runtime: RuntimeName, backend: BackendName): Promise<void> {
  const supported = runtimeNamed(runtime).capabilities.tfjsReleases;
  if (!supported.includes(backend)) {
    throw new ReproError(
      'backend-unavailable',
      `--tfjs ${version}: ${runtime}/${backend} trains with the project's tfjs only; a published release runs in ${releaseRuntimes()}. Without --tfjs, ${runtime}/${backend} trains with the tfjs your project resolves.`,
    );
  }
  await assertPublished(version);
}

/** Refuses a version that is not a published release of @tensorflow/tfjs (exit 2), naming the nearest. */
export async function assertPublished(version: string): Promise<void> {
  if (!isReleaseVersion(version)) throw new ReproError('usage', `--tfjs: expected a published version such as 4.21.0, got ${JSON.stringify(version)}`);
  if (isReleaseInstalled(resolveCacheDir(undefined, process.env), version)) return;
  const versions = await publishedTfjsVersions();
  if (!versions.includes(version)) {
    throw new ReproError(
      'usage',
      `--tfjs: @tensorflow/tfjs ${version} is not published on the npm registry; the nearest published: ${nearestVersions(version, versions).join(', ')}`,
    );
  }
}

function releaseRuntimes(): string {
  return RUNTIME_NAMES.map((name) => ({ name, backends: runtimeNamed(name).capabilities.tfjsReleases }))
    .filter((r) => r.backends.length > 0)
    .map((r) => `${r.name} on ${r.backends.join(' and ')}`)
    .join('; ');
}

/** Why a runtime's backend cannot train with a published release (tfjs-node is built for the pinned one; Keras is not tfjs), or undefined. */
export function releaseUnavailable(tfjs: string | undefined, runtime: RuntimeName, backend: BackendName): string | undefined {
  if (tfjs === undefined || runtimeNamed(runtime).capabilities.tfjsReleases.includes(backend)) return undefined;
  return `--tfjs ${tfjs}: ${runtime}/${backend} trains with the project's tfjs only (published releases run in ${releaseRuntimes()}).`;
}
