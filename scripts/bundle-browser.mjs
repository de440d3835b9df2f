// Bundles the browser side of a chromium run (dist/runtimes/chromium/page-entry.js, compiled by tsc) with
// tfjs and its backends into dist/runtimes/chromium/page.js, the one script the run's page loads.
// `node:crypto` (the weight digest) maps to a plain-JS SHA-256 with the same output.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/runtimes/chromium/', import.meta.url));
const started = performance.now();
const result = await build({
  entryPoints: [`${dist}page-entry.js`],
  outfile: `${dist}page.js`,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome120',
  // tfjs-backend-wasm mentions Node modules behind runtime checks it never takes in a page.
  external: ['fs', 'path', 'worker_threads', 'perf_hooks', 'os', 'crypto', 'util'],
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
// Which tfjs the page holds (its packages' versions): a project or a release with another tfjs gets a page of its own at run time.
const { writePageManifest } = await import('../dist/runtimes/chromium/page-bundle.js');
await writePageManifest();
console.log(`bundled dist/runtimes/chromium/page.js: ${(bytes / 1e6).toFixed(1)} MB in ${Math.round(performance.now() - started)} ms`);
