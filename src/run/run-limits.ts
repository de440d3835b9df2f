/** Limits of a run, apart from the spawner (which loads execa): the CLI shows them in --help. */
/** Generous: the seed experiment takes ~6 s on wasm and ~14 s on cpu on 2 cores. */
export const DEFAULT_RUN_TIMEOUT_MS = 10 * 60_000;
