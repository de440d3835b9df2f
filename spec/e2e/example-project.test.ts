import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const EXAMPLE = fileURLToPath(new URL('../../fixtures/example-project', import.meta.url));

// A user's project exactly as the README describes it: its own tfjs-repro.config.json listing its
// own scenario module (ring-regressor, stateless, no shuffle) and a small built-in one, run through
// the public CLI from the project folder (a copy, so the fixture stays clean). Seed 7, wasm.
describe('the example user project, through the CLI', () => {
  const tempDir = useTempDir('example');
  let project = '';
  beforeAll(async () => {
    project = path.join(tempDir(), 'project');
    await cp(EXAMPLE, project, { recursive: true });
  });

  it('check: every claim that applies holds for both scenarios of its config (exit 0)', async () => {
    const { exitCode, stdout, stderr } = await runCli(['check', '--json'], { cwd: project });
    expect(exitCode, stderr).toBe(0);
    const set = JSON.parse(stdout) as {
      format: string;
      ok: boolean;
      checks: { scenario: { scenario: string; params: object; seed: number }; backends: { claims: { claim: string; verdict: string }[] }[] }[];
    };
    expect(set.format).toBe('tfjs-repro/check-set');
    const verdicts = set.checks.map((c) => [c.scenario.scenario, c.backends[0]!.claims.map((x) => `${x.claim}:${x.verdict}`)]);
    expect(verdicts).toEqual([
      // Stateless: no reset claims. No shuffle: N × fit(1) and fit(N) are the same computation.
      ['ring-regressor', ['rerun:holds', 'rerun-native-random:holds', 'loop-equals-single:holds', 'seed-matters:holds', 'env-invariance:holds']],
      [
        'stateful-lstm-sine',
        [
          'rerun:holds',
          'rerun-native-random:holds',
          'loop-equals-single:holds',
          'reset-matters:holds',
          'callback-equals-loop:holds',
          'seed-matters:holds',
          'env-invariance:holds',
        ],
      ],
    ]);
    // The config's seed and the module's own parameter (overridden by the config) reached the runs.
    expect(set.checks[0]!.scenario).toMatchObject({ seed: 7, params: { hidden: 6, activation: 'tanh' } });
  });

  it("compare of two saved runs of the project's own scenario module exits 0: a saved file is checked by its shape, not against what this process has loaded", async () => {
    for (const name of ['a.json', 'b.json']) {
      const run = await runCli(['run', '--scenario', 'ring-regressor', '--epochs', '3', '--out', name], { cwd: project });
      expect(run.exitCode, run.stderr).toBe(0);
    }
    // From the project folder (its config registers the module) and from anywhere else (nothing loaded).
    for (const cwd of [project, tempDir()]) {
      const compare = await runCli(['compare', path.join(project, 'a.json'), path.join(project, 'b.json')], { cwd });
      expect(compare.exitCode, compare.stderr).toBe(0);
      expect(compare.stdout).toMatch(/identical/);
    }
    // The shape is still checked: a parameter that is not a number, string or boolean is refused.
    const saved = JSON.parse(await readFile(path.join(project, 'a.json'), 'utf8'));
    saved.request.scenario.params.hidden = { not: 'a value' };
    await writeFile(path.join(project, 'bad.json'), JSON.stringify(saved));
    const bad = await runCli(['compare', path.join(project, 'bad.json'), path.join(project, 'b.json')], { cwd: tempDir() });
    expect(bad.stderr).toMatch(/request\.params\.hidden: expected a number, string or boolean/);
    expect(bad.exitCode).toBe(3);
  });

  it("golden update writes one golden per scenario into the config's folder; golden check finds them identical, and a tampered one drifted", async () => {
    const update = await runCli(['golden', 'update', '--reason', 'first goldens of the example project'], { cwd: project });
    expect(update.exitCode, update.stderr).toBe(0);
    expect(update.stdout).toMatch(/goldens\/ring-regressor\/wasm\.json: new golden/);
    const check = await runCli(['golden', 'check'], { cwd: project });
    expect(check.exitCode, check.stdout).toBe(0);
    expect(check.stdout).toMatch(/2 golden file\(s\): 2 identical/);
    // Identical in tfjs-repro's world: its runs seed Math.random, and the output says so.
    expect(check.stdout).toMatch(/recorded and re-run given Math\.random seeded before tfjs loads/);

    const file = path.join(project, 'goldens', 'ring-regressor', 'wasm.json');
    const golden = JSON.parse(await readFile(file, 'utf8'));
    const point = golden.runs[0].epochs[3];
    // One ULP up, decimal kept consistent with the hex (the file stays valid; its numbers drift).
    const bits = Number.parseInt(point.lossBits, 16) + 1;
    point.lossBits = bits.toString(16).padStart(8, '0');
    point.loss = new Float32Array(new Uint32Array([bits]).buffer)[0];
    await writeFile(file, JSON.stringify(golden));
    const tampered = await runCli(['golden', 'check'], { cwd: project });
    expect(tampered.stdout).toMatch(/ring-regressor\/wasm\.json: DRIFTED/);
    expect(tampered.exitCode).toBe(1);
  });

  it('a module that draws its data from outside the seeds makes rerun fail (exit 1)', async () => {
    const module = path.join(project, 'scenarios', 'unseeded.mjs');
    const source = await readFile(path.join(project, 'scenarios', 'ring-regressor.mjs'), 'utf8');
    // crypto's randomness is not seeded by the harness: two processes draw different data.
    await writeFile(
      module,
      source
        .replace("name: 'ring-regressor'", "name: 'unseeded'")
        .replace(
          'const [a, b] = [2 * random() - 1, 2 * random() - 1];',
          'const [a, b] = [2 * crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32 - 1, 2 * random() - 1];',
        ),
    );
    const { exitCode, stdout } = await runCli(['check', '--scenario', './scenarios/unseeded.mjs', '--claims', 'rerun'], { cwd: project });
    expect(stdout).toMatch(/rerun\s+wasm\s+VIOLATED\s+differs at epoch 1 batch 1/);
    expect(exitCode).toBe(1);
  });
});

describe('bad scenario modules and configs get a clear message naming the module (exit 2, nothing written)', () => {
  const tempDir = useTempDir('bad-modules');
  const valid = `export default {
    name: 'tiny', describe: () => 'tiny', stateful: false, shuffle: false,
    defaults: { samples: 20, batchSize: 10, epochs: 2 }, params: { hidden: 3 },
    initializers: () => ['k'],
    build(tf, c, seeds, { createOptimizer }) { BUILD }
  };`;
  const goodBuild = `const model = tf.sequential(); model.add(tf.layers.dense({ inputShape: [1], units: 1 })); model.compile({ loss: 'meanSquaredError', optimizer: createOptimizer() }); return { x: tf.ones([c.samples, 1]), y: tf.ones([c.samples, 1]), model };`;
  const write = async (name: string, text: string) => {
    await writeFile(path.join(tempDir(), name), text);
    return `./${name}`;
  };

  it.each([
    ['does not exist', async () => './nope.mjs', /scenario module --scenario \.\/nope\.mjs: no such file/],
    ['is TypeScript', async () => write('model.ts', 'export default {}'), /expected a JavaScript module \(\.mjs, \.js, \.cjs\); compile TypeScript first/],
    [
      'throws while loading',
      async () => write('throws.mjs', "throw new Error('boom at import');"),
      /scenario module --scenario \.\/throws\.mjs: failed to load: boom at import/,
    ],
    [
      'exports the wrong shape',
      async () => write('shape.mjs', "export default { name: 'Bad Name', stateful: 'no' };"),
      /does not export a scenario definition[\s\S]*name: expected lowercase[\s\S]*describe: expected a function[\s\S]*stateful: expected true or false, got "no" \(string\)/,
    ],
    [
      "takes a built-in's name",
      async () => write('clash.mjs', valid.replace("'tiny'", "'stateful-lstm-sine'").replace('BUILD', goodBuild)),
      /name "stateful-lstm-sine" is taken by a built-in scenario/,
    ],
  ])('a module that %s', async (_, make, message) => {
    const { exitCode, stderr } = await runCli(['check', '--scenario', await make(), '--backend', 'wasm'], { cwd: tempDir() });
    expect(stderr).toMatch(message);
    expect(exitCode).toBe(2);
  });

  it.each([
    ['throws while building', "throw new Error('no data here');", /scenario tiny \(.*throws-build\.mjs\): build threw: no data here/],
    [
      'returns the wrong shape',
      'return { x: [1, 2], model: {} };',
      /build returned the wrong shape: x: expected a tf\.Tensor, got array of 2; y: expected a tf\.Tensor, got undefined; model: expected a tf\.LayersModel/,
    ],
    ['declares stateful: true for a stateless model', goodBuild, /declares stateful: true, but its model has no stateful layer/],
  ])('a module whose build %s: the run fails with that reason, a usage error of the module (exit 2)', async (name, build, message) => {
    const text = valid.replace('BUILD', build).replace('stateful: false', name.startsWith('declares') ? 'stateful: true' : 'stateful: false');
    const module = await write(`${name.startsWith('throws') ? 'throws-build' : name.startsWith('returns') ? 'wrong-build' : 'liar'}.mjs`, text);
    const { exitCode, stderr } = await runCli(['run', '--scenario', module, '--backend', 'wasm'], { cwd: tempDir() });
    expect(stderr).toMatch(message);
    expect(exitCode).toBe(2);
  });

  it('reset claims on a stateless module, an unknown --param and a bad --param value are refused together', async () => {
    const module = await write('tiny.mjs', valid.replace('BUILD', goodBuild));
    const claims = await runCli(['check', '--scenario', module, '--claims', 'reset-matters', '--backend', 'wasm'], { cwd: tempDir() });
    expect(claims.stderr).toMatch(/--claims: reset-matters do not apply to tiny, a stateless model/);
    expect(claims.exitCode).toBe(2);
    const params = await runCli(['run', '--scenario', module, '--param', 'depth=2', '--param', 'hidden=three'], { cwd: tempDir() });
    expect(params.stderr).toMatch(/--param depth: unknown parameter; declared: hidden/);
    expect(params.stderr).toMatch(/--param hidden: expected a finite number, got "three" \(string\)/);
    expect(params.exitCode).toBe(2);
  });

  it('a config with several mistakes names each, with its file, at once', async () => {
    const dir = path.join(tempDir(), 'bad-config');
    await cp(EXAMPLE, dir, { recursive: true });
    await writeFile(
      path.join(dir, 'tfjs-repro.config.json'),
      JSON.stringify({
        scenarios: [
          './scenarios/missing.mjs',
          {
            scenario: 'stateful-lstm-sine',
            epochs: 'many',
            expect: { 'reset-maters': 'violated', 'threads-invariance@keras/wasm': 'violated', 'rerun@python': 'violated' },
            runtimes: { chromium: ['webgpu', 'tensorflow'] },
          },
        ],
        backends: ['gpu'],
        goldens: { budget: 3 },
        colour: true,
      }),
    );
    const { exitCode, stderr } = await runCli(['check'], { cwd: dir });
    expect(stderr).toMatch(/tfjs-repro\.config\.json: invalid tfjs-repro config/);
    for (const issue of [
      /colour: unknown field/,
      /scenarios\[0\]: scenario module \.\/scenarios\/missing\.mjs .*no such file/,
      /backends: expected a non-empty array of cpu, wasm, tensorflow, webgl, webgpu, jax, torch, got array of 1/,
      /goldens\.budget: unknown field/,
      /scenarios\[1\]\.expect\.reset-maters: unknown claim/,
      /scenarios\[1\]\.expect\.threads-invariance@keras\/wasm: the keras runtime has no backend "wasm" \(string\); its backends: tensorflow, jax, torch/,
      /scenarios\[1\]\.runtimes\.chromium: expected a non-empty array of cpu, wasm, webgl, webgpu, got array of 2/,
      /scenarios\[1\]\.expect\.rerun@python: unknown runtime "python" \(string\); runtimes: node, chromium, keras/,
    ]) {
      expect(stderr).toMatch(issue);
    }
    expect(exitCode).toBe(2);
    // A field the config got wrong is named as the config's, not as a flag.
    await writeFile(path.join(dir, 'tfjs-repro.config.json'), JSON.stringify({ scenarios: [{ scenario: 'stateful-lstm-sine', epochs: 'many' }] }));
    const field = await runCli(['check'], { cwd: dir });
    expect(field.stderr).toMatch(/tfjs-repro\.config\.json scenarios\[0\]\.epochs: expected an integer from 1 to 100000, got "many" \(string\)/);
    expect(field.exitCode).toBe(2);
  });
});
