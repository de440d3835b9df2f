import { accessSync, constants, statSync } from 'node:fs';

/** Names the Chromium executable explicitly; checked before the well-known locations. */
export const CHROMIUM_ENV = 'TFJS_REPRO_CHROMIUM';

/** Where Debian's, Ubuntu's and Google's packages put it; the first executable one wins. */
export const WELL_KNOWN_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'] as const;

export const INSTALL_HINT =
  "install Debian's chromium (`apt-get install chromium`; .ci/run does this) or set TFJS_REPRO_CHROMIUM to a Chromium executable; tfjs-repro never downloads a browser";

export type ChromiumLookup = { readonly kind: 'found'; readonly path: string } | { readonly kind: 'missing'; readonly reason: string };

/**
 * Finds a Chromium to launch: `TFJS_REPRO_CHROMIUM` when set (which must then be executable),
 * else the well-known locations.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const explicit = env[CHROMIUM_ENV];
  if (explicit !== undefined && explicit !== '') {
    return isExecutable(explicit)
      ? { kind: 'found', path: explicit }
      : { kind: 'missing', reason: `chromium not available: ${CHROMIUM_ENV}=${explicit} is not an executable file; ${INSTALL_HINT}.` };
  }
  const found = WELL_KNOWN_CHROMIUM.find(isExecutable);
  return found === undefined
    ? { kind: 'missing', reason: `chromium not available: none of ${WELL_KNOWN_CHROMIUM.join(', ')} exists; ${INSTALL_HINT}.` }
    : { kind: 'found', path: found };
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
