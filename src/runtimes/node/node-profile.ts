import type { RuntimeProfile } from '../shared/runtime.js';

/** The node runtime as `--help` names it: a leaf, so that the help loads no runtime. */
export const nodeProfile: RuntimeProfile = {
  name: 'node',
  summary: 'a fresh Node process per run',
  backends: ['cpu', 'wasm', 'tensorflow'],
  setup: {
    name: 'tensorflow',
    description:
      "Make --backend tensorflow work: build @tensorflow/tfjs-node's addon from its own sources against the libtensorflow of a pinned TensorFlow wheel from the Python package index (tfjs-node's own install script downloads a prebuilt libtensorflow from Google's storage host, which refuses it or may be unreachable, tensorflow/tfjs#8742). Idempotent: exits 0 at once when tfjs-node already trains. A built addon is kept in the cache folder (addons/), and the next set-up of the same sources on this machine places it instead of compiling. Needs python3 with pip, a C++ compiler, make, nm and Node's headers.",
    options: [
      { flags: '--force', description: 'rebuild even when tfjs-node already trains (compiling it, not placing the build kept in the cache folder)' },
      { flags: '--python <file>', description: 'the Python whose pip downloads the wheel', defaultValue: 'python3' },
      {
        flags: '--cache-dir <dir>',
        description:
          'where the wheel and its extracted libraries are kept (default: $TFJS_REPRO_CACHE_DIR, else $XDG_CACHE_HOME/tfjs-repro, else ~/.cache/tfjs-repro)',
      },
    ],
    load: async () => (await import('./setup/setup-command.js')).runSetupTensorflow,
  },
};
