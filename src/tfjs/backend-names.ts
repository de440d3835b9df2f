/**
 * `webgl` runs only in the chromium runtime, `tensorflow` in Node (tfjs-node) and in the keras
 * runtime (Keras 3 on TensorFlow), `jax` and `torch` only in the keras runtime.
 */
export const BACKEND_NAMES = ['cpu', 'wasm', 'webgl', 'tensorflow', 'jax', 'torch'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** The package that provides each backend. */
export const BACKEND_PACKAGES: Readonly<Record<BackendName, string>> = {
  cpu: '@tensorflow/tfjs-backend-cpu',
  wasm: '@tensorflow/tfjs-backend-wasm',
  webgl: '@tensorflow/tfjs-backend-webgl',
  tensorflow: '@tensorflow/tfjs-node',
  jax: 'jax (Python, in the keras runtime)',
  torch: 'torch (Python, in the keras runtime)',
};

/**
 * Fastest deterministic backend that installs offline: wasm runs single-threaded in Node,
 * bitwise reproducible and 2–3× faster than cpu on the seed model (docs/design.md, fact 6).
 */
export const DEFAULT_BACKEND: BackendName = 'wasm';
