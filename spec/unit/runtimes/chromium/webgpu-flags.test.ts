import { describe, expect, it } from 'vitest';
import { chromiumFlags, webgpuAdapterChoice } from '../../../../src/runtimes/chromium/chromium-flags.js';
import { chromiumUnavailableReason } from '../../../../src/runtimes/chromium/browser-availability.js';

describe("webgpu's browser flags and adapter choice", () => {
  it('only webgpu runs get the WebGPU flags; SwiftShader by default (with a Vulkan for the GPU process), the GPU when asked', () => {
    expect(chromiumFlags(false, 'wasm').filter((f) => /webgpu|vulkan/i.test(f))).toEqual([]);
    expect(chromiumFlags(false, 'webgpu')).toEqual(
      expect.arrayContaining(['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-webgpu-adapter=swiftshader', '--use-vulkan=swiftshader']),
    );
    const gpu = chromiumFlags(false, 'webgpu', 'gpu');
    expect(gpu).toContain('--enable-unsafe-webgpu');
    expect(gpu.filter((f) => f.includes('swiftshader') && /webgpu|vulkan/.test(f))).toEqual([]);
  });

  it('TFJS_REPRO_WEBGPU_ADAPTER takes swiftshader or gpu; another value makes webgpu unavailable, naming the variable, the value and what is allowed', () => {
    expect(webgpuAdapterChoice({})).toEqual({ choice: 'swiftshader' });
    expect(webgpuAdapterChoice({ TFJS_REPRO_WEBGPU_ADAPTER: 'gpu' })).toEqual({ choice: 'gpu' });
    expect(webgpuAdapterChoice({ TFJS_REPRO_WEBGPU_ADAPTER: 'metal' })).toEqual({
      problem: 'TFJS_REPRO_WEBGPU_ADAPTER=metal is not allowed: expected swiftshader or gpu',
    });
    const previous = process.env.TFJS_REPRO_WEBGPU_ADAPTER;
    process.env.TFJS_REPRO_WEBGPU_ADAPTER = 'metal';
    try {
      expect(chromiumUnavailableReason('webgpu')).toMatch(/webgpu not available: TFJS_REPRO_WEBGPU_ADAPTER=metal is not allowed|chromium not available/);
      expect(chromiumUnavailableReason('wasm') ?? '').not.toMatch(/TFJS_REPRO_WEBGPU_ADAPTER/);
    } finally {
      if (previous === undefined) delete process.env.TFJS_REPRO_WEBGPU_ADAPTER;
      else process.env.TFJS_REPRO_WEBGPU_ADAPTER = previous;
    }
  });
});
