import { EXIT_CODES } from '../errors.js';
import { runCheckSet } from '../check/check-set.js';
import { renderCheckJson } from '../report/render-check-json.js';
import { renderCheckText, renderCrossRuntimeText } from '../report/render-check-text.js';
import { ANSI, PLAIN } from '../report/palette.js';
import { assertBackendAvailable } from '../check/availability.js';
import { serializeJson } from '../trajectory/trajectory-file.js';
import { collectCheckOptions } from './runtime-options.js';
import { createIssueCollector, type Io, type RawOptions } from './options.js';
import { createProgress } from './progress.js';
import { selectScenarios } from './scenario-selection.js';

export const CHECK_SET_FORMAT = 'tfjs-repro/check-set';

export async function commandCheck(raw: RawOptions, io: Io): Promise<number> {
  const { project, scenarios, expectedFor } = await selectScenarios(raw, io.cwd, 'all');
  const { collect, add, throwIfAny } = createIssueCollector();
  const { plan, claims, timeoutMs, parallelism } = collectCheckOptions(raw, project, collect);
  for (const scenario of scenarios) {
    if (scenario.epochs < 2 && (claims === undefined || claims.some((c) => c === 'reset-matters' || c === 'loop-equals-single'))) {
      add(
        `--epochs: expected at least 2 for check of ${scenario.scenario}, since its claims compare the epochs after the first, got ${scenario.epochs} (number)`,
      );
    }
  }
  throwIfAny();
  if (plan === undefined || timeoutMs === undefined || parallelism === undefined) throw new Error('unreachable: validated above');
  // With one runtime and one backend asked for, its absence is the error; otherwise a column saying why.
  if (plan.length === 1 && plan[0]!.backends.length === 1) assertBackendAvailable(plan[0]!.backends[0]!, plan[0]!.runtime);

  const result = await runCheckSet({
    scenarios,
    plan,
    expectedFor,
    claims,
    parallelism,
    spawnOptions: { timeoutMs, cancelSignal: io.signal },
    onEvent: createProgress(io, Boolean(raw.json)),
  });
  if (result.interrupted) return EXIT_CODES.ok; // main() reports the interrupt
  const palette = io.stdout.isTTY ? ANSI : PLAIN;
  if (raw.json) {
    // One scenario on one runtime: the check itself; more: a set of them, with the cross-runtime claims.
    const single = result.checks.length === 1 && result.crossRuntime.length === 0;
    io.stdout.write(
      serializeJson(
        single
          ? renderCheckJson(result.checks[0]!)
          : { format: CHECK_SET_FORMAT, version: 1, ok: result.ok, checks: result.checks.map(renderCheckJson), crossRuntime: result.crossRuntime },
      ),
    );
  } else {
    io.stdout.write(
      [
        ...result.checks.map((r) => renderCheckText(r, palette)),
        ...result.crossRuntime.map((c) => renderCrossRuntimeText(c.scenario, c.outcomes, c.expected, palette)),
      ].join('\n'),
    );
  }
  const childFailed = result.checks.some((r) => r.backends.some((b) => b.kind === 'ran' && b.claims.some((c) => c.kind === 'error')));
  return result.ok ? EXIT_CODES.ok : childFailed ? EXIT_CODES['child-failed'] : EXIT_CODES.verdictFailed;
}
