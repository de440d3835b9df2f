#!/usr/bin/env node
// npm run bench [-- --backends cpu,wasm,tensorflow] [--epochs 70] [--browser-epochs 20] [--with-setup] [--with-sweep] [--with-tests] [--with-releases] [--out .bench/results.json]
//
// Measures what decides whether tfjs-repro is cheap enough to keep in every CI run: child
// start-up, ms per epoch and per batch per backend, the recording overhead against a bare fit
// loop, a whole run against a bare fit process (paired), a diagnosis's kernel-trace replay against the same runs untraced, check's wall time against its runs' ideal
// two-at-a-time schedule, a child's peak RSS, and
// (with --with-setup) the wall time and download of `tfjs-repro setup tensorflow` cold (empty
// cache), warm (cached wheel) and when already set up, and (with --with-tests) the wall time of `npm test` and `npm run test:full`. With a Chromium here, the same per backend in
// the chromium runtime (one fresh browser per run): start-up, ms per epoch, wall per run. Prints a Markdown table and writes JSON.
// Figures are from one run on whatever machine runs it; the ratios are what to compare.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa, execaNode } from 'execa';
import { runCheck } from '../dist/check/run-check.js';
import { resolveRunRequest } from '../dist/trajectory/run-request.js';
import { spawnRun } from '../dist/runtimes/node/spawn-run.js';
import { resolveScenarioConfig } from '../dist/scenario/config.js';
import { unavailableReason, RUNTIME_BACKENDS } from '../dist/runtimes/registry.js';
import { findChromium } from '../dist/runtimes/chromium/find-chromium.js';
import { spawnBrowserRun } from '../dist/runtimes/chromium/spawn-browser-run.js';
import { spawnKerasRun } from '../dist/runtimes/keras/spawn-keras-run.js';
import { kerasUnavailableReason } from '../dist/runtimes/keras/keras-environment.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: RUNTIME_BACKENDS.node.filter((b) => unavailableReason(b) === undefined).join(',') },
    epochs: { type: 'string', default: '70' },
    'browser-epochs': { type: 'string', default: '20' },
    'with-setup': { type: 'boolean', default: false },
    'with-sweep': { type: 'boolean', default: false },
    'with-tests': { type: 'boolean', default: false },
    'with-releases': { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(root, '.bench', 'results.json') },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    'usage: npm run bench -- [--backends cpu,wasm,tensorflow] [--epochs 70] [--browser-epochs 20] [--with-setup] [--with-sweep] [--with-tests] [--with-releases] [--out FILE]',
  );
  process.exit(0);
}
const epochs = Number(values.epochs);
const backends = values.backends.split(',');
const log = (line) => process.stderr.write(`${line}\n`);
const scenario = resolveScenarioConfig({ epochs });
const results = {
  scenario,
  backends: {},
  browser: undefined,
  keras: undefined,
  check: undefined,
  startup: undefined,
  run: undefined,
  setup: undefined,
  sweep: undefined,
  npmTestMs: undefined,
  diagnosis: undefined,
  releases: undefined,
};

// What a user waits for: the CLI's --help, and a whole `run` at the seed experiment's size (parent +
// child, 70 epochs on wasm) against the same training as one bare process that loads tfjs and fits
// (scripts/bare-fit.mjs), paired two ways: alternating (one after the other, 5 pairs) and side by
// side (both at once, one per core, 3 pairs: drift of a shared machine hits both alike). Two bare
// fits at once give the machine's own parallel scaling, which the check's ideal schedule needs.
const cli = path.join(root, 'dist', 'cli.js');
const bareFit = path.join(root, 'scripts', 'bare-fit.mjs');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** Runs of each `--help` measured: enough for a median that a shared machine's spikes do not move. */
const HELP_RUNS = 15;
/** Starts each line the module-counting load hook writes to stderr. */
const LOADED_MARK = 'tfjs-repro-bench:loaded ';
const wall = async (file, args) => {
  const started = performance.now();
  await execaNode(file, args, { nodeOptions: [], stdout: 'ignore', stderr: 'ignore' });
  return performance.now() - started;
};
{
  log(`[bench] start-up: tfjs-repro --help and check --help ×${HELP_RUNS} each (alternating), the modules each loads, and through npx ×3…`);
  const help = await measureHelp();
  // The README's form in a checkout: `npx tfjs-repro` (npm links the checkout into its npx cache once,
  // without running prepare again; then runs dist/cli.js).
  const npx = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await execa('npx', ['tfjs-repro', '--help'], { cwd: root, stdout: 'ignore', stderr: 'ignore' });
    npx.push(performance.now() - started);
  }
  const runArgs = ['run', '--case', 'single', '--reset', 'none', '--seed', '1', '--epochs', String(epochs), '--backend', 'wasm', '--json'];
  const bareArgs = ['wasm', String(epochs), 'single'];
  log(
    `[bench] a whole run vs a bare fit (wasm, ${epochs} epochs, case single): 5 alternating pairs, 3 side by side, 3 of two bare fits at once, 3 with and without the data capture…`,
  );
  const alternating = { run: [], bare: [], ratio: [] };
  for (let i = 0; i < 5; i++) {
    const runMs = await wall(cli, runArgs);
    const bareMs = await wall(bareFit, bareArgs);
    alternating.run.push(runMs);
    alternating.bare.push(bareMs);
    alternating.ratio.push(runMs / bareMs);
  }
  const sideBySide = { run: [], bare: [], ratio: [] };
  const twoBare = [];
  for (let i = 0; i < 3; i++) {
    const [runMs, bareMs] = await Promise.all([wall(cli, runArgs), wall(bareFit, bareArgs)]);
    sideBySide.run.push(runMs);
    sideBySide.bare.push(bareMs);
    sideBySide.ratio.push(runMs / bareMs);
    twoBare.push(Math.max(...(await Promise.all([wall(bareFit, bareArgs), wall(bareFit, bareArgs)]))));
  }
  // The data capture every run records (a digest of each batch's inputs and targets): a bare fit
  // with it against one without, side by side (3 pairs).
  const capture = { run: [], bare: [], ratio: [] };
  for (let i = 0; i < 3; i++) {
    const [withMs, withoutMs] = await Promise.all([wall(bareFit, [...bareArgs, 'capture']), wall(bareFit, bareArgs)]);
    capture.run.push(withMs);
    capture.bare.push(withoutMs);
    capture.ratio.push(withMs / withoutMs);
  }
  const summary = (pairs) => ({ runMs: median(pairs.run), bareFitMs: median(pairs.bare), ratio: median(pairs.ratio), ratios: pairs.ratio });
  results.startup = { helpMs: help.root.medianMs, npxHelpMs: median(npx), help };
  results.run = {
    epochs,
    backend: 'wasm',
    alternating: summary(alternating),
    sideBySide: summary(sideBySide),
    capture: summary(capture),
    twoBareFitsAtOnceMs: median(twoBare),
  };
}

// A child's start-up (process start to tfjs loaded and the backend set) with tfjs's CommonJS
// compiled from V8's code cache against compiled afresh: both at once, 5 pairs, the cache warmed first.
{
  log('[bench] child start-up with and without the code cache, side by side, 5 pairs…');
  const codeCache = await mkdtemp(path.join(os.tmpdir(), 'tfjs-repro-bench-v8-'));
  const tiny = resolveRunRequest({ scenario: { samples: 20, batchSize: 10, epochs: 1 }, backend: 'wasm' });
  await spawnRun(tiny, { codeCache });
  const pairs = { run: [], bare: [], ratio: [] };
  for (let i = 0; i < 5; i++) {
    const [cached, fresh] = await Promise.all([spawnRun(tiny, { codeCache }), spawnRun(tiny, { codeCache: false })]);
    pairs.run.push(cached.timings.startupMs);
    pairs.bare.push(fresh.timings.startupMs);
    pairs.ratio.push(cached.timings.startupMs / fresh.timings.startupMs);
  }
  await rm(codeCache, { recursive: true, force: true });
  results.codeCache = { cachedMs: median(pairs.run), freshMs: median(pairs.bare), ratio: median(pairs.ratio), ratios: pairs.ratio };
}

// What a diagnosis costs past the batch boundaries: the two runs replayed with a kernel trace (every
// tensor read and hashed) up to the first divergent batch, both at once as a check runs them,
// against the same two runs without the trace, stopped at the same batch (3 pairs each). The
// divergent batch here: the last batch of epoch 1 and of epoch 2 (10 and 20 traced steps), where
// an untraced run of 1 or 2 epochs is exactly the same training.
{
  results.diagnosis = {};
  for (const backend of backends.filter((b) => b !== 'tensorflow' || unavailableReason(b) === undefined)) {
    for (const upTo of [1, 2].map((epoch) => ({ epoch, batch: scenario.samples / scenario.batchSize }))) {
      log(`[bench] diagnosis on ${backend}: two runs with and without a kernel trace up to epoch ${upTo.epoch} batch ${upTo.batch}, 3 pairs…`);
      const plain = resolveRunRequest({ scenario: { ...scenario, epochs: upTo.epoch }, backend });
      const traced = resolveRunRequest({ scenario, backend, trace: { upTo } });
      const pairMs = async (request) => {
        const started = performance.now();
        const runs = await Promise.all([spawnRun(request), spawnRun(request)]);
        return { ms: performance.now() - started, entries: runs[0].kernelTrace?.entries.length };
      };
      const ratios = [];
      const rows = [];
      for (let i = 0; i < 3; i++) {
        const t = await pairMs(traced);
        const p = await pairMs(plain);
        ratios.push(t.ms / p.ms);
        rows.push({ tracedMs: t.ms, plainMs: p.ms, entries: t.entries });
      }
      const mid = rows[ratios.indexOf(median(ratios))];
      results.diagnosis[`${backend}@${upTo.epoch}:${upTo.batch}`] = { backend, upTo, ...mid, ratio: median(ratios), ratios };
    }
  }
}

for (const backend of backends) {
  log(`[bench] ${backend}: one recorded ${epochs}-epoch child run…`);
  const request = resolveRunRequest({ scenario, backend });
  const started = performance.now();
  const run = await spawnRun(request);
  const wallMs = performance.now() - started;
  log(`[bench] ${backend}: the same training as a bare fit loop…`);
  const bare = await execaNode(path.join(root, 'scripts', 'bare-fit.mjs'), [backend, String(epochs), 'loop'], { nodeOptions: [], stdout: 'ignore' });
  const bareMs = JSON.parse(bare.stderr.trim().split('\n').at(-1)).trainMs;
  const batchesPerEpoch = scenario.samples / scenario.batchSize;
  results.backends[backend] = {
    childWallMs: wallMs,
    startupMs: run.timings.startupMs,
    startupShare: (wallMs - run.timings.trainMs) / wallMs,
    trainMs: run.timings.trainMs,
    msPerEpoch: run.timings.msPerEpoch,
    msPerBatch: run.timings.msPerEpoch / batchesPerEpoch,
    bareFitMs: bareMs,
    recordingOverhead: run.timings.trainMs / bareMs,
    peakRssMb: run.timings.peakRssMb,
  };
}

// The chromium runtime: wall of a run = browser launch + page load + tfjs + training + close.
const chromium = findChromium();
if (chromium.kind !== 'missing') {
  const browserEpochs = Number(values['browser-epochs']);
  const browserScenario = resolveScenarioConfig({ epochs: browserEpochs });
  results.browser = { executable: chromium.source, epochs: browserEpochs, node: {}, chromium: {} };
  for (const [runtime, spawn] of [
    ['node', spawnRun],
    ['chromium', spawnBrowserRun],
  ]) {
    for (const backend of RUNTIME_BACKENDS[runtime].filter((b) => unavailableReason(b, runtime) === undefined)) {
      log(`[bench] ${runtime}/${backend}: one ${browserEpochs}-epoch run…`);
      const started = performance.now();
      const run = await spawn(resolveRunRequest({ scenario: browserScenario, backend }));
      const wallMs = performance.now() - started;
      results.browser[runtime][backend] = {
        wallMs,
        startupMs: wallMs - run.timings.trainMs,
        pageStartupMs: run.timings.startupMs,
        msPerEpoch: run.timings.msPerEpoch,
      };
    }
  }
} else {
  log(`[bench] ${chromium.reason} The browser table is left out.`);
}

// check on wasm (9 children of the full seed experiment, two at a time) against its runs' ideal
// schedule on this machine: pairs of bare fits at the measured two-at-once wall, and an odd one alone.
log('[bench] check on wasm (parallelism = cores)…');
const check = await timedCheck();
const pairs = Math.floor(check.runs / 2);
const idealMs = pairs * results.run.twoBareFitsAtOnceMs + (check.runs % 2) * results.run.alternating.bareFitMs;
results.check = {
  backend: 'wasm',
  runs: check.runs,
  wallMs: check.wallMs,
  idealScheduleMs: idealMs,
  ratio: check.wallMs / idealMs,
  parentCpuMs: check.parentCpuMs,
};

// The keras runtime, where it is set up: one fresh Python process per Keras backend, the full
// seed experiment; start-up = wall minus training (interpreter, Keras and its backend, model build).
if (kerasUnavailableReason('tensorflow') === undefined) {
  results.keras = {};
  for (const backend of RUNTIME_BACKENDS.keras) {
    log(`[bench] keras/${backend}, ${epochs} epochs…`);
    const started = performance.now();
    const t = await spawnKerasRun(resolveRunRequest({ backend, scenario: { epochs } }));
    const wallMs = performance.now() - started;
    results.keras[backend] = { wallMs, startupMs: wallMs - t.timings.trainMs, msPerEpoch: t.timings.msPerEpoch, peakRssMb: t.timings.peakRssMb };
  }
  const cli = path.join(root, 'dist', 'cli.js');
  const started = performance.now();
  await execaNode(cli, ['setup', 'keras', '--json'], { nodeOptions: [] });
  results.keras.setupDoneMs = performance.now() - started;
}

if (values['with-setup']) {
  // Cold: an empty cache (pip downloads the wheel); warm: the cached wheel and extracted libraries;
  // done: the backend already trains (the probe only). Cold and warm rebuild the addon in place.
  const cli = path.join(root, 'dist', 'cli.js');
  const setup = async (label, args) => {
    log(`[bench] setup tensorflow, ${label}…`);
    const started = performance.now();
    const { stdout } = await execaNode(cli, ['setup', 'tensorflow', '--json', ...args], { nodeOptions: [] });
    return { wallMs: performance.now() - started, ...JSON.parse(stdout) };
  };
  const coldCache = await mkdtemp(path.join(os.tmpdir(), 'tfjs-repro-bench-cache-'));
  try {
    const cold = await setup('cold (empty cache)', ['--force', '--cache-dir', coldCache]);
    const warm = await setup('warm (cached wheel)', ['--force']);
    const done = await setup('already set up', []);
    results.setup = { coldMs: cold.wallMs, downloadedBytes: cold.downloadedBytes, warmMs: warm.wallMs, doneMs: done.wallMs, libtensorflow: done.libtensorflow };
  } finally {
    await rm(coldCache, { recursive: true, force: true });
  }
}

if (values['with-sweep']) {
  // A small sweep (16 points: 8 seeds × 2 batch sizes on wasm, 40 samples, 2 epochs, every claim)
  // run whole, then as 2 and 4 shard processes at once on this machine; each process runs its
  // points one after another (--parallelism 1), so the shards are what runs in parallel.
  const cli = path.join(root, 'dist', 'cli.js');
  const args = [
    'sweep',
    '--seeds',
    '1,2,3,4,5,6,7,8',
    '--batch-sizes',
    '10,20',
    '--samples',
    '40',
    '--epochs',
    '2',
    '--backend',
    'wasm',
    '--runtime',
    'node',
    '--parallelism',
    '1',
  ];
  const byShards = {};
  for (const shards of [1, 2, 4]) {
    log(`[bench] sweep of 16 points as ${shards} shard process(es)…`);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: shards }, (_, i) =>
        execaNode(cli, [...args, '--shard', `${i + 1}/${shards}`], { nodeOptions: [], cwd: os.tmpdir(), stdout: 'ignore', stderr: 'ignore' }),
      ),
    );
    byShards[shards] = performance.now() - started;
  }
  results.sweep = { points: 16, wallMsByShards: byShards, pointsPerMinute: 16 / (byShards[1] / 60_000) };
}

if (values['with-releases']) {
  // A published tfjs release (--tfjs): installed from the npm registry into an empty cache folder
  // (targets: ≤ 30 s), then asked for again (reused: ≤ 1 s); and the probes of a bisect over every
  // 4.x release (target: ≤ 7 for 4.0.0 … 4.22.0), counted by the algorithm over the registry's list.
  const { ensureRelease } = await import('../dist/tfjs-versions/tfjs-release.js');
  const { publishedTfjsVersions, compareVersions } = await import('../dist/tfjs-versions/release-plan.js');
  const { bisectReleases } = await import('../dist/tfjs-versions/bisect-releases.js');
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'tfjs-repro-bench-releases-'));
  try {
    log('[bench] install tfjs 4.21.0 into an empty cache folder…');
    let started = performance.now();
    await ensureRelease('4.21.0', { cacheDir });
    const firstMs = performance.now() - started;
    started = performance.now();
    // A fresh process, as the next command is: it finds the whole folder and installs nothing.
    await execa(process.execPath, [
      '--input-type=module',
      '-e',
      `const { ensureRelease } = await import(${JSON.stringify(path.join(root, 'dist', 'tfjs-versions', 'tfjs-release.js'))}); await ensureRelease('4.21.0', { cacheDir: ${JSON.stringify(cacheDir)} });`,
    ]);
    const reusedMs = performance.now() - started;
    const releases = (await publishedTfjsVersions()).filter((v) => v.startsWith('4.') && !v.includes('-')).sort(compareVersions);
    const probesByChange = [];
    for (let change = 1; change < releases.length; change++) {
      let probes = 0;
      await bisectReleases(
        releases,
        async (v) => {
          probes++;
          return compareVersions(v, releases[change]) >= 0;
        },
        (a, b) => a === b,
      );
      probesByChange.push(probes);
    }
    results.releases = { firstInstallMs: firstMs, reusedMs, releases: releases.length, maxBisectProbes: Math.max(...probesByChange) };
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

if (values['with-tests']) {
  log('[bench] npm test…');
  const started = performance.now();
  await execa('npm', ['test'], { cwd: root, stdio: 'ignore', env: { CI: '' } });
  results.npmTestMs = performance.now() - started;
  log('[bench] npm run test:full…');
  const fullStarted = performance.now();
  await execa('npm', ['run', 'test:full'], { cwd: root, stdio: 'ignore', env: { CI: '' } });
  results.testFullMs = performance.now() - fullStarted;
}

await mkdir(path.dirname(values.out), { recursive: true });
await writeFile(values.out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(renderTable(results));
log(`[bench] wrote ${path.relative(process.cwd(), values.out)}`);

/**
 * `--help` start-up: what a user waits for before the first line (target ≤ 120 ms median). Wall of
 * `tfjs-repro --help` and `tfjs-repro check --help`, alternating, and the project's modules (dist/)
 * each loads, counted in one more run by a load hook that names every module (a help that loads
 * a runtime, tfjs or vega shows here as a jump in the count).
 */
async function measureHelp() {
  const commands = { root: ['--help'], check: ['check', '--help'] };
  const walls = { root: [], check: [] };
  for (let i = 0; i < HELP_RUNS; i++) for (const [name, args] of Object.entries(commands)) walls[name].push(await wall(cli, args));
  const help = {};
  for (const [name, args] of Object.entries(commands)) {
    const sorted = [...walls[name]].sort((a, b) => a - b);
    help[name] = { args, runs: sorted.length, medianMs: median(sorted), minMs: sorted[0], maxMs: sorted.at(-1), modules: await countModules(args) };
  }
  return help;
}

/** How many of dist/'s modules a CLI command loads: a load hook (registered with --import) writes each module's URL to stderr. */
async function countModules(args) {
  const hooks = `import { writeSync } from 'node:fs'; export async function load(url, context, next) { writeSync(2, ${JSON.stringify(LOADED_MARK)} + url + '\\n'); return next(url, context); }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  const { stderr } = await execaNode(cli, args, { nodeOptions: ['--import', `data:text/javascript,${encodeURIComponent(register)}`], stdout: 'ignore' });
  const dist = pathToFileURL(path.join(root, 'dist')).href + '/';
  return new Set(stderr.split('\n').filter((line) => line.startsWith(LOADED_MARK + dist))).size;
}

async function timedCheck() {
  let runs = 0;
  const cpu = process.cpuUsage();
  const result = await runCheck({ scenario, backends: ['wasm'], onEvent: (event) => event.kind === 'run-done' && (runs += 1) });
  const used = process.cpuUsage(cpu);
  if (!result.ok) throw new Error('check did not pass during the benchmark');
  return { wallMs: result.wallMs, runs, parentCpuMs: (used.user + used.system) / 1000 };
}

function renderTable(r) {
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const lines = [
    `Seed experiment, ${epochs} epochs × ${scenario.samples / scenario.batchSize} batches, ${navigatorCores()} cores, Node ${process.version}`,
    '',
    '| backend | child start-up | ms / epoch | ms / batch | recording overhead (vs bare fit) | start-up share of a run | peak RSS |',
    '|---|---|---|---|---|---|---|',
    ...Object.entries(r.backends).map(
      ([name, b]) =>
        `| ${name} | ${b.startupMs.toFixed(0)} ms | ${b.msPerEpoch.toFixed(1)} | ${b.msPerBatch.toFixed(2)} | ${b.recordingOverhead.toFixed(3)}× (${s(b.trainMs)} vs ${s(b.bareFitMs)}) | ${(100 * b.startupShare).toFixed(1)} % | ${b.peakRssMb.toFixed(0)} MB |`,
    ),
    '',
    ...(r.browser === undefined
      ? ['chromium runtime: not measured (no Chromium found)', '']
      : [
          `Runtimes side by side (${r.browser.epochs} epochs; Chromium: ${r.browser.executable}; start-up = wall of a run minus its training, i.e. process or browser start, tfjs load, model build, close):`,
          '',
          '| runtime | backend | start-up | ms / epoch | wall per run |',
          '|---|---|---|---|---|',
          ...['node', 'chromium'].flatMap((runtime) =>
            Object.entries(r.browser[runtime]).map(([name, b]) => `| ${runtime} | ${name} | ${s(b.startupMs)} | ${b.msPerEpoch.toFixed(1)} | ${s(b.wallMs)} |`),
          ),
          '',
        ]),
    ...(r.keras === undefined
      ? ['keras runtime: not measured (not set up: npx tfjs-repro setup keras)', '']
      : [
          `Keras runtime (${epochs} epochs, one fresh Python process per run; start-up = wall minus training):`,
          '',
          '| keras backend | start-up | ms / epoch | wall per run | peak RSS |',
          '|---|---|---|---|---|',
          ...RUNTIME_BACKENDS.keras.map((name) => {
            const k = r.keras[name];
            return `| ${name} | ${s(k.startupMs)} | ${k.msPerEpoch.toFixed(1)} | ${s(k.wallMs)} | ${k.peakRssMb.toFixed(0)} MB |`;
          }),
          '',
          `setup keras when already set up: ${s(r.keras.setupDoneMs)}`,
          '',
        ]),
    `a whole run (${r.run.epochs} epochs, ${r.run.backend}) vs a bare fit process: alternating ${s(r.run.alternating.runMs)} vs ${s(r.run.alternating.bareFitMs)} → ${r.run.alternating.ratio.toFixed(3)}× (median of ${r.run.alternating.ratios.length} pairs: ${r.run.alternating.ratios.map((x) => x.toFixed(2)).join(', ')}); side by side ${s(r.run.sideBySide.runMs)} vs ${s(r.run.sideBySide.bareFitMs)} → ${r.run.sideBySide.ratio.toFixed(3)}× (${r.run.sideBySide.ratios.map((x) => x.toFixed(2)).join(', ')}); target ≤ 1.10`,
    `the data capture (a digest of every batch's inputs and targets): a bare fit with it ${s(r.run.capture.runMs)} vs without ${s(r.run.capture.bareFitMs)}, side by side → ${r.run.capture.ratio.toFixed(3)}× (${r.run.capture.ratios.map((x) => x.toFixed(2)).join(', ')}); target ≤ 1.05`,
    `check on ${r.check.backend} (${r.check.runs} children, two at a time): ${s(r.check.wallMs)} vs its runs' ideal schedule ${s(r.check.idealScheduleMs)} (two bare fits at once ${s(r.run.twoBareFitsAtOnceMs)}, one alone ${s(r.run.alternating.bareFitMs)}) → ${r.check.ratio.toFixed(3)}× (target ≤ 1.15); the parent's own CPU ${s(r.check.parentCpuMs)}`,
    ...Object.values(r.diagnosis).map(
      (d) =>
        `a diagnosis's kernel-trace replay on ${d.backend} up to epoch ${d.upTo.epoch} batch ${d.upTo.batch} (${d.entries} kernels per run): two traced runs at once ${s(d.tracedMs)} vs the same two untraced ${s(d.plainMs)} → ${d.ratio.toFixed(2)}× (${d.ratios.map((x) => x.toFixed(2)).join(', ')}); target ≤ 3`,
    ),
    ...(r.releases === undefined
      ? []
      : [
          `a published tfjs release (--tfjs 4.21.0) into an empty cache: ${s(r.releases.firstInstallMs)} (target ≤ 30 s); asked for again by a fresh process: ${s(r.releases.reusedMs)} (target ≤ 1 s); a bisect over the ${r.releases.releases} 4.x releases probes at most ${r.releases.maxBisectProbes} (target ≤ 7)`,
        ]),
    `a child's start-up (wasm) from the code cache ${s(r.codeCache.cachedMs)} vs compiled afresh ${s(r.codeCache.freshMs)}, side by side → ${r.codeCache.ratio.toFixed(2)}× (${r.codeCache.ratios.map((x) => x.toFixed(2)).join(', ')})`,
    '',
    `Start-up of the help (${r.startup.help.root.runs} runs each, alternating; modules: of the project's dist/ files, how many it loads):`,
    '',
    '| command | median | min–max | modules loaded |',
    '|---|---|---|---|',
    ...Object.values(r.startup.help).map(
      (h) => `| tfjs-repro ${h.args.join(' ')} | ${h.medianMs.toFixed(0)} ms | ${h.minMs.toFixed(0)}–${h.maxMs.toFixed(0)} ms | ${h.modules} |`,
    ),
    '',
    `start-up: tfjs-repro --help ${r.startup.helpMs.toFixed(0)} ms (target ≤ 120), through npx in the checkout ${r.startup.npxHelpMs.toFixed(0)} ms`,
    ...(r.setup === undefined
      ? []
      : [
          `setup tensorflow (libtensorflow ${r.setup.libtensorflow}): cold ${s(r.setup.coldMs)} (downloaded ${(r.setup.downloadedBytes / 1e6).toFixed(0)} MB), warm ${s(r.setup.warmMs)}, already set up ${s(r.setup.doneMs)}`,
        ]),
    ...(r.sweep === undefined
      ? []
      : [
          `sweep (16 points, every claim, wasm, small): ${r.sweep.pointsPerMinute.toFixed(1)} points per minute in one process; wall by shard processes: ${Object.entries(
            r.sweep.wallMsByShards,
          )
            .map(([n, ms]) => `${n}: ${s(ms)}`)
            .join(', ')}`,
        ]),
    ...(r.npmTestMs === undefined ? [] : [`npm test: ${s(r.npmTestMs)} (budget 300 s); npm run test:full: ${s(r.testFullMs)}`]),
    '',
  ];
  return lines.join('\n');
}

function navigatorCores() {
  return os.availableParallelism();
}
