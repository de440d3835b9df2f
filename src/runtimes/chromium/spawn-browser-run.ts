import os from 'node:os';
import { chromium, type Browser } from 'playwright-core';
import { ReproError } from '../../errors.js';
import { reproduceCommand, runPlaceOf } from '../shared/reproduce-command.js';
import { createChildSession, type RunEnd } from '../../run/child-session.js';
import type { RunRequest } from '../../trajectory/run-request.js';
import { DEFAULT_RUN_TIMEOUT_MS } from '../../run/run-limits.js';
import type { SpawnRunOptions } from '../../run/spawn-options.js';
import { parseTrajectory } from '../../trajectory/parse-trajectory.js';
import type { Trajectory } from '../../trajectory/trajectory.js';
import { chromiumFlags, webgpuAdapterChoice, type WebgpuAdapterChoice } from './chromium-flags.js';
import { findChromium } from './find-chromium.js';
import { unpackNpmChromium } from './npm-chromium.js';
import { resolveCacheDir } from '../../cache-dir.js';
import type { PageInput } from './page-entry.js';
import { SCENARIO_PATH, startPageServer } from './page-server.js';
import { pageBundleFor } from './page-bundle.js';
import { ensureRelease } from '../../tfjs-versions/tfjs-release.js';
import { projectTfjsFrom } from '../../tfjs-versions/project-tfjs.js';
import { bundleScenario } from './bundle-scenario.js';
import { scenarioModuleOf } from '../../scenario/scenario-registry.js';

/** Variables a browser process gets: enough to start, and what env-invariance varies. */
const BROWSER_ENV_ALLOW = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'XDG_RUNTIME_DIR'] as const;

/**
 * Runs one request in a fresh headless Chromium (its own browser process and temporary profile)
 * on a page served from loopback, and returns its trajectory. The counterpart of spawnRun: same
 * options, same typed messages (through a Playwright binding), same ReproError on failure. The
 * browser and the server are closed whatever happens.
 */
export async function spawnBrowserRun(request: RunRequest, options: SpawnRunOptions = {}): Promise<Trajectory> {
  const session = createChildSession(runPlaceOf('chromium', request), options.onEpoch);
  // Whether the backend can run here was asked by the caller (the registry's unavailableReason);
  // the lookup is for the executable's path.
  const reproduce = `reproduce: ${reproduceCommand(request, 'chromium')}`;
  const lookup = findChromium();
  if (lookup.kind === 'missing') throw new ReproError('backend-unavailable', lookup.reason, { details: [reproduce] });
  options.cancelSignal?.throwIfAborted();
  const cacheDir = resolveCacheDir(undefined, process.env);
  const executablePath = lookup.kind === 'found' ? lookup.path : await unpackNpmChromium(cacheDir, lookup.version);
  const timeoutMs = options.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
  const { server, scenario } = await servePage(request, options, cacheDir, reproduce);
  let browser: Browser | undefined;
  // Every ending goes through the session: the same messages, codes and reproduce command as a Node child.
  const settle = (end: RunEnd) => session.settle(end);
  try {
    const env: Record<string, string> = {};
    for (const key of BROWSER_ENV_ALLOW) if (process.env[key] !== undefined) env[key] = process.env[key]!;
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: chromiumFlags(process.getuid?.() === 0, request.backend, webgpuAdapter()),
      env: { ...env, ...options.env },
      timeout: Math.min(timeoutMs, 60_000),
      handleSIGINT: false,
      handleSIGTERM: false,
    });
    const browserVersion = browser.version();
    const page = await browser.newPage();
    let resolve!: (end: RunEnd) => void;
    const ended = new Promise<RunEnd>((yes) => {
      resolve = yes;
    });
    if (process.env.TFJS_REPRO_DEBUG_PAGE === '1') page.on('console', (m) => process.stderr.write(`[page] ${m.type()} ${m.text()}\n`));
    page.on('pageerror', (error) => resolve({ kind: 'failed', reason: `page error: ${error.message}`, cause: error }));
    page.on('crash', () => resolve({ kind: 'failed', reason: 'the page crashed' }));
    browser.on('disconnected', () => resolve({ kind: 'failed', reason: 'the browser exited before the result' }));
    await page.exposeFunction('tfjsReproSend', (raw: unknown) => {
      try {
        session.receive(raw);
      } catch (error) {
        resolve({ kind: 'failed', reason: (error as Error).message, cause: error });
        return;
      }
      // A page has no exit code: its final message ends the run.
      if (session.finished()) resolve({ kind: 'exited', exitCode: 0 });
    });
    const input: PageInput = {
      request,
      wasmPath: server.wasmPath,
      browserVersion,
      ...(scenario === undefined ? {} : { scenarioModule: { url: new URL(SCENARIO_PATH, server.url).href, file: scenario.file } }),
    };
    await page.addInitScript((value) => {
      (globalThis as unknown as { __tfjsReproInput: unknown }).__tfjsReproInput = value;
    }, input);
    await page.goto(server.url);
    const trajectory = settle(await within(ended, timeoutMs, options.cancelSignal));
    // The page knows no Node, platform or CPU model: those of the machine that ran the browser.
    // Which browser ran: its version (the page's flags.BROWSER) and where it came from.
    const flags = { ...trajectory.provenance.flags, BROWSER_SOURCE: lookup.source };
    const provenance = {
      ...trajectory.provenance,
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      flags,
    };
    return parseTrajectory({ ...trajectory, provenance }, `child run ${session.where}`);
  } catch (error) {
    if (error instanceof ReproError) throw error;
    return settle({ kind: 'failed', reason: error instanceof Error ? error.message.split('\n')[0]! : String(error), cause: error });
  } finally {
    await browser?.close().catch(() => undefined);
    await server.close();
  }
}

/** The adapter TFJS_REPRO_WEBGPU_ADAPTER picks (its value was checked with the backend's availability). */
function webgpuAdapter(): WebgpuAdapterChoice {
  const asked = webgpuAdapterChoice();
  return 'choice' in asked ? asked.choice : 'swiftshader';
}

/** The run's page server: its page (with the run's tfjs), the wasm binaries, and a scenario module's bundle. */
async function servePage(request: RunRequest, options: SpawnRunOptions, cacheDir: string, reproduce: string) {
  const scenario = await scenarioBundleOf(request, reproduce);
  // `childEntry`, for a browser run, is the page script; tests point it at misbehaving pages.
  const page = options.childEntry === undefined ? await pageBundleFor(cacheDir, await releaseDirOf(request, cacheDir)) : { file: options.childEntry };
  return { server: await startPageServer(page, scenario?.code), scenario };
}

/** Where the run's tfjs resolves from: a published release (installed into the cache if needed), else the project's (the working folder's, else the one beside tfjs-repro). */
async function releaseDirOf(request: RunRequest, cacheDir: string): Promise<string | undefined> {
  return request.tfjs === undefined ? projectTfjsFrom() : ensureRelease(request.tfjs, { cacheDir });
}

/** The bundle of the request's scenario module for the page, or undefined for a built-in scenario. */
async function scenarioBundleOf(request: RunRequest, reproduce: string): Promise<{ readonly file: string; readonly code: string } | undefined> {
  const file = scenarioModuleOf(request.scenario.scenario);
  if (file === undefined) return undefined;
  const bundle = await bundleScenario(file);
  if (bundle.kind === 'unloadable')
    throw new ReproError('backend-unavailable', `the chromium runtime cannot load ${file} into a page: ${bundle.reason}`, { details: [reproduce] });
  return { file, code: bundle.code };
}

/** The run's end, or a time-out / cancellation, whichever comes first. */
function within(ended: Promise<RunEnd>, ms: number, signal: AbortSignal | undefined): Promise<RunEnd> {
  return new Promise<RunEnd>((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'timed-out', ms }), ms);
    const abort = () => resolve({ kind: 'cancelled' });
    if (signal?.aborted === true) abort();
    signal?.addEventListener('abort', abort, { once: true });
    void ended.then(resolve).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    });
  });
}
