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

/** The sandbox needs user namespaces that root does not get; only then is it turned off. */
export function chromiumFlags(isRoot: boolean): string[] {
  return [...CLOSED_NETWORK_FLAGS, ...(isRoot ? ['--no-sandbox'] : [])];
}
