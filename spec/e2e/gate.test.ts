import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GoldenFile } from '../../src/golden/golden-file.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const temp = useTempDir('gate');
/** The keras runtime as on a machine where its set-up was skipped. */
const NO_KERAS = { TFJS_REPRO_KERAS_VENV: '/nonexistent/venv' };
const SMALL = ['--scenario', 'stateful-lstm-sine', '--samples', '200', '--epochs', '2', '--seed', '3'];

// The upgrade pull request of a grouped @tensorflow/* bump, where the new tfjs-node or the Python
// side could not be set up: the goldens that cannot be re-run must not let the gate pass.
describe('the gate fails closed: what is asked for and cannot run fails, unless excused explicitly', () => {
  let dir = '';
  beforeAll(async () => {
    dir = path.join(temp(), 'golden');
    const made = await runCli(['golden', 'update', '--backend', 'wasm', '--dir', dir, '--reason', 'gate test', ...SMALL]);
    expect(made.exitCode, made.stderr).toBe(0);
    // The bump: the wasm golden was made before it (tfjs 4.21.0 recorded; 4.21 → 4.22 moves no bit of
    // cpu or wasm, so it checks identical under another provenance), the keras ones are the committed ones.
    const file = path.join(dir, 'stateful-lstm-sine', 'wasm.json');
    const golden = JSON.parse(await readFile(file, 'utf8')) as GoldenFile;
    const packages = Object.fromEntries(
      Object.keys(golden.provenance.packages).map((name) => [name, name.startsWith('@tensorflow/') ? '4.21.0' : golden.provenance.packages[name]]),
    );
    await writeFile(file, `${JSON.stringify({ ...golden, provenance: { ...golden.provenance, packages } }, null, 2)}\n`);
    for (const name of ['keras-jax.json', 'keras-torch.json'])
      await copyFile(path.join(root, 'fixtures', 'golden', 'stateful-lstm-sine', name), path.join(dir, 'stateful-lstm-sine', name));
  }, 120_000);

  it('golden check: goldens that cannot run make it red (exit 4) and name the excuse; excused, green with the excuse in the summary', async () => {
    const red = await runCli(['golden', 'check', '--dir', dir], { env: NO_KERAS });
    expect(red.stdout).toMatch(/keras-jax\.json: NOT AVAILABLE\n {2}no Keras environment at \/nonexistent\/venv; run `npx tfjs-repro setup keras`/);
    expect(red.stdout).toMatch(/3 golden file\(s\): 1 identical, 0 within budget, 0 drifted, 0 invalid, 0 failed, 2 not available\./);
    expect(red.stdout).toContain('The gate fails closed: 2 golden(s) could not be re-run here (keras/jax, keras/torch)');
    expect(red.stdout).toContain('`--allow-unavailable keras/jax,keras/torch`');
    expect(red.exitCode, red.stderr).toBe(4);

    const excused = await runCli(['golden', 'check', '--dir', dir, '--allow-unavailable', 'tensorflow,keras', '--json'], { env: NO_KERAS });
    const json = JSON.parse(excused.stdout) as { ok: boolean; excuseSource: string; files: { verdict: string; excusedBy: string | null }[] };
    expect(json.ok).toBe(true);
    expect(json.excuseSource).toBe('--allow-unavailable');
    expect(json.files.map((f) => [f.verdict, f.excusedBy ?? null])).toEqual([
      ['unavailable', 'keras'],
      ['unavailable', 'keras'],
      ['identical', null],
    ]);
    expect(excused.exitCode, excused.stderr).toBe(0);
  });

  it("golden check: the config's optional list excuses as the flag does, and says so", async () => {
    const project = path.join(temp(), 'project');
    await mkdir(project, { recursive: true });
    await writeFile(path.join(project, 'tfjs-repro.config.json'), JSON.stringify({ optional: ['keras/jax', 'keras/torch'], goldens: { dir } }));
    const { exitCode, stdout, stderr } = await runCli(['golden', 'check'], { cwd: project, env: NO_KERAS });
    expect(stdout).toMatch(/keras-torch\.json: not available, excused by keras\/torch \(no Keras environment/);
    expect(stdout).toContain("2 not available (2 excused by the config's optional list: keras/jax, keras/torch).");
    expect(exitCode, stderr).toBe(0);
  });

  it('golden check --runtime/--backend: a lane checks exactly its part; a filter that selects nothing is a usage error', async () => {
    const lane = await runCli(['golden', 'check', '--dir', dir, '--runtime', 'node', '--backend', 'wasm'], { env: NO_KERAS });
    expect(lane.stdout).toMatch(/^1 golden file\(s\): 1 identical, 0 within budget/m);
    expect(lane.exitCode, lane.stderr).toBe(0);
    const none = await runCli(['golden', 'check', '--dir', dir, '--runtime', 'keras', '--backend', 'cpu']);
    expect(none.stderr).toMatch(/--runtime\/--backend: no golden file in .* is of keras \/ cpu; its goldens: keras\/jax, keras\/torch, node\/wasm/);
    expect(none.exitCode).toBe(2);
  });

  it('check: a runtime asked for that cannot run fails after the others ran (exit 4); excused, exit 0 with the excuse listed', async () => {
    const args = ['check', '--runtime', 'node,keras', '--backend', 'wasm,jax', '--claims', 'rerun', ...SMALL];
    const red = await runCli(args, { env: NO_KERAS });
    expect(red.stdout).toMatch(/rerun\s+wasm\s+holds/);
    expect(red.stdout).toMatch(/NOT AVAILABLE, so the check fails closed:\n {2}keras\/jax: no Keras environment at \/nonexistent\/venv/);
    expect(red.exitCode, red.stderr).toBe(4);
    const green = await runCli([...args, '--allow-unavailable', 'keras/jax'], { env: NO_KERAS });
    expect(green.stdout).toMatch(/excused \(--allow-unavailable\): keras\/jax not available \(no Keras environment/);
    expect(green.exitCode, green.stderr).toBe(0);
  });

  it('a backend that lacks a kernel the model needs says so once, for this scenario (wasm has no Conv2DBackpropFilter): exit 4 unless excused', async () => {
    const cnn = path.join(root, 'spec', 'fixtures', 'scenarios', 'tiny-cnn.mjs');
    const args = ['check', '--scenario', cnn, '--backend', 'cpu,wasm', '--claims', 'rerun'];
    const red = await runCli(args);
    expect(red.stdout).toMatch(
      /\(all\)\s+wasm\s+not available\s+not available for this scenario: @tensorflow\/tfjs-backend-wasm has no Conv2DBackpropFilter kernel/,
    );
    expect(red.stdout).not.toContain('ERROR');
    expect(red.stdout.match(/Conv2DBackpropFilter/g)).toHaveLength(2); // the table's row and the closing reason, not a stack per claim
    expect(red.stdout).toMatch(/rerun\s+cpu\s+holds/);
    expect(red.exitCode, red.stderr).toBe(4);
    const green = await runCli([...args, '--allow-unavailable', 'node/wasm']);
    expect(green.stdout).toMatch(/excused \(--allow-unavailable\): node\/wasm \(tiny-cnn\) not available/);
    expect(green.exitCode, green.stderr).toBe(0);
  });

  it('fidelity --keras: Keras that cannot run fails it closed (exit 4); excused, exit 0', async () => {
    const args = ['fidelity', '--keras', '--backend', 'wasm', '--scenario', 'stateful-lstm-sine', '--samples', '200', '--epochs', '2'];
    const red = await runCli(args, { env: NO_KERAS });
    expect(red.stdout).toMatch(/NOT AVAILABLE, so fidelity fails closed:\n {2}keras\/tensorflow: no Keras environment at \/nonexistent\/venv/);
    expect(red.exitCode, red.stderr).toBe(4);
    const green = await runCli([...args, '--allow-unavailable', 'keras'], { env: NO_KERAS });
    expect(green.stdout).not.toContain('NOT AVAILABLE');
    expect(green.exitCode, green.stderr).toBe(0);
  });

  it("--allow-unavailable and the config's optional list refuse names that are neither a runtime nor a backend (exit 2)", async () => {
    const flag = await runCli(['golden', 'check', '--dir', dir, '--allow-unavailable', 'gpu,keras/wasm']);
    expect(flag.stderr).toContain(
      '--allow-unavailable: expected a runtime (node, chromium, keras), a backend (cpu, wasm, tensorflow, webgl, webgpu, jax, torch) or runtime/backend (e.g. keras/torch), got "gpu" (string)',
    );
    expect(flag.stderr).toContain('the keras runtime has tensorflow, jax, torch, got "keras/wasm" (string)');
    expect(flag.exitCode).toBe(2);
    const project = path.join(temp(), 'bad-config');
    await mkdir(project, { recursive: true });
    await writeFile(path.join(project, 'tfjs-repro.config.json'), JSON.stringify({ optional: 'keras' }));
    const config = await runCli(['golden', 'check', '--dir', dir], { cwd: project });
    expect(config.stderr).toContain('optional: expected an array such as ["keras/torch", "tensorflow"], got "keras" (string)');
    expect(config.exitCode).toBe(2);
  });
});
