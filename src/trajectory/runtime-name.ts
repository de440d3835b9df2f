/**
 * Where a run trains, by the name its runtime registers (src/runtimes/runtime-profiles.ts): open,
 * so that a new runtime is a new folder under src/runtimes/ and an entry in its registry. What each
 * runtime is and can do is its folder's business; here only the type of its name.
 */
export type RuntimeName = string;
