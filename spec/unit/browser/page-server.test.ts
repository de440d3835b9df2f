import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPageServer } from '../../../src/runtimes/chromium/page-server.js';

const PAGE = fileURLToPath(new URL('../../fixtures/pages/silent.js', import.meta.url));
const WASM_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');

describe('the page server of a chromium run', () => {
  it('serves the page, its script and the wasm binaries on loopback only, 404 for anything else, and frees its port on close', async () => {
    const server = await startPageServer({ file: PAGE, wasmDir: WASM_DIR });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await (await fetch(server.url)).text()).toMatch(/<script src="\/page\.js"><\/script>/);
    const script = await fetch(`${server.url}page.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript');
    expect(await script.text()).toMatch(/never answers/);
    const wasm = await fetch(`${server.wasmPath}tfjs-backend-wasm-simd.wasm`);
    expect([wasm.status, wasm.headers.get('content-type')]).toEqual([200, 'application/wasm']);
    expect((await fetch(`${server.url}../package.json`)).status).toBe(404);
    expect((await fetch(`${server.wasmPath}../../etc/passwd`)).status).toBe(404);
    await server.close();
    await expect(fetch(server.url)).rejects.toThrow();
  });
});
