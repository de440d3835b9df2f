// `npm run build` (and prepare, prepack): dist/ afresh from src/, the browser page bundle, and the
// CLI's run bit. tsc writes files without it, and `npx tfjs-repro` runs dist/cli.js as a program:
// without the bit it fails with "Permission denied".
import { chmodSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status;
const tsc = run([path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
if (tsc !== 0) process.exit(tsc ?? 1);
const bundle = run([path.join(root, 'scripts', 'bundle-browser.mjs')]);
if (bundle !== 0) process.exit(bundle ?? 1);
chmodSync(path.join(root, 'dist', 'cli.js'), 0o755);
