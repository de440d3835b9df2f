// `npm run build` (and prepare, prepack, pretest): dist/ from src/, the browser page bundle, and
// the CLI's run bit. tsc writes files without it, and `npx tfjs-repro` runs dist/cli.js as a
// program: without the bit it fails with "Permission denied".
//
// Incremental: tsc remembers what it emitted (node_modules/.cache/tfjs-repro/build.tsbuildinfo)
// and writes only what changed: after npm ci's build, npm test's pretest build takes ~1 s instead
// of ~9 s. dist/ starts afresh when any source lacks its output (a removed or partial dist/, or no
// record), and outputs whose source is gone are removed: dist/ holds exactly what src/ makes.
import { chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const record = path.join(root, 'node_modules', '.cache', 'tfjs-repro', 'build.tsbuildinfo');
/** The browser bundle is made from the compiled page entry, not by tsc. */
const BUNDLE = path.join('runtimes', 'chromium', 'page.js');
const MANIFEST = path.join('runtimes', 'chromium', 'page.json');

const files = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
const outputsOf = (source) => {
  const base = source.replace(/\.ts$/, '');
  return [`${base}.js`, `${base}.js.map`, `${base}.d.ts`];
};
const sources = files(src).filter((f) => f.endsWith('.ts'));
const whole = existsSync(record) && existsSync(dist) && sources.every((f) => existsSync(path.join(dist, outputsOf(f)[0])));
if (!whole) {
  rmSync(dist, { recursive: true, force: true });
  rmSync(record, { force: true });
}
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status;
const tsc = run([path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', record]);
if (tsc !== 0) process.exit(tsc ?? 1);
const expected = new Set([BUNDLE, MANIFEST, ...sources.flatMap(outputsOf)]);
for (const file of files(dist)) if (!expected.has(file)) rmSync(path.join(dist, file));
const bundle = run([path.join(root, 'scripts', 'bundle-browser.mjs')]);
if (bundle !== 0) process.exit(bundle ?? 1);
chmodSync(path.join(dist, 'cli.js'), 0o755);
