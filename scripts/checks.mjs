// `npm test`'s pretest after the build: the type check and the linters side by side (each is
// mostly single-threaded; on 2 cores together they take the longer one's time, not the sum).
// Each one's output is printed whole when it ends; the exit code is the first failure's.
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (script) =>
  new Promise((resolve) => {
    const child = spawn(npm, ['run', script, '--silent'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ script, code: code ?? 1, output }));
  });

const results = await Promise.all(['typecheck', 'lint'].map(run));
for (const { script, code, output } of results) {
  if (output.trim() !== '') process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  if (code !== 0) process.stderr.write(`npm run ${script} failed (exit ${code})\n`);
}
process.exit(results.find((r) => r.code !== 0)?.code ?? 0);
