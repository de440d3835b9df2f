import { EXIT_CODES } from '../errors.js';
import { runCheckSet, type CheckSetResult } from '../check/check-set.js';
import { excuseFor, isUnexcused } from '../config/excuses.js';
import { meetsExpectation } from '../invariants/expectations.js';
import { renderCheckJson } from '../report/render-check-json.js';
import { renderCheckText, renderCrossRuntimeText, renderUnavailableText } from '../report/render-check-text.js';
import { ANSI, PLAIN } from '../report/palette.js';
import { backendUnavailable } from '../runtimes/registry.js';
import { serializeJson } from '../trajectory/trajectory-file.js';
import { collectCheckOptions } from './runtime-options.js';
import { createIssueCollector, type Io, type RawOptions } from './options.js';
import { createProgress } from './progress.js';
import { assertPublished } from '../tfjs-versions/release-plan.js';
import { releaseMatrix, renderReleaseMatrix } from '../report/render-release-matrix.js';
import { selectScenarios } from './scenario-selection.js';

export const CHECK_SET_FORMAT = 'tfjs-repro/check-set';

export async function commandCheck(raw: RawOptions, io: Io): Promise<number> {
  const { project, scenarios, expectedFor } = await selectScenarios(raw, io.cwd, 'all');
  const { collect, add, throwIfAny } = createIssueCollector();
  const { check, timeoutMs } = collectCheckOptions(raw, project, collect);
  for (const scenario of scenarios) {
    if (scenario.epochs < 2 && (check?.claims === undefined || check.claims.some((c) => c === 'reset-matters' || c === 'loop-equals-single'))) {
      add(
        `--epochs: expected at least 2 for check of ${scenario.scenario}, since its claims compare the epochs after the first, got ${scenario.epochs} (number)`,
      );
    }
  }
  throwIfAny();
  if (check === undefined || timeoutMs === undefined) throw new Error('unreachable: validated above');
  // Every release asked for exists before any run (exit 2 naming the nearest; exit 6 without the registry).
  for (const version of check.tfjs ?? []) await assertPublished(version);
  const { excuses } = check;
  const result = await runCheckSet({
    scenarios,
    ...check,
    expectedFor,
    spawnOptions: { timeoutMs, cancelSignal: io.signal },
    onEvent: createProgress(io, Boolean(raw.json)),
  });
  if (result.interrupted) return EXIT_CODES.ok; // main() reports the interrupt
  // With one runtime and one backend asked for (and not excused), its absence on this machine is
  // the error (the check asked once, and ran nothing); otherwise a column saying why, and the
  // check fails closed after the others ran.
  const only = result.checks.length === 1 && result.checks[0]!.backends.length === 1 ? result.checks[0]! : undefined;
  const absent = only?.backends[0];
  if (only !== undefined && absent?.kind === 'unavailable' && absent.scope === 'machine' && excuseFor(excuses, only.runtime, absent.backend) === undefined)
    throw backendUnavailable(absent.backend, only.runtime, absent.reason);
  const palette = io.stdout.isTTY ? ANSI : PLAIN;
  if (raw.json) {
    // One scenario on one runtime: the check itself; more: a set of them, with the cross-runtime claims.
    const single = result.checks.length === 1 && result.crossRuntime.length === 0;
    const unavailable = result.unavailable.map((u) => ({ ...u, excusedBy: u.excusedBy ?? null }));
    io.stdout.write(
      serializeJson(
        single
          ? { ...renderCheckJson(result.checks[0]!), ok: result.ok, unavailable }
          : {
              format: CHECK_SET_FORMAT,
              version: 1,
              ok: result.ok,
              ...(check.tfjs === undefined ? {} : { tfjs: check.tfjs, releases: releaseMatrix(result.checks, check.tfjs) }),
              checks: result.checks.map(renderCheckJson),
              crossRuntime: result.crossRuntime,
              unavailable,
            },
      ),
    );
  } else {
    io.stdout.write(
      [
        ...result.checks.map((r) => renderCheckText(r, palette)),
        ...result.crossRuntime.map((c) =>
          renderCrossRuntimeText(c.tfjs === undefined ? c.scenario : `${c.scenario} on tfjs ${c.tfjs}`, c.outcomes, c.expected, palette),
        ),
        ...(check.tfjs !== undefined && check.tfjs.length > 1 ? [renderReleaseMatrix(result.checks, check.tfjs)] : []),
      ].join('\n') + renderUnavailableText(result.unavailable, result.excuseSource, palette),
    );
  }
  return exitCodeOfCheckSet(result);
}

/** 5 when a child failed, 1 when a claim failed, 4 when the only failure is something unexcused that could not run. */
export function exitCodeOfCheckSet(result: CheckSetResult): number {
  if (result.ok) return EXIT_CODES.ok;
  if (result.checks.some((r) => r.backends.some((b) => b.kind === 'ran' && b.claims.some((c) => c.kind === 'error')))) return EXIT_CODES['child-failed'];
  const claimsFailed =
    result.checks.some((c) => !c.ok && c.backends.some((b) => b.kind === 'ran')) ||
    result.crossRuntime.some((c) => c.outcomes.some((o) => !meetsExpectation(o.kind, o.claim, c.expected)));
  return !claimsFailed && result.unavailable.some(isUnexcused) ? EXIT_CODES['backend-unavailable'] : EXIT_CODES.verdictFailed;
}
