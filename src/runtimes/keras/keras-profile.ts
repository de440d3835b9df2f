import type { RuntimeProfile } from '../shared/runtime.js';
import { KERAS_BACKENDS } from './keras-backends.js';

export { KERAS_BACKENDS } from './keras-backends.js';

/** The keras runtime as `--help` names it: a leaf, apart from its environment's paths and checks. */
export const kerasProfile: RuntimeProfile = {
  name: 'keras',
  summary: 'a fresh Python process running Keras 3 on tensorflow, jax or torch (the seed experiment; `tfjs-repro setup keras`)',
  backends: KERAS_BACKENDS,
  setup: {
    name: 'keras',
    description:
      'Make --runtime keras work: create a virtual environment with the pinned Keras 3, TensorFlow CPU and JAX of python/requirements-keras.txt and PyTorch (every package pinned, from pip\'s sources: the Python package index; ~2.9 GB on disk with PyTorch\'s CPU build), then prove each backend (Keras imports and trains a step). A backend that cannot be had is recorded "not available" with the reason and the command that adds it; the others work. Idempotent: exits 0 at once when the environment holds the current pins and every installed file is on disk; rebuilds it otherwise. The installed files of a proven environment are kept as hard links in the tfjs-repro cache folder (keras-env/), and the next environment of the same pins on this machine links them instead of installing. Needs Python 3.11 with venv and pip.',
    options: [
      { flags: '--force', description: 'recreate the environment with pip even when it holds the current pins (not from kept files)' },
      {
        flags: '--torch <build>',
        description:
          "auto: PyTorch 2.13.0's CPU build where pip finds one (the Python package index has none for Linux x86_64), else none; cpu: that build or fail; cuda: the index's CUDA build with its pinned NVIDIA packages (2.74 GB to download; runs on the CPU too); none",
        defaultValue: 'auto',
      },
      { flags: '--python <file>', description: 'the Python 3.11 that creates the environment', defaultValue: 'python3' },
      { flags: '--venv <dir>', description: 'where the environment goes (default: $TFJS_REPRO_KERAS_VENV, else .venv-keras in the tfjs-repro folder)' },
    ],
    load: async () => (await import('./setup/setup-command.js')).runSetupKeras,
  },
};
