import { runtimeNamed, type RuntimeName } from './registry.js';
import type { BackendName } from '../tfjs/backend-names.js';
import { readFileSync } from 'node:fs';

/**
 * The vector instruction sets native kernels choose their code paths by (Eigen in libtensorflow,
 * XLA, PyTorch's ATen), as listed in /proc/cpuinfo. Measured: tfjs-node on libtensorflow 2.18.1
 * gives other numbers on an AMD EPYC with AVX2 and no AVX-512 than on the machine its goldens were
 * made on (up to 22 ULP on the seed model), while the JavaScript and wasm backends give the same bits.
 */
const KERNEL_ISA_FLAGS = [
  'sse4_2',
  'avx',
  'avx2',
  'fma',
  'f16c',
  'avx512f',
  'avx512bw',
  'avx512vl',
  'avx512_vnni',
  'avx512_bf16',
  'avx_vnni',
  'amx_tile',
] as const;

let cached: string | undefined;

/** `avx avx2 f16c fma sse4_2` on this machine; `unknown` where /proc/cpuinfo cannot be read. */
export function cpuIsa(): string {
  if (cached !== undefined) return cached;
  let flags: Set<string>;
  try {
    const line = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';
    flags = new Set(line.trim().split(/\s+/));
  } catch {
    return (cached = 'unknown');
  }
  return (cached = KERNEL_ISA_FLAGS.filter((flag) => flags.has(flag)).join(' ') || 'none of the vector extensions native kernels use');
}

/** Whether a run's numbers come from native kernels that dispatch on the CPU (tfjs-node, every Keras backend): its runtime says. */
export function isNativeBackend(runtime: RuntimeName, backend: BackendName): boolean {
  return runtimeNamed(runtime).capabilities.cpuIsaSensitive(backend);
}
