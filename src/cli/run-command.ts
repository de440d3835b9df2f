import { EXIT_CODES, describeValue } from '../errors.js';
import { renderRunText } from '../report/render-run.js';
import { resolveRunRequest } from '../trajectory/run-request.js';
import { assertRunnable, spawnFor } from '../runtimes/registry.js';
import { BACKEND_NAMES, DEFAULT_BACKEND, isBackendName } from '../runtimes/runtime-profiles.js';
import { serializeJson, writeFileAtomic } from '../trajectory/trajectory-file.js';
import { createIssueCollector, nameOf, timeoutOf, type Io, type RawOptions } from './options.js';
import { selectScenarios } from './scenario-selection.js';
import { runtimeOf } from './runtime-options.js';
import { assertReleaseRunnable } from '../tfjs-versions/release-plan.js';

export async function commandRun(raw: RawOptions, io: Io): Promise<number> {
  const { project, scenarios } = await selectScenarios(raw, io.cwd, 'first');
  const runtime = runtimeOf(raw);
  const backend = raw.backend ?? project.backends?.[0] ?? DEFAULT_BACKEND;
  const { collect, add, throwIfAny } = createIssueCollector();
  if (!isBackendName(backend)) add(`--backend: expected one of ${BACKEND_NAMES.join(', ')}, got ${describeValue(backend)}`);
  const request = collect(() =>
    resolveRunRequest(
      {
        scenario: scenarios[0],
        case: raw.case,
        reset: raw.reset,
        backend,
        ...(raw.mathRandom === 'native' ? { mathRandom: 'native' } : {}),
        ...(raw.tfjs === undefined ? {} : { tfjs: raw.tfjs }),
      },
      nameOf,
    ),
  );
  throwIfAny();
  if (request === undefined) throw new Error('unreachable: validated above');
  const timeoutMs = timeoutOf(raw);
  assertRunnable(request, runtime);
  if (request.tfjs !== undefined) await assertReleaseRunnable(request.tfjs, runtime, request.backend);
  const trajectory = await spawnFor(runtime)(request, {
    timeoutMs,
    cancelSignal: io.signal,
    onEpoch: (epoch, epochs, loss) => {
      if (!raw.json || io.stderr.isTTY) io.stderr.write(`epoch ${epoch}/${epochs} loss ${loss}\n`);
    },
  });
  if (typeof raw.out === 'string') await writeFileAtomic(raw.out, serializeJson(trajectory));
  io.stdout.write(raw.json ? serializeJson(trajectory) : renderRunText(trajectory));
  return EXIT_CODES.ok;
}
