// What `tfjs-repro setup keras` would install, resolved by pip (nothing installed) as a user's
// machine resolves it: from the Python package index alone, with this machine's local wheel folder
// (PIP_FIND_LINKS), pip's config files (extra indexes, constraints) and pip's cache all hidden.
// Needs python3 with pip and the index, nothing of node_modules: CI runs it while `npm ci` installs.
//
//   node scripts/check-install-plan.mjs     exit 0 when every expectation holds, 1 otherwise
//
// Three resolutions at once (each ~20 s of pip, mostly reading the index): the keras list with
// PyTorch's CUDA list must resolve whole (every requirement of every planned wheel in the plan,
// since the set-up installs with --no-deps); the CPU list must find no torch (the index has no CPU
// build, so the set-up says keras/torch "not available"); and torch==2.13.0 alone — what the set-up
// used to install — must be caught missing its NVIDIA packages: the check can fail.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const python = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'python');
const temp = await mkdtemp(path.join(os.tmpdir(), 'tfjs-repro-install-plan-'));

/** pip's resolution of these lists as python/check_install_plan.py reports it. */
function plan(name, lists) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PIP_')));
  Object.assign(env, { PIP_CONFIG_FILE: '/dev/null', PIP_CACHE_DIR: path.join(temp, `pip-cache-${name}`), PIP_DISABLE_PIP_VERSION_CHECK: '1' });
  return new Promise((resolve) => {
    execFile('python3', [path.join(python, 'check_install_plan.py'), ...lists], { env, timeout: 300_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      try {
        resolve({ name, ...JSON.parse(stdout), stderr });
      } catch {
        resolve({ name, failed: `python3 check_install_plan.py gave no plan (${error?.message ?? 'no output'}): ${stderr.trim().split('\n').at(-1) ?? ''}` });
      }
    });
  });
}

const plain = path.join(temp, 'requirements-torch-plain.txt');
await writeFile(plain, 'torch==2.13.0\n');
const started = performance.now();
const [cuda, cpu, broken] = await Promise.all([
  plan('cuda', [path.join(python, 'requirements-keras.txt'), path.join(python, 'requirements-torch-cuda.txt')]),
  plan('cpu', [path.join(python, 'requirements-torch-cpu.txt')]),
  plan('plain', [plain]),
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
