import os from 'node:os';
import { chromium, type Browser } from 'playwright-core';
import { parseChildMessage } from '../child/protocol.js';
import { ReproError } from '../errors.js';
import { reproduceCommand } from '../run/reproduce-command.js';
import type { RunRequest } from '../run/run-request.js';
import { DEFAULT_RUN_TIMEOUT_MS, type SpawnRunOptions } from '../run/spawn-run.js';
import { unavailableReason } from '../tfjs/backends.js';
import { parseTrajectory } from '../trajectory/parse-trajectory.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { chromiumFlags } from './chromium-flags.js';
import { findChromium } from './find-chromium.js';
import type { PageInput } from './page-entry.js';
import { startPageServer } from './page-server.js';

/** Variables a browser process gets: enough to start, and what env-invariance varies. */
const BROWSER_ENV_ALLOW = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'XDG_RUNTIME_DIR'] as const;

/**
 * Runs one request in a fresh headless Chromium (its own browser process and temporary profile)
 * on a page served from loopback, and returns its trajectory. The counterpart of spawnRun: same
 * options, same typed messages (through a Playwright binding), same ReproError on failure. The
 * browser and the server are closed whatever happens.
 */
export async function spawnBrowserRun(request: RunRequest, options: SpawnRunOptions = {}): Promise<Trajectory> {
  const where = `chromium/${request.backend}/${request.case}/reset=${request.reset}/seed=${request.scenario.seed}`;
  const reproduce = `reproduce: ${reproduceCommand(request)} --runtime chromium`;
  const reason = unavailableReason(request.backend, 'chromium');
  if (reason !== undefined) throw new ReproError('backend-unavailable', `--backend ${request.backend} (--runtime chromium): ${reason}`, { details: [reproduce] });
  const executable = findChromium();
  if (executable.kind === 'missing') throw new ReproError('backend-unavailable', executable.reason, { details: [reproduce] });
  options.cancelSignal?.throwIfAborted();

  const timeoutMs = options.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
  // `childEntry`, for a browser run, is the page script; tests point it at misbehaving pages.
  const server = await startPageServer(options.childEntry);
  let browser: Browser | undefined;
  const fail = (message: string, cause?: unknown) => new ReproError('child-failed', `${where}: ${message}`, { cause, details: [reproduce] });
  try {
    const env: Record<string, string> = {};
    for (const key of BROWSER_ENV_ALLOW) if (process.env[key] !== undefined) env[key] = process.env[key]!;
    browser = await chromium.launch({
      executablePath: executable.path,
      headless: true,
      args: chromiumFlags(process.getuid?.() === 0),
      env: { ...env, ...options.env },
      timeout: Math.min(timeoutMs, 60_000),
      handleSIGINT: false,
      handleSIGTERM: false,
    });
    const browserVersion = browser.version();
    const page = await browser.newPage();
    let resolve!: (trajectory: Trajectory) => void;
    let reject!: (error: Error) => void;
    const outcome = new Promise<Trajectory>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    // Awaited later, after the page has loaded; a failure before that must not go unhandled.
    outcome.catch(() => undefined);
    let ready = false;
    page.on('pageerror', (error) => reject(fail(`page error: ${error.message}`, error)));
    page.on('crash', () => reject(fail('the page crashed')));
    browser.on('disconnected', () => reject(fail('the browser exited before the result')));
    await page.exposeFunction('tfjsReproSend', (raw: unknown) => {
      let message;
      try {
        message = parseChildMessage(raw);
      } catch (error) {
        reject(fail((error as Error).message, error));
        return;
      }
      switch (message.type) {
        case 'ready':
          ready = true;
          break;
        case 'epoch':
          options.onEpoch?.(message.epoch, message.epochs, message.loss);
          break;
        case 'error':
          reject(new ReproError(message.code === 'backend-unavailable' ? 'backend-unavailable' : 'child-failed', `${where}: ${message.message}`, { details: [reproduce] }));
          break;
        case 'result':
          if (ready) resolve(message.trajectory);
          else reject(fail('protocol error: result before ready'));
          break;
      }
    });
    const input: PageInput = { request, wasmPath: server.wasmPath, browserVersion };
    await page.addInitScript((value) => {
      (globalThis as unknown as { __tfjsReproInput: unknown }).__tfjsReproInput = value;
    }, input);
    await page.goto(server.url);
    const trajectory = await within(outcome, timeoutMs, options.cancelSignal, () => fail(`timed out after ${timeoutMs} ms`));
    // The page knows no Node, platform or CPU model: those of the machine that ran the browser.
    const provenance = { ...trajectory.provenance, node: process.version, platform: process.platform, arch: process.arch, cpu: os.cpus()[0]?.model ?? 'unknown' };
    return parseTrajectory({ ...trajectory, provenance }, where);
  } catch (error) {
    if (error instanceof ReproError) throw error;
    throw fail(error instanceof Error ? error.message.split('\n')[0]! : String(error), error);
  } finally {
    await browser?.close().catch(() => undefined);
    await server.close();
  }
}

function within<T>(promise: Promise<T>, ms: number, signal: AbortSignal | undefined, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    const abort = () => reject(signal!.reason instanceof Error ? signal!.reason : new Error(String(signal!.reason)));
    signal?.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    });
  });
}
