// What `tfjs-repro setup keras` would install, resolved by pip (nothing installed) as a user's
// machine resolves it: from the Python package index alone, with this machine's local wheel folder
// (PIP_FIND_LINKS), pip's config files (extra indexes, constraints) and pip's cache all hidden.
// Needs python3 with pip and the index, nothing of node_modules: CI runs it while `npm ci` installs.
//
//   node scripts/check-install-plan.mjs     exit 0 when every expectation holds, 1 otherwise
//
// Three resolutions at once: the keras list with PyTorch's CUDA list must resolve whole (every
// requirement of every planned wheel in the plan, since the set-up installs with --no-deps); the
// CPU list must find no torch (the index has no CPU build, so the set-up says keras/torch "not
// available"); and torch==2.13.0 alone — what the set-up used to install — must be caught missing
// its NVIDIA packages: the check can fail.
//
// The resolving pip is a pinned one (PLAN_PIP) in a throw-away environment, with fast-deps: it reads
// each wheel's metadata with HTTP range requests. Python 3.11's own pip (23.2) downloads every
// planned wheel whole to read it, 3 GB for PyTorch's CUDA list (108 s and 45 CPU-s here, beside
// npm ci); pinned versions with --only-binary name one wheel each, which any pip picks alike.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const python = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'python');
const temp = await mkdtemp(path.join(os.tmpdir(), 'tfjs-repro-install-plan-'));
/** The pip that resolves, from the index like everything else here (1.8 MB). */
const PLAN_PIP = 'pip==25.3 --hash=sha256:9655943313a94722b7774661c21049070f6bbb0a1516bf02f7c8d5d9201514cd';

/** A user's machine: no PIP_* settings of ours, no config file, an empty cache of its own. */
function userPipEnv(name) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PIP_')));
  return { ...env, PIP_CONFIG_FILE: '/dev/null', PIP_CACHE_DIR: path.join(temp, `pip-cache-${name}`), PIP_DISABLE_PIP_VERSION_CHECK: '1' };
}

const run = (file, args, env) =>
  new Promise((resolve) => {
    execFile(file, args, { env, timeout: 300_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => resolve({ error, stdout, stderr }));
  });

/** A virtual environment holding only PLAN_PIP; its Python, or why there is none. */
async function planPip() {
  const venv = path.join(temp, 'pip-venv');
  const made = await run('python3', ['-m', 'venv', '--without-pip', venv], process.env);
  if (made.error) return { failed: `python3 -m venv: ${made.stderr.trim() || made.error.message}` };
  const list = path.join(temp, 'requirements-pip.txt');
  await writeFile(list, `${PLAN_PIP}\n`);
  const pipPython = path.join(venv, 'bin', 'python');
  const args = ['-m', 'pip', '--python', pipPython, 'install', '--no-deps', '--require-hashes', '--no-input', '--quiet', '-r', list];
  const installed = await run('python3', args, userPipEnv('bootstrap'));
  if (installed.error) return { failed: `python3 ${args.join(' ')}: ${installed.stderr.trim().split('\n').at(-1) ?? installed.error.message}` };
  return { pipPython };
}

/** pip's resolution of these lists as python/check_install_plan.py reports it. */
async function plan(name, lists, pipPython) {
  const env = { ...userPipEnv(name), TFJS_REPRO_PLAN_PIP_PYTHON: pipPython, TFJS_REPRO_PLAN_PIP_ARGS: '--use-feature=fast-deps' };
  const { error, stdout, stderr } = await run('python3', [path.join(python, 'check_install_plan.py'), ...lists], env);
  try {
    return { name, ...JSON.parse(stdout), stderr };
  } catch {
    return { name, failed: `python3 check_install_plan.py gave no plan (${error?.message ?? 'no output'}): ${stderr.trim().split('\n').at(-1) ?? ''}` };
  }
}

const plain = path.join(temp, 'requirements-torch-plain.txt');
await writeFile(plain, 'torch==2.13.0\n');
const started = performance.now();
const pip = await planPip();
if (pip.failed !== undefined) {
  await rm(temp, { recursive: true, force: true });
  process.stderr.write(
    `install plan from the Python package index alone: could not make the pinned pip that resolves it (${PLAN_PIP.split(' ')[0]}): ${pip.failed}\n`,
  );
  process.exit(1);
}
const [cuda, cpu, broken] = await Promise.all([
  plan('cuda', [path.join(python, 'requirements-keras.txt'), path.join(python, 'requirements-torch-cuda.txt')], pip.pipPython),
  plan('cpu', [path.join(python, 'requirements-torch-cpu.txt')], pip.pipPython),
  plan('plain', [plain], pip.pipPython),
]);
await rm(temp, { recursive: true, force: true });

const problems = [];
const expect = (ok, what, plan) => {
  if (!ok) problems.push(`${what}\n  pip's answer: ${JSON.stringify({ ...plan, stderr: plan.stderr?.slice(-400) })}`);
};
const wanted = ['keras==3.15.1', 'tensorflow-cpu==2.20.0', 'jax==0.10.2', 'torch==2.13.0', 'nvidia-cudnn-cu13==9.20.0.48'];
expect(
  cuda.resolved === true && cuda.unmet.length === 0 && wanted.every((w) => cuda.installs.includes(w)),
  `the keras list with PyTorch's CUDA list must resolve whole from the index, with ${wanted.join(', ')}`,
  cuda,
);
expect(
  /No matching distribution found for torch==2\.13\.0\+cpu/.test(cpu.pipError ?? ''),
  "PyTorch's CPU list must find no torch on the index (the set-up then says keras/torch is not available)",
  cpu,
);
expect(
  broken.resolved === true && (broken.unmet ?? []).some((u) => u.startsWith('torch 2.13.0 needs nvidia-cudnn-cu13==9.20.0.48')),
  'torch==2.13.0 alone must be caught missing its NVIDIA packages (else the check cannot fail)',
  broken,
);

const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (problems.length > 0) {
  process.stderr.write(`install plan from the Python package index alone: ${problems.length} expectation(s) failed (${seconds} s)\n${problems.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(
  `install plan from the Python package index alone (${seconds} s): the keras list and PyTorch's CUDA list resolve whole (${cuda.installs.length} wheels); ` +
    "PyTorch's CPU build is not there (keras/torch: not available); torch==2.13.0 alone is caught missing its NVIDIA packages\n",
);
