import { renderEvidence } from '../invariants/render-evidence.js';
import { runCheck, type CheckEvent } from '../check/run-check.js';
import { createRunExecutor, type RunExecutor } from '../execute/run-executor.js';
import { meetsExpectation, expectedVerdict } from '../invariants/expectations.js';
import { reproduceCommand } from '../runtimes/shared/reproduce-command.js';
import type { SpawnRunOptions } from '../run/spawn-options.js';
import { SWEEP_BLOB_FORMAT, SWEEP_VERSION, type PointResult, type SweepBlob } from './sweep-blob.js';
import type { SweepPlan, SweepPoint } from './sweep-points.js';
import { shardPoints, type Shard } from './shard.js';

export interface RunSweepOptions {
  readonly plan: SweepPlan;
  /** @default 1/1: the whole sweep */
  readonly shard?: Shard;
  readonly parallelism: number;
  readonly spawnOptions: Omit<SpawnRunOptions, 'onEpoch'>;
  /** After each point, with its place in this shard. */
  readonly onPoint?: (done: number, total: number, result: PointResult) => void;
  readonly onEvent?: (event: CheckEvent) => void;
}

/**
 * Runs this shard's points, one check each (its runs in parallel), and returns the blob a merge
 * takes. Interrupted, it returns what it has; the caller writes nothing then.
 */
export async function runSweep(options: RunSweepOptions): Promise<SweepBlob> {
  const shard = options.shard ?? { index: 1, count: 1 };
  const mine = shardPoints(options.plan.points, shard);
  const points: PointResult[] = [];
  // One executor for the shard: each point's runs (and its violated claims' extra runs) share the bound.
  const executor = createRunExecutor({
    parallelism: options.parallelism,
    spawnOptions: options.spawnOptions,
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  for (const point of mine) {
    if (options.spawnOptions.cancelSignal?.aborted === true) break;
    const result = await runPoint(point, executor, options);
    points.push(result);
    options.onPoint?.(points.length, mine.length, result);
  }
  return { format: SWEEP_BLOB_FORMAT, version: SWEEP_VERSION, sweepId: options.plan.sweepId, shard, plannedIds: options.plan.points.map((p) => p.id), points };
}

async function runPoint(point: SweepPoint, executor: RunExecutor, options: RunSweepOptions): Promise<PointResult> {
  const check = await runCheck({
    scenario: point.scenario,
    backends: [point.backend],
    runtime: point.runtime,
    claims: point.claims,
    expected: point.expected,
    executor,
    ...(point.tfjs === undefined ? {} : { tfjs: point.tfjs }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  const [outcome] = check.backends;
  const place = { runtime: point.runtime, backend: point.backend };
  const verdicts =
    outcome?.kind === 'ran'
      ? outcome.claims.map((c) => ({
          claim: c.claim,
          verdict: c.kind,
          expected: expectedVerdict(point.expected, c.claim, place),
          evidence: c.kind === 'error' ? c.error.message.split('\n')[0]! : renderEvidence(c),
          ...(c.kind === 'holds' && c.precondition !== undefined ? { precondition: c.precondition } : {}),
          ...(c.kind === 'violated' && c.diagnosis !== undefined
            ? { why: { cause: c.diagnosis.cause, evidence: c.diagnosis.evidence, fix: c.diagnosis.fix } }
            : {}),
        }))
      : point.claims.map((claim) => ({
          claim,
          verdict: 'error' as const,
          expected: expectedVerdict(point.expected, claim, place),
          evidence: outcome?.kind === 'unavailable' ? outcome.reason : 'not run',
        }));
  const request = {
    scenario: point.scenario,
    case: 'loop' as const,
    reset: 'none' as const,
    backend: point.backend,
    ...(point.tfjs === undefined ? {} : { tfjs: point.tfjs }),
  };
  return {
    id: point.id,
    verdicts,
    ok: verdicts.every((v) => meetsExpectation(v.verdict, v.claim, point.expected, place)),
    replay: reproduceCommand(request, point.runtime),
  };
}
