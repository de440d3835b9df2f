/**
 * A backend, by the name its runtime gives it (src/runtimes/runtime-profiles.ts lists them all:
 * tfjs's cpu, wasm, webgl and tensorflow; Keras's tensorflow, jax and torch). Open, as runtime
 * names are: which runtime runs which backend is the runtimes' business.
 */
export type BackendName = string;
