import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { CHROMIUM_ENV, WELL_KNOWN_CHROMIUM } from './chromium-profile.js';
import { NPM_CHROMIUM_PACKAGE, npmChromiumVersion } from './npm-chromium.js';

export { CHROMIUM_ENV, WELL_KNOWN_CHROMIUM } from './chromium-profile.js';

/** Names looked up on PATH, in order. */
export const CHROMIUM_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const;

export const INSTALL_HINT = `run \`npm ci\` (tfjs-repro's optional dependency ${NPM_CHROMIUM_PACKAGE} ships a headless Chromium), install a Chromium (Debian: \`apt-get install chromium\`), or set ${CHROMIUM_ENV} to a Chromium executable; tfjs-repro never downloads a browser`;

export type ChromiumLookup =
  /** A Chromium on this machine: named by the variable, found on PATH, or at a well-known path. */
  | { readonly kind: 'found'; readonly path: string; readonly source: string }
  /** The npm-shipped one: unpacked into the cache on first use (see npm-chromium.ts). */
  | { readonly kind: 'npm'; readonly version: string; readonly source: string }
  | { readonly kind: 'missing'; readonly reason: string };

export interface FindChromiumOptions {
  /** The npm-shipped Chromium's version, if installed. @default npmChromiumVersion */
  readonly npmVersion?: () => string | undefined;
  /** @default WELL_KNOWN_CHROMIUM */
  readonly wellKnown?: readonly string[];
}

/**
 * Finds a Chromium to launch: `TFJS_REPRO_CHROMIUM` when set (which must then be executable),
 * else one on PATH, else at the well-known paths, else the npm-shipped one. A system Chromium
 * comes first: it is what a user has chosen, and needs no unpacking.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, options: FindChromiumOptions = {}): ChromiumLookup {
  const { npmVersion = npmChromiumVersion, wellKnown = WELL_KNOWN_CHROMIUM } = options;
  const explicit = env[CHROMIUM_ENV];
  if (explicit !== undefined && explicit !== '') {
    return isExecutable(explicit)
      ? { kind: 'found', path: explicit, source: `${CHROMIUM_ENV}=${explicit}` }
      : { kind: 'missing', reason: `chromium not available: ${CHROMIUM_ENV}=${explicit} is not an executable file; ${INSTALL_HINT}.` };
  }
  for (const command of CHROMIUM_COMMANDS) {
    for (const dir of (env.PATH ?? '').split(path.delimiter).filter((d) => d !== '')) {
      const file = path.join(dir, command);
      if (isExecutable(file)) return { kind: 'found', path: file, source: `system: ${file}` };
    }
  }
  const known = wellKnown.find(isExecutable);
  if (known !== undefined) return { kind: 'found', path: known, source: `system: ${known}` };
  const version = npmVersion();
  if (version !== undefined) return { kind: 'npm', version, source: `npm: ${NPM_CHROMIUM_PACKAGE} ${version}` };
  return {
    kind: 'missing',
    reason: `chromium not available: no ${CHROMIUM_ENV}, no ${CHROMIUM_COMMANDS.join('/')} on PATH or at ${WELL_KNOWN_CHROMIUM.join(', ')}, and ${NPM_CHROMIUM_PACKAGE} is not installed; ${INSTALL_HINT}.`,
  };
}

/** An executable file (a directory passes X_OK too). */
function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
