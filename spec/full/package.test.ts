import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = path.join(ROOT, 'fixtures', 'example-project');
const temp = useTempDir('package');

/** The environment a user's shell would give npm: without this test runner's own variables. */
function userEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('VITEST') && !key.startsWith('npm_') && key !== 'NODE_OPTIONS' && key !== 'TFJS_REPRO_REQUIRE_TENSORFLOW')
      env[key] = value;
  }
  // Output without colour, as a CI log shows it.
  delete env.FORCE_COLOR;
  return { ...env, NO_COLOR: '1', ...extra };
}

// The package as a user installs it: `npm pack` (dist/ is built by npm test's pretest; the pack
// skips its prepack build so that no test loses the dist/ it runs from), installed into a copy of
// the example project with its own package.json, whose `npm test` is a vitest suite of matchers.
describe('tfjs-repro installed from its tarball into a user project', () => {
  it("the project's npm test passes with the matchers; the CLI and the typed API resolve; a broken module fails with the first divergence", async () => {
    const dir = temp();
    await mkdir(path.join(dir, 'pack'));
    await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', path.join(dir, 'pack')], { cwd: ROOT, env: userEnv() });
    const project = path.join(dir, 'project');
    await cp(EXAMPLE, project, { recursive: true });
    await execa('npm', ['install', '--no-audit', '--no-fund', path.join(dir, 'pack', 'tfjs-repro-0.1.0.tgz')], { cwd: project, env: userEnv() });

    const suite = await execa('npm', ['test'], { cwd: project, env: userEnv({ CI: 'true' }), reject: false, all: true });
    expect(suite.exitCode, suite.all).toBe(0);
    expect(suite.all).toMatch(/Tests {2}3 passed \(3\)/);

    const help = await execa('npx', ['tfjs-repro', '--help'], { cwd: project, env: userEnv() });
    expect(help.stdout).toMatch(/Usage: tfjs-repro/);
    const api = await execa(
      'node',
      [
        '--input-type=module',
        '-e',
        "const m = await import('tfjs-repro'); console.log(Object.keys(m).filter((k) => typeof m[k] === 'function').sort().join(','))",
      ],
      { cwd: project, env: userEnv() },
    );
    expect(api.stdout).toMatch(/check,checkGoldens,compare,.*run,/);

    const broken = await execa('npx', ['vitest', 'run', '--root', 'broken'], { cwd: project, env: userEnv({ CI: 'true' }), reject: false, all: true });
    expect(broken.exitCode).toBe(1);
    expect(broken.all).toMatch(/rerun {2}wasm {5}VIOLATED {2}differs at epoch 1 batch 1: [\d.e-]+ \([0-9a-f]{8}\) vs [\d.e-]+ \([0-9a-f]{8}\), \d+ ULP/);
    expect(broken.all).toMatch(/rerun: reproduce one run with npx tfjs-repro run --scenario \S+unseeded-regressor\.mjs --backend wasm /);
    // The matcher's message says why: the data draws from the operating system's entropy.
    expect(broken.all).toMatch(/why rerun is violated on wasm: data, from epoch 1 batch 1: the inputs or targets of batch 1 of epoch 1 differ/);
    await writeFile(path.join(dir, 'broken-output.txt'), broken.all ?? '');
  }, 180_000);

  it("in a project that pins another tfjs (4.21.0), every run trains on the project's tfjs, in Node and in Chromium, and golden check judges the goldens made on 4.22.0", async () => {
    const dir = temp();
    const project = path.join(dir, 'project-4.21');
    await cp(EXAMPLE, project, { recursive: true });
    const pkg = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    pkg.devDependencies['@tensorflow/tfjs'] = '4.21.0';
    pkg.devDependencies['@tensorflow/tfjs-backend-wasm'] = '4.21.0';
    await writeFile(path.join(project, 'package.json'), JSON.stringify(pkg, null, 2));
    await execa('npm', ['install', '--no-audit', '--no-fund', path.join(dir, 'pack', 'tfjs-repro-0.1.0.tgz')], { cwd: project, env: userEnv() });
    for (const runtime of ['node', 'chromium']) {
      const run = await execa('npx', ['tfjs-repro', 'run', '--runtime', runtime, '--epochs', '2', '--json'], { cwd: project, env: userEnv() });
      const trajectory = JSON.parse(run.stdout) as { provenance: { packages: Record<string, string> } };
      expect(trajectory.provenance.packages, runtime).toMatchObject({
        '@tensorflow/tfjs': '4.21.0',
        '@tensorflow/tfjs-core': '4.21.0',
        '@tensorflow/tfjs-layers': '4.21.0',
        '@tensorflow/tfjs-backend-wasm': '4.21.0',
      });
    }
    const golden = await execa('npx', ['tfjs-repro', 'golden', 'check', '--dir', '__goldens__'], { cwd: project, env: userEnv(), reject: false, all: true });
    expect(golden.exitCode, golden.all).toBe(0);
    expect(golden.all).toMatch(/provenance: @tensorflow\/tfjs: 4\.22\.0 → 4\.21\.0/);
    expect(golden.all).toMatch(/1 golden file\(s\): 1 identical/);
    // A mixed set (a backend of another release than the union; npm needs --force to make one) is refused, saying what was found and what to install.
    await execa('npm', ['install', '--force', '--no-audit', '--no-fund', '--no-save', '@tensorflow/tfjs-backend-wasm@4.22.0'], {
      cwd: project,
      env: userEnv(),
    });
    const mixed = await execa('npx', ['tfjs-repro', 'run', '--epochs', '2'], { cwd: project, env: userEnv(), reject: false, all: true });
    expect(mixed.exitCode, mixed.all).toBe(4);
    expect(mixed.all).toMatch(
      /a mixed tfjs: @tensorflow\/tfjs 4\.21\.0, .*@tensorflow\/tfjs-backend-wasm 4\.22\.0 \(all on tfjs-core 4\.21\.0\).*npm install @tensorflow\/tfjs@4\.21\.0 .*@tensorflow\/tfjs-backend-wasm@4\.21\.0/,
    );
  }, 240_000);
});
