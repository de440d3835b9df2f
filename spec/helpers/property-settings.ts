/**
 * fast-check settings shared by the property suites.
 *
 * - `TFJS_REPRO_THOROUGH=1` (nightly): many more samples, and the full seed-experiment size.
 * - `TFJS_REPRO_PROPERTY_SEED=N` replays a run; with `CI` set the seed is pinned, otherwise it is
 *   drawn anew. It is printed either way, and fast-check prints it (and the path) on failure.
 */
const env = process.env;
export const THOROUGH = env.TFJS_REPRO_THOROUGH === '1';
const PINNED_CI_SEED = 20_261_127;

export const PROPERTY_SEED = env.TFJS_REPRO_PROPERTY_SEED
  ? Number(env.TFJS_REPRO_PROPERTY_SEED)
  : env.CI
    ? PINNED_CI_SEED
    : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;

/** Samples per process-level property: each sample spawns real children. */
export const PROCESS_RUNS = Number(env.TFJS_REPRO_PROPERTY_RUNS ?? (THOROUGH ? 25 : 3));
/** Samples per in-process property. */
export const CHEAP_RUNS = THOROUGH ? 5_000 : 300;

let printed = false;
export function announceSeed(suite: string): void {
  if (printed) return;
  printed = true;
  process.stdout.write(`[${suite}] fast-check seed ${PROPERTY_SEED} (replay: TFJS_REPRO_PROPERTY_SEED=${PROPERTY_SEED} npm test)\n`);
}
