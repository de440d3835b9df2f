/**
 * `git bisect` over published releases: the first release whose result differs from the good
 * one's, in ⌈log₂ n⌉ probes of the releases between them. A probe's result is whatever the caller
 * compares (a run's numbers, a verdict, an error); `same` says whether it equals the good one's.
 * Like git bisect it assumes one change between the ends: a release that differs and a later one
 * that agrees again are reported as they were probed, never hidden.
 */
export interface BisectStep<R> {
  readonly version: string;
  readonly result: R;
  readonly same: boolean;
}

export type BisectOutcome<R> =
  /** The bad end gives the good end's result: there is nothing to find. */
  | { readonly kind: 'nothing-to-find'; readonly steps: readonly BisectStep<R>[] }
  | { readonly kind: 'found'; readonly lastSame: BisectStep<R>; readonly firstDifferent: BisectStep<R>; readonly steps: readonly BisectStep<R>[] };

/**
 * `versions` in order, the good end first and the bad end last. `probe` runs one release;
 * `same(a, b)` compares two results. The good and bad ends are probed first, then the middle of
 * what is left, until the change sits between two neighbours.
 */
export async function bisectReleases<R>(
  versions: readonly string[],
  probe: (version: string) => Promise<R>,
  same: (good: R, other: R) => boolean,
  onStep?: (step: BisectStep<R>, remaining: number) => void,
): Promise<BisectOutcome<R>> {
  if (versions.length < 2) throw new Error('bisect needs two releases at least');
  const steps: BisectStep<R>[] = [];
  const good = await probe(versions[0]!);
  const record = (version: string, result: R): BisectStep<R> => {
    const step = { version, result, same: same(good, result) };
    steps.push(step);
    return step;
  };
  let lo = record(versions[0]!, good);
  let loIndex = 0;
  let hiIndex = versions.length - 1;
  let hi = record(versions[hiIndex]!, await probe(versions[hiIndex]!));
  onStep?.(lo, hiIndex - 1);
  onStep?.(hi, hiIndex - 1);
  if (hi.same) return { kind: 'nothing-to-find', steps };
  while (hiIndex - loIndex > 1) {
    const mid = Math.floor((loIndex + hiIndex) / 2);
    const step = record(versions[mid]!, await probe(versions[mid]!));
    if (step.same) [lo, loIndex] = [step, mid];
    else [hi, hiIndex] = [step, mid];
    onStep?.(step, hiIndex - loIndex - 1);
  }
  return { kind: 'found', lastSame: lo, firstDifferent: hi, steps };
}

/** The number of probes a bisect of `n` releases makes at most: both ends, then ⌈log₂(n − 1)⌉. */
export function maxProbes(n: number): number {
  return n < 2 ? n : 2 + Math.ceil(Math.log2(n - 1));
}
