// npm runs `prepare` after `npm ci` / `npm install` in this repository (and before `npm pack`).
// It builds dist/, sets up the tensorflow backend and the keras runtime once, so that `npm test` exercises it
// without paying for the set-up: the wheel is cached outside the repository and reused.
// It never fails the install: a machine without pip, a compiler or the Python package index
// still installs, and the tensorflow backend then reports "not available" with the reason.
//
// Skipped when: npm packs or publishes (prepack builds), tfjs-repro is installed as a
// dependency of another project (INIT_CWD is that project), `npx tfjs-repro` in this checkout
// links the checkout into npm's npx cache (npm_command is exec: `npm ci` built and set up
// everything already, and the link is this same folder), or TFJS_REPRO_SKIP_SETUP=1.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const command = process.env.npm_command ?? '';
const invokedHere = path.resolve(process.env.INIT_CWD ?? root) === root;

// npx's link of this checkout: only when `npm ci` has built it already (dist/cli.js is there).
const npxLink = command === 'exec' && existsSync(path.join(root, 'dist', 'cli.js'));
if (command === 'pack' || command === 'publish' || npxLink || !invokedHere) process.exit(0);

const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status;

if (run(['scripts/build.mjs']) !== 0) {
  process.stderr.write('prepare: the build failed; `npm test` will say why.\n');
  process.exit(0);
}
if (process.env.TFJS_REPRO_SKIP_SETUP === '1') {
  process.stderr.write(
    'prepare: TFJS_REPRO_SKIP_SETUP=1, the tensorflow backend and the keras runtime were not set up (run `npx tfjs-repro setup tensorflow` and `npx tfjs-repro setup keras`).\n',
  );
  process.exit(0);
}

/** Runs a set-up, passing its output on whole lines (the two run side by side); resolves to its exit status. */
function setUp(what) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/cli.js', 'setup', what], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      let pending = '';
      from.setEncoding('utf8');
      from.on('data', (text) => {
        const lines = (pending + text).split('\n');
        pending = lines.pop();
        if (lines.length > 0) to.write(`${lines.join('\n')}\n`);
      });
      from.on('end', () => pending !== '' && to.write(`${pending}\n`));
    }
    child.on('error', () => resolve(1));
    child.on('close', (status) => resolve(status ?? 1));
  });
}

// Side by side: the tensorflow backend's build (~20 s) overlaps the keras environment's install
// (.venv-keras, git-ignored: ~70 s and ~2.8 GB the first time, about a second once it holds the
// current pins), which spends most of its time writing files.
process.stdout.write('prepare: setting up the tensorflow backend and the keras runtime side by side\n');
const [status, kerasStatus] = await Promise.all([setUp('tensorflow'), setUp('keras')]);
if (status !== 0) {
  process.stderr.write(
    `prepare: the tensorflow backend could not be set up (exit ${status}, reason above); everything else works, ` +
      'and --backend tensorflow reports "not available". Fix the reason and run `npx tfjs-repro setup tensorflow`.\n',
  );
}
if (kerasStatus !== 0) {
  process.stderr.write(
    `prepare: the keras runtime could not be set up (exit ${kerasStatus}, reason above); everything else works, ` +
      'and --runtime keras reports "not available". Fix the reason and run `npx tfjs-repro setup keras`.\n',
  );
}
