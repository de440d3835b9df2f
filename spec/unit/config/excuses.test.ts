import { describe, expect, it } from 'vitest';
import { excuseFor, parseExcuseEntries, resolveExcuses } from '../../../src/config/excuses.js';

describe('excuses: what may be unavailable without failing a gate', () => {
  it('a runtime excuses all its backends, a backend excuses it in every runtime, runtime/backend exactly that one', () => {
    const excuses = resolveExcuses(['keras/torch', 'tensorflow'], ['chromium']);
    expect(excuses.source).toBe("--allow-unavailable and the config's optional list");
    expect(excuseFor(excuses, 'keras', 'torch')).toBe('keras/torch');
    expect(excuseFor(excuses, 'keras', 'jax')).toBeUndefined();
    expect(excuseFor(excuses, 'node', 'tensorflow')).toBe('tensorflow');
    expect(excuseFor(excuses, 'keras', 'tensorflow')).toBe('tensorflow');
    expect(excuseFor(excuses, 'chromium', 'webgl')).toBe('chromium');
    expect(excuseFor(excuses, 'node', 'wasm')).toBeUndefined();
  });

  it('nothing is excused unless asked: the gate fails closed by default', () => {
    const none = resolveExcuses(undefined, undefined);
    expect(none).toEqual({ entries: [], source: '' });
    expect(excuseFor(none, 'keras', 'torch')).toBeUndefined();
  });

  it('refuses every entry that names no runtime or backend, each with the value and what is allowed', () => {
    const issues: string[] = [];
    expect(parseExcuseEntries(['keras', 'gpu', 'keras/wasm', 'node/tensorflow/x', 3], 'optional', issues)).toEqual(['keras']);
    expect(issues).toEqual([
      'optional: expected a runtime (node, chromium, keras), a backend (cpu, wasm, tensorflow, webgl, webgpu, jax, torch) or runtime/backend (e.g. keras/torch), got "gpu" (string)',
      'optional: expected a runtime (node, chromium, keras), a backend (cpu, wasm, tensorflow, webgl, webgpu, jax, torch) or runtime/backend (e.g. keras/torch); the keras runtime has tensorflow, jax, torch, got "keras/wasm" (string)',
      'optional: expected a runtime (node, chromium, keras), a backend (cpu, wasm, tensorflow, webgl, webgpu, jax, torch) or runtime/backend (e.g. keras/torch), got "node/tensorflow/x" (string)',
      'optional: expected a string, got 3 (number)',
    ]);
  });
});
