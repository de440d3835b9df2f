import type { BackendName } from '../../tfjs/backend-names.js';

/**
 * Flags for a headless Chromium on a closed network (docs/browser.md): without the background
 * networking ones, Chromium opens many connections at start that this kind of machine refuses.
 * A fresh user-data dir comes from Playwright's launch (a new temporary profile per browser).
 */
export const CLOSED_NETWORK_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-quic',
  '--no-default-browser-check',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
  // WebGL on the CPU (SwiftShader) where there is no GPU: the webgl backend needs a context.
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
] as const;

/** Picks the WebGPU adapter: `swiftshader` (the default: WebGPU on the CPU, the same on every machine) or `gpu` (the machine's GPU). */
export const WEBGPU_ADAPTER_ENV = 'TFJS_REPRO_WEBGPU_ADAPTER';
export const WEBGPU_ADAPTERS = ['swiftshader', 'gpu'] as const;
export type WebgpuAdapterChoice = (typeof WEBGPU_ADAPTERS)[number];

/**
 * WebGPU in headless Chromium: Linux needs the unsafe flag and Vulkan; SwiftShader's Vulkan (which
 * @sparticuz/chromium ships) gives an adapter without a GPU. Without `--use-webgpu-adapter` the
 * browser picks the machine's GPU. `--use-vulkan=swiftshader` gives the GPU process itself a Vulkan:
 * without it, reading a tensor synchronously (`dataSync`, which tfjs's webgpu backend does through a
 * WebGPU canvas) finds no shared-image backing, the device is lost, and the next read fails with
 * "A valid external Instance reference no longer exists" (seen with 1000-sample data, whose slices
 * stay on the GPU; smaller tensors are computed on the CPU). Only webgpu runs get these flags: the
 * other backends' browsers stay as they were.
 */
export function webgpuFlags(adapter: WebgpuAdapterChoice): string[] {
  return [
    '--enable-unsafe-webgpu',
    '--enable-features=Vulkan',
    ...(adapter === 'swiftshader' ? ['--use-webgpu-adapter=swiftshader', '--use-vulkan=swiftshader'] : []),
  ];
}

/** The adapter `TFJS_REPRO_WEBGPU_ADAPTER` asks for, or the reason its value is not allowed. */
export function webgpuAdapterChoice(env: NodeJS.ProcessEnv = process.env): { readonly choice: WebgpuAdapterChoice } | { readonly problem: string } {
  const value = env[WEBGPU_ADAPTER_ENV];
  if (value === undefined || value === '') return { choice: 'swiftshader' };
  return (WEBGPU_ADAPTERS as readonly string[]).includes(value)
    ? { choice: value as WebgpuAdapterChoice }
    : { problem: `${WEBGPU_ADAPTER_ENV}=${value} is not allowed: expected ${WEBGPU_ADAPTERS.join(' or ')}` };
}

/** The sandbox needs user namespaces that root does not get; only then is it turned off. */
export function chromiumFlags(isRoot: boolean, backend?: BackendName, adapter: WebgpuAdapterChoice = 'swiftshader'): string[] {
  return [...CLOSED_NETWORK_FLAGS, ...(isRoot ? ['--no-sandbox'] : []), ...(backend === 'webgpu' ? webgpuFlags(adapter) : [])];
}
