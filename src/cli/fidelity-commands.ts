import { scenarioCan, scenariosThatCan } from '../scenario/scenario-registry.js';
import { EXIT_CODES, describeValue } from '../errors.js';
import { assertBackendAvailable, portableBackendsOf, replayerOf } from '../runtimes/registry.js';
import { resolveRunRequest } from '../trajectory/run-request.js';
import { invalid } from '../validation.js';
import { spawnRun } from '../runtimes/node/spawn-run.js';
import { DEFAULT_BACKEND, backendsIn, DEFAULT_RUNTIME } from '../runtimes/runtime-profiles.js';
import { serializeJson, writeFileAtomic } from '../trajectory/trajectory-file.js';
import { buildExportBundle } from '../fidelity/export-bundle.js';
import { compareWithReference } from '../fidelity/fidelity.js';
import { readExportBundle } from '../fidelity/read-export-bundle.js';
import { FIDELITY_BOUND, runFidelity } from '../fidelity/run-fidelity.js';
import { renderComparisonTable, renderFidelityText } from '../report/render-fidelity.js';
import { createIssueCollector, nameOf, parallelismOf, parseBackends, timeoutOf, type Io, type RawOptions } from './options.js';
import { selectScenarios } from './scenario-selection.js';
import { excusesOf } from './allow-unavailable.js';
import { excuseFor, isUnexcused, judgeUnavailable } from '../config/excuses.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import type { BackendName } from '../tfjs/backend-names.js';
import { renderUnavailableText } from '../report/render-check-text.js';
import { PLAIN } from '../report/palette.js';

/** What `fidelity` compares when neither `--backend` nor the config names any: Node's backends that hold on every machine. */
export const DEFAULT_FIDELITY_BACKENDS = portableBackendsOf(DEFAULT_RUNTIME);

export async function commandExport(raw: RawOptions, io: Io): Promise<number> {
  const { project, scenarios } = await selectScenarios(raw, io.cwd, 'first');
  const backend = raw.backend ?? project.backends?.[0] ?? DEFAULT_BACKEND;
  if (typeof backend !== 'string' || !backendsIn(DEFAULT_RUNTIME).includes(backend))
    throw invalid('invalid options', [
      `--backend: export trains in Node: expected one of ${backendsIn(DEFAULT_RUNTIME).join(', ')}, got ${describeValue(backend)}`,
    ]);
  const request = resolveRunRequest({ scenario: scenarios[0], case: raw.case, reset: raw.reset, backend }, nameOf);
  if (!scenarioCan(request.scenario.scenario, 'float64Reference')) {
    throw invalid('invalid options', [
      `--scenario: export covers the scenarios the float64 reference implements (${scenariosThatCan('float64Reference').join(', ')}), got "${request.scenario.scenario}" (string)`,
    ]);
  }
  if (typeof raw.out !== 'string' || raw.out === '') throw invalid('invalid options', ['--out: expected the path of the bundle to write, got nothing']);
  assertBackendAvailable(request.backend);
  const trajectory = await spawnRun(request, { timeoutMs: timeoutOf(raw), cancelSignal: io.signal });
  const bundle = buildExportBundle(trajectory);
  await writeFileAtomic(raw.out, serializeJson(bundle));
  io.stdout.write(
    raw.json
      ? serializeJson({ file: raw.out, weights: bundle.initialWeights.map((w) => w.name), samples: request.scenario.samples, epochs: trajectory.epochs.length })
      : `wrote ${raw.out}: data (${request.scenario.samples} samples), initial weights (${bundle.initialWeights.map((w) => `${w.name} [${w.shape.join('×')}]`).join(', ')}), optimizer ${bundle.optimizer.name} and a ${trajectory.epochs.length}-epoch trajectory on ${request.backend}\n`,
  );
  return EXIT_CODES.ok;
}

export async function commandFidelity(raw: RawOptions, io: Io): Promise<number> {
  if (typeof raw.bundle === 'string') {
    const bundle = await readExportBundle(raw.bundle);
    const comparison = compareWithReference(
      { ...bundle.trajectory, request: bundle.request, initialWeights: bundle.initialWeights },
      bundle.data,
      bundle.request.scenario.optimizer,
    );
    io.stdout.write(
      raw.json
        ? serializeJson({ format: 'tfjs-repro/fidelity', version: 1, bound: FIDELITY_BOUND, bundle: raw.bundle, comparison })
        : renderComparisonTable([[bundle.request.backend, comparison]]),
    );
    return comparison.matches ? EXIT_CODES.ok : EXIT_CODES.verdictFailed;
  }
  const { project, scenarios } = await selectScenarios(raw, io.cwd, 'first');
  const scenario = scenarios[0];
  const { collect, add, throwIfAny } = createIssueCollector();
  const backends = collect(() => (raw.backend === undefined ? [...(project.backends ?? DEFAULT_FIDELITY_BACKENDS)] : parseBackends(String(raw.backend)))) ?? [];
  if (scenario !== undefined && !scenarioCan(scenario.scenario, 'float64Reference')) {
    add(
      `--scenario: fidelity covers the scenarios the float64 reference implements (${scenariosThatCan('float64Reference').join(', ')}), got "${scenario.scenario}" (string)`,
    );
  }
  const excuses = collect(() => excusesOf(raw, project));
  throwIfAny();
  if (scenario === undefined || excuses === undefined) throw new Error('unreachable: validated above');
  if (backends.length === 1 && excuseFor(excuses, DEFAULT_RUNTIME, backends[0]!) === undefined) assertBackendAvailable(backends[0]!);
  const result = await runFidelity({
    scenario,
    backends,
    parallelism: parallelismOf(raw),
    spawnOptions: { timeoutMs: timeoutOf(raw), cancelSignal: io.signal },
    keras: raw.keras === true,
  });
  if (io.signal.aborted) return EXIT_CODES.ok; // main() reports the interrupt
  io.stdout.write(raw.json ? serializeJson({ format: 'tfjs-repro/fidelity', version: 1, bound: FIDELITY_BOUND, ...result }) : renderFidelityText(result));
  // Fails closed: a backend (or, with --keras, Keras on TensorFlow) that was asked for and cannot run
  // fails the command unless excused.
  const excused = (runtime: RuntimeName, backend: BackendName, reason: string) => judgeUnavailable(excuses, { runtime, backend, reason });
  // Where Node's runs are trained again from their start (Keras on TensorFlow), with --keras.
  const replayer = replayerOf(DEFAULT_RUNTIME);
  const unavailable = [
    ...result.backends.flatMap((o) => (o.kind === 'unavailable' ? [excused(DEFAULT_RUNTIME, o.backend, o.reason)] : [])),
    ...(result.keras !== undefined && 'unavailable' in result.keras && replayer !== undefined
      ? [excused(replayer.runtime, replayer.replay.backend, result.keras.unavailable)]
      : []),
  ];
  if (!raw.json) io.stdout.write(renderUnavailableText(unavailable, excuses.source, PLAIN, 'fidelity'));
  const kerasHolds = result.keras === undefined || 'unavailable' in result.keras || result.keras.comparisons.every((c) => c.matches);
  if (!(result.backends.every((o) => o.kind === 'unavailable' || o.holds) && kerasHolds)) return EXIT_CODES.verdictFailed;
  return unavailable.some(isUnexcused) ? EXIT_CODES['backend-unavailable'] : EXIT_CODES.ok;
}
