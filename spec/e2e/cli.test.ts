import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const SMALL = ['--samples', '200', '--batch-size', '50', '--epochs', '3'];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tfjs-repro-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tfjs-repro run', () => {
  it('prints exactly one JSON object with every epoch and batch loss as float32 hex, weight digests and provenance (seed 5, cpu)', async () => {
    const out = path.join(dir, 'a.json');
    const { exitCode, stdout } = await runCli(['run', '--backend', 'cpu', '--seed', '5', ...SMALL, '--json', '--out', out]);
    expect(exitCode).toBe(0);
    const run = JSON.parse(stdout);
    expect(run.epochs).toHaveLength(3);
    for (const epoch of run.epochs) {
      expect(typeof epoch.loss).toBe('number');
      expect(epoch.lossBits).toMatch(/^[0-9a-f]{8}$/);
    }
    expect(run.batches).toHaveLength(12);
    expect(run.weightDigests).toHaveLength(3);
    expect(run.provenance).toMatchObject({ backend: 'cpu', runtime: 'node' });
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(run);
  });

  it('--help explains the options and the exit codes', async () => {
    const { exitCode, stdout } = await runCli(['run', '--help']);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/--batch-size <n>\s+batch size; must divide --samples/);
    const top = await runCli(['--help']);
    expect(top.stdout).toMatch(/Exit codes: 0 ok, 1 a claim or comparison failed, 2 bad usage/);
  });
});

describe('tfjs-repro compare', () => {
  let a: string;
  let b: string;
  let other: string;
  beforeAll(async () => {
    a = path.join(dir, 'cmp-a.json');
    b = path.join(dir, 'cmp-b.json');
    other = path.join(dir, 'cmp-other.json');
    await Promise.all([
      runCli(['run', '--backend', 'wasm', '--seed', '9', ...SMALL, '--out', a, '--json']),
      runCli(['run', '--backend', 'wasm', '--seed', '9', '--case', 'single', ...SMALL, '--out', b, '--json']),
      runCli(['run', '--backend', 'cpu', '--seed', '9', ...SMALL, '--out', other, '--json']),
    ]);
  });

  it('finds case loop and case single identical (seed 9, wasm) and exits 0', async () => {
    const { exitCode, stdout } = await runCli(['compare', a, b]);
    expect(stdout).toMatch(/identical \(\d+ values, bitwise\)/);
    expect(exitCode).toBe(0);
  });

  it('reports the first divergence between wasm and cpu and exits 1; a wide enough tolerance exits 0', async () => {
    const exact = await runCli(['compare', a, other, '--json']);
    expect(exact.exitCode).toBe(1);
    const report = JSON.parse(exact.stdout);
    expect(report).toMatchObject({ verdict: 'different', firstDivergence: { epoch: 1, batch: expect.any(Number) } });
    const loose = await runCli(['compare', a, other, '--tolerance', 'rel:0.01']);
    expect(loose.exitCode).toBe(0);
  });

  it('rejects a hand-edited file whose decimal disagrees with its hex, naming the field (exit 3)', async () => {
    const run = JSON.parse(await readFile(a, 'utf8'));
    run.epochs[1].loss = 0.5;
    const tampered = path.join(dir, 'tampered.json');
    await writeFile(tampered, JSON.stringify(run));
    const { exitCode, stderr } = await runCli(['compare', a, tampered]);
    expect(exitCode).toBe(3);
    expect(stderr).toMatch(
      /tampered\.json: not a valid trajectory:\n {2}- epochs\[1\]\.loss: disagrees with lossBits [0-9a-f]{8} \(= [\d.]+\), got 0\.5 \(number\)/,
    );
  });
});

describe('bad input: one clear message naming the option, the value and what is allowed, and a distinct exit code', () => {
  it.each([
    [['run', '--seed', '-1'], 2, /--seed: expected an integer from 0 to 4294967295, got -1 \(number\)/],
    [['run', '--seed', '1.5'], 2, /--seed: expected an integer from 0 to 4294967295, got 1\.5 \(number\)/],
    [['run', '--seed', 'abc'], 2, /--seed: expected an integer from 0 to 4294967295, got "abc" \(string\)/],
    [['run', '--batch-size', '300'], 2, /--batch-size: expected a divisor of samples \(1000\)/],
    [['run', '--epochs', '0'], 2, /--epochs: expected an integer from 1 to 100000, got 0 \(number\)/],
    [['run', '--backend', 'gpu'], 2, /--backend: expected one of cpu, wasm, tensorflow, webgl, webgpu, jax, torch, got "gpu" \(string\)/],
    [['run', '--case', 'twice'], 2, /argument 'twice' is invalid\. Allowed choices are loop, single/],
    [['run', '--optimizer', 'rmsprop'], 2, /--optimizer: expected one of adadelta, adadelta-tfjs, sgd, adam, got "rmsprop"/],
    [['run', '--sed', '1'], 2, /unknown option '--sed'\n\(Did you mean --seed\?\)/],
    [['chek'], 2, /unknown command 'chek'\n\(Did you mean check\?\)/],
    [['check', '--parallelism', '0'], 2, /--parallelism: expected an integer from 1 to 64, got 0 \(number\)/],
    [['check', '--epochs', '1'], 2, /--epochs: expected at least 2 for check/],
    [['check', '--backend', 'cpu,gpu'], 2, /--backend: expected a comma-separated list of cpu, wasm, tensorflow, webgl, webgpu, jax, torch, got "cpu,gpu"/],
    [['sweep'], 2, /--seeds or --sample: expected a grid of seeds \(--seeds 0,1,4294967295\) or a drawn sample \(--sample 200\), got neither/],
    [
      ['sweep', '--seeds', '1,x', '--shard', '4/3'],
      2,
      /--shard: expected i\/n with 1 ≤ i ≤ n ≤ 1000 \(e\.g\. 2\/3\), got "4\/3" \(string\)\n {2}- --seeds: expected a comma-separated list of integers from 0 to 4294967295, got "1,x"/,
    ],
    [['sweep', '--seeds', '1', '--sample', '5'], 2, /--seeds and --sample: expected one of them/],
    [['merge', 'missing-blob.json'], 3, /missing-blob\.json: no such file; expected a blob written by `tfjs-repro sweep --out`/],
    [['compare', 'missing-a.json', 'missing-b.json'], 3, /missing-a\.json: no such file.*\ntfjs-repro: missing-b\.json: no such file/],
    [['compare', 'a.json', 'b.json', '--tolerance', 'ulp:-1'], 2, /--tolerance: expected one of exact, ulp:N/],
    [['run', '--learning-rate', '-1'], 2, /--learning-rate: expected a positive finite number, got -1 \(number\)/],
    [['run', '--noise', '-0.5'], 2, /--noise: expected a finite number ≥ 0, got -0\.5 \(number\)/],
    [['run', '--layers', '0'], 2, /--layers: expected an integer from 1 to 8, got 0 \(number\)/],
    [['run', '--units', '2000'], 2, /--units: expected an integer from 1 to 1024, got 2000 \(number\)/],
    [['run', '--samples', '0'], 2, /--samples: expected an integer from 1 to 1000000, got 0 \(number\)/],
    [['run', '--step', '0'], 2, /--step: expected a positive finite number, got 0 \(number\)/],
    [
      ['run', '--scenario', 'mnist'],
      2,
      /--scenario: expected one of stateful-lstm-sine, blobs-dropout-classifier, or the path of a scenario module \(\.\/my-scenario\.mjs\), got "mnist" \(string\)/,
    ],
    [['run', '--timeout', '0'], 2, /--timeout: expected a whole number of milliseconds ≥ 1, got 0 \(number\)/],
    [['run', '--tfjs', 'latest'], 2, /--tfjs: expected a published version such as 4\.21\.0, got "latest" \(string\)/],
    [['check', '--tfjs', '4.21,4.22.0'], 2, /--tfjs: expected comma-separated published versions such as 4\.21\.0,4\.22\.0, got "4\.21,4\.22\.0" \(string\)/],
    [
      ['run', '--tfjs', '4.21.0', '--runtime', 'keras', '--backend', 'jax'],
      4,
      /--tfjs 4\.21\.0: keras\/jax trains with the project's tfjs only; a published release runs in node on cpu and wasm; chromium on cpu and wasm and webgl/,
    ],
    [['bisect', '--tfjs', '4.22.0..4.0.0'], 2, /--tfjs: the good release must come before the bad one, got 4\.22\.0\.\.4\.0\.0/],
    [['bisect', '--tfjs', '4.0.0'], 2, /--tfjs: expected good\.\.bad, two published versions such as 4\.0\.0\.\.4\.22\.0, got "4\.0\.0" \(string\)/],
    [['check', '--claims', 'rerun,bogus'], 2, /--claims: expected a comma-separated list of rerun, rerun-native-random, loop-equals-single/],
    [['report', '--epochs', '1'], 2, /--epochs: expected at least 2 for a report of stateful-lstm-sine, got 1 \(number\)/],
    [['golden', 'check', '--dir', 'no-such-folder'], 3, /--dir no-such-folder: cannot list golden files \(ENOENT\)/],
    [['golden', 'update', '--reason', 'x', '--budget-ulps', '-2'], 2, /--budget-ulps: expected an integer ≥ 0, got -2 \(number\)/],
    [['fidelity', '--bundle', 'missing.json'], 3, /missing\.json: no such file; expected a bundle written by `tfjs-repro export`/],
    [['report', '--from', 'missing.json'], 3, /missing\.json: no such file; expected the results\.json of a report/],
  ] as const)('%j exits %i', async (args, code, message) => {
    const { exitCode, stderr, stdout } = await runCli(args, { cwd: dir });
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
    expect(exitCode).toBe(code);
  });

  it('reports every bad option of one call at once', async () => {
    const { exitCode, stderr } = await runCli(['run', '--seed', '-1', '--epochs', '0', '--units', 'many']);
    expect(exitCode).toBe(2);
    expect(stderr.match(/^ {2}- /gm)).toHaveLength(3);
  });

  it('rejects a truncated run file and one written by a newer tfjs-repro, naming the field (exit 3)', async () => {
    const good = await readFile(path.join(dir, 'a.json'), 'utf8');
    const truncated = path.join(dir, 'truncated.json');
    await writeFile(truncated, good.slice(0, good.length / 2));
    expect(await runCli(['compare', truncated, truncated])).toMatchObject({ exitCode: 3, stderr: expect.stringMatching(/truncated\.json: not JSON/) });
    const newer = path.join(dir, 'newer.json');
    await writeFile(newer, JSON.stringify({ ...JSON.parse(good), version: 2 }));
    expect(await runCli(['compare', newer, newer])).toMatchObject({
      exitCode: 3,
      stderr: expect.stringMatching(
        /newer\.json: not a valid trajectory:\n {2}- version: expected 1, got 2 \(number\) \(written by a newer tfjs-repro; upgrade it\)/,
      ),
    });
  });

  it('rejects malformed and empty run files (exit 3) and leaves nothing behind when --out cannot be written', async () => {
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, '{"format": ');
    expect(await runCli(['compare', bad, bad])).toMatchObject({ exitCode: 3, stderr: expect.stringMatching(/bad\.json: not JSON/) });
    const empty = path.join(dir, 'empty.json');
    await writeFile(empty, '');
    expect(await runCli(['compare', empty, empty])).toMatchObject({ exitCode: 3, stderr: expect.stringMatching(/empty\.json: the file is empty/) });
    const nowhere = path.join(dir, 'no-such-folder', 'out.json');
    const { exitCode, stderr } = await runCli(['run', '--backend', 'cpu', ...SMALL, '--out', nowhere]);
    expect(stderr).toMatch(/out\.json: cannot be written \(ENOENT\)/);
    expect(exitCode).toBe(3);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
