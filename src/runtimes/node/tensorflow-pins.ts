/**
 * Every version and checksum the `tensorflow` backend's set-up depends on, in one place.
 *
 * tfjs-node's own install script downloads libtensorflow 2.9.1 and a prebuilt addon from a
 * storage host that answers 403 or cannot be reached offline (tensorflow/tfjs#8742). The
 * TensorFlow wheels on the Python package index carry the same C API in
 * `libtensorflow_cc.so.2` (+ `libtensorflow_framework.so.2`) and its headers, so the addon is
 * built from tfjs-node's own sources against a pinned wheel instead.
 */
export const TFJS_NODE_PACKAGE = '@tensorflow/tfjs-node';
export const TFJS_NODE_VERSION = '4.22.0';
export const TFJS_NODE_ISSUE = 'tensorflow/tfjs#8742';

export interface TensorflowWheel {
  /** The distribution on the Python package index. */
  readonly distribution: 'tensorflow-cpu';
  readonly version: string;
  /** The exact file pip must fetch: manylinux x86_64, CPython 3.11 tag (the libraries do not link Python). */
  readonly file: string;
  /** SHA-256 of that file, checked before anything is extracted from it. */
  readonly sha256: string;
}

/**
 * Tried in order: the first whose libraries export every symbol the binding uses is built.
 * 2.18.1 first: measured to export all 63 TF_/TFE_ functions tfjs-node 4.22's binding calls.
 */
export const TENSORFLOW_WHEELS: readonly TensorflowWheel[] = [
  {
    distribution: 'tensorflow-cpu',
    version: '2.18.1',
    file: 'tensorflow_cpu-2.18.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
    sha256: '810c75d7149d2da0cb2092187817b0dcabb80728ca9f9cf3a61f3f42fadd1298',
  },
  {
    distribution: 'tensorflow-cpu',
    version: '2.20.0',
    file: 'tensorflow_cpu-2.20.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
    sha256: 'cf756bbe2d256e942ab5d0ad2c858fb40017581494febdb4387c149b1afde780',
  },
];

/** The wheels are built for one platform; elsewhere the set-up says so before downloading. */
export const SUPPORTED_PLATFORM = { platform: 'linux', arch: 'x64', pipPlatform: 'manylinux2014_x86_64', pythonVersion: '3.11' } as const;

/** The libraries the addon links (`-ltensorflow -ltensorflow_framework` in binding.gyp). */
export const WHEEL_LIBRARIES = ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'] as const;

/** Written next to the libraries in tfjs-node's deps/ folder; read into every run's provenance. */
export const INSTALL_RECORD_FILE = 'tfjs-repro-libtensorflow.json';
