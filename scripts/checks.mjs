// `npm test`'s pretest after the build: the type check and the linters of `npm run typecheck` and
// `npm run lint`, all four side by side (each is mostly single-threaded: on 2 cores they take about
// half their sum, 20 s here, where the lint chain alone took 25 s beside the type check). Each one's
// output is printed whole when it ends; the exit code is the first failure's.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
const CHECKS = [
  ['npm run typecheck', bin('typescript', 'bin/tsc'), '-p', 'tsconfig.json', '--noEmit'],
  ['eslint .', bin('eslint', 'bin/eslint.js'), '.'],
  ['prettier --check .', bin('prettier', 'bin/prettier.cjs'), '--check', '.'],
  ['node scripts/lint-workflows.mjs', path.join(root, 'scripts', 'lint-workflows.mjs')],
];

const run = ([name, ...args]) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ name, code: 1, output: String(error) }));
    child.on('close', (code) => resolve({ name, code: code ?? 1, output }));
  });

const results = await Promise.all(CHECKS.map(run));
for (const { name, code, output } of results) {
  if (output.trim() !== '') process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  if (code !== 0) process.stderr.write(`${name} failed (exit ${code})\n`);
}
process.exit(results.find((r) => r.code !== 0)?.code ?? 0);
