import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The tfjs a run loads, as a set: the union, layers and a backend, each resolved from one place
 * (a user's project, tfjs-repro's own install, or a release in the cache), each with the
 * tfjs-core it sees. One set has one tfjs-core: a backend that registers into another copy than
 * the union's trains nothing it was asked to (or another version's kernels), so a mixed set is an
 * error that says what was found and what to install, never a silent choice.
 */
export interface TfjsSetMember {
  readonly name: string;
  readonly version: string;
  /** The package's folder. */
  readonly dir: string;
  /** The folder of the tfjs-core this package loads. */
  readonly core: string;
  readonly coreVersion: string;
}

export type TfjsSet = { readonly kind: 'set'; readonly members: readonly TfjsSetMember[] } | { readonly kind: 'problem'; readonly problem: string };

/**
 * Resolves `names` from `from` (a folder) and checks that they form one set: every member sees
 * the same tfjs-core, and every member's version is that core's.
 */
export function readTfjsSet(from: string, names: readonly string[]): TfjsSet {
  const resolveFrom = createRequire(path.join(from, 'noop.js'));
  const members: TfjsSetMember[] = [];
  for (const name of names) {
    const dir = packageDir(resolveFrom, name);
    if (dir === undefined)
      return { kind: 'problem', problem: `${name} is not installed where tfjs-repro looks for it (${from}); install it: npm install ${name}` };
    const core = name === '@tensorflow/tfjs-core' ? dir : packageDir(createRequire(path.join(dir, 'package.json')), '@tensorflow/tfjs-core');
    if (core === undefined)
      return { kind: 'problem', problem: `${name} (${dir}) finds no @tensorflow/tfjs-core; install it: npm install @tensorflow/tfjs-core@${versionOf(dir)}` };
    members.push({ name, version: versionOf(dir), dir, core, coreVersion: versionOf(core) });
  }
  const problem = mixedSetProblem(members);
  return problem === undefined ? { kind: 'set', members } : { kind: 'problem', problem };
}

/** What is mixed in a set, and the install that makes it one; undefined when it is one. */
export function mixedSetProblem(members: readonly TfjsSetMember[]): string | undefined {
  const cores = new Set(members.map((m) => m.core));
  const versions = new Set(members.map((m) => m.version));
  if (cores.size <= 1 && versions.size <= 1) return undefined;
  const found =
    cores.size > 1
      ? members.map((m) => `${m.name} ${m.version} (with tfjs-core ${m.coreVersion} at ${m.core})`).join(', ')
      : `${members.map((m) => `${m.name} ${m.version}`).join(', ')} (all on tfjs-core ${members[0]!.coreVersion})`;
  const wanted = members.find((m) => m.name === '@tensorflow/tfjs')?.version ?? members[0]!.version;
  return `a mixed tfjs: ${found}. One version of every @tensorflow package is needed, so that they share one tfjs-core: npm install ${members.map((m) => `${m.name}@${wanted}`).join(' ')}`;
}

function packageDir(resolveFrom: NodeJS.Require, name: string): string | undefined {
  try {
    return path.dirname(resolveFrom.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

function versionOf(dir: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
