import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** Where a user's scenario module, bundled for the page, is served. */
export const SCENARIO_PATH = '/scenario.js';

export interface PageServer {
  readonly url: string;
  readonly wasmPath: string;
  readonly port: number;
  close(): Promise<void>;
}

const HTML = '<!doctype html><meta charset="utf-8"><title>tfjs-repro run</title><script src="/page.js"></script>';

/**
 * A loopback-only HTTP server for one run: the page, its bundle, the wasm backend's binaries and
 * the bundle of a user's scenario module. Nothing else is served; the port is chosen by the OS.
 * Loopback is a secure context: the page gets `navigator.gpu` (WebGPU) as a `file://` page would.
 */
export async function startPageServer(page: { readonly file: string; readonly wasmDir?: string }, scenarioBundle?: string): Promise<PageServer> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const wasm = /^\/wasm\/(tfjs-backend-wasm(?:-simd|-threaded-simd)?\.wasm)$/.exec(url.pathname);
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML);
    } else if (url.pathname === '/page.js') {
      stream(response, page.file, 'text/javascript');
    } else if (url.pathname === SCENARIO_PATH && scenarioBundle !== undefined) {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(scenarioBundle);
    } else if (wasm !== null && page.wasmDir !== undefined) {
      stream(response, path.join(page.wasmDir, wasm[1]!), 'application/wasm');
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    wasmPath: `http://127.0.0.1:${port}/wasm/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function stream(response: import('node:http').ServerResponse, file: string, type: string): void {
  const source = createReadStream(file);
  source.once('open', () => response.writeHead(200, { 'content-type': type }));
  source.once('error', () => response.writeHead(404).end());
  source.pipe(response);
}
