import { describe, expect, it } from 'vitest';
import { ReproError } from '../../src/errors.js';
import { runCheck } from '../../src/check/run-check.js';
import { resolveRunRequest } from '../../src/trajectory/run-request.js';
import { STDERR_TAIL_BYTES, spawnRun, type SpawnRunOptions } from '../../src/runtimes/node/spawn-run.js';
import { resolveScenarioConfig } from '../../src/scenario/config.js';
import { renderCheckText } from '../../src/report/render-check-text.js';
import { fixtureChild, isAlive } from '../helpers/children.js';

const request = resolveRunRequest({ scenario: { epochs: 2, samples: 100, batchSize: 50 }, backend: 'cpu' });
const WHERE = 'child run cpu/loop/reset=none/seed=1';

async function failureOf(child: string, options: SpawnRunOptions = {}): Promise<{ error: ReproError; pid: number }> {
  let pid = -1;
  const error = await spawnRun(request, { timeoutMs: 30_000, ...options, childEntry: fixtureChild(child), onSpawn: (p) => (pid = p) }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReproError);
  // No orphan: the child is gone by the time spawnRun settles.
  expect(isAlive(pid)).toBe(false);
  return { error: error as ReproError, pid };
}

// Fault types injected here (9): crash, crash mid-training, hang, hang ignoring SIGTERM,
// wrong protocol version, malformed message, out-of-order messages, clean exit without a result
// after 1 MB of stdout, out of memory. Plus megabytes of output around a good run and NaN losses.
describe('misbehaving children become typed errors with the stderr tail and the reproduce command, and leave no process behind', () => {
  it('a crash before any message', async () => {
    const { error } = await failureOf('crash');
    expect(error.code).toBe('child-failed');
    expect(error.message).toBe(`${WHERE} exited with code 3 without sending a result`);
    expect(error.details).toContain('  fixture: about to crash');
    expect(error.details.at(-1)).toMatch(
      /^reproduce: npx tfjs-repro run --scenario stateful-lstm-sine --backend cpu --case loop --reset none --seed 1 .*--json$/,
    );
  });

  it('a crash in the middle of training, after two epochs', async () => {
    const epochs: number[] = [];
    const { error } = await failureOf('crash-at-epoch', { onEpoch: (epoch) => epochs.push(epoch) });
    expect(epochs).toEqual([1, 2]);
    expect(error.message).toBe(`${WHERE} exited with code 139 without sending a result`);
    expect(error.details).toContain('  fixture: segfault-like crash in epoch 3');
  });

  it('a hang, killed at the timeout', async () => {
    const started = Date.now();
    const { error } = await failureOf('hang', { timeoutMs: 1_500 });
    expect(error.message).toBe(`${WHERE} timed out after 1500 ms and was killed`);
    expect(Date.now() - started).toBeLessThan(1_500 + 2_000 + 3_000); // timeout + kill grace + slack
  });

  it('a hang that ignores SIGTERM, ended by SIGKILL after the grace period', async () => {
    const { error } = await failureOf('hang-ignoring-sigterm', { timeoutMs: 1_000 });
    expect(error.message).toBe(`${WHERE} timed out after 1000 ms and was killed`);
    expect(error.details).toContain('  fixture: ignoring SIGTERM');
  });

  it('a message of another protocol version', async () => {
    const { error } = await failureOf('bad-protocol');
    expect(error.message).toBe(`${WHERE}: protocol error: version: expected 1, got 99 (number)`);
  });

  it('a message that is not a protocol message at all', async () => {
    const { error } = await failureOf('malformed');
    expect(error.message).toBe(`${WHERE}: protocol error: expected a message object, got "hello" (string)`);
  });

  it('messages out of order, without waiting for the timeout', async () => {
    const started = Date.now();
    const { error } = await failureOf('out-of-order', { timeoutMs: 60_000 });
    expect(error.message).toBe(`${WHERE}: protocol error: got "epoch" before "ready"`);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a clean exit without a result, after a megabyte of stdout', async () => {
    const { error } = await failureOf('silent-exit');
    expect(error.message).toBe(`${WHERE} exited with code 0 without sending a result`);
  });

  it('running out of memory under a heap limit', async () => {
    const { error } = await failureOf('out-of-memory', { memoryLimitMb: 48 });
    expect(error.message).toMatch(
      new RegExp(`^${WHERE} (was killed by SIGABRT|exited with code \\d+) without sending a result \\(out of memory: limit 48 MB\\)$`),
    );
  });
});

describe('children that train but misbehave around it', () => {
  it('megabytes on stdout and stderr do not stop a good run, and only a bounded stderr tail is kept', async () => {
    const trajectory = await spawnRun(request, { childEntry: fixtureChild('loud') });
    expect(trajectory.epochs).toHaveLength(2);
    // Failing after its output: the error carries a full, bounded tail.
    const error = await spawnRun(request, { childEntry: fixtureChild('loud'), env: { FIXTURE_CRASH_AFTER_OUTPUT: '1' } }).catch((e: ReproError) => e);
    expect(error).toBeInstanceOf(ReproError);
    const tail = (error as ReproError).details.filter((line) => line.startsWith('  ')).join('\n');
    expect(tail.length).toBeGreaterThan(STDERR_TAIL_BYTES / 2);
    expect(tail.length).toBeLessThanOrEqual(STDERR_TAIL_BYTES + 100);
  });

  it('Non-finite losses repeat bit for bit, and the verdict says that training diverged (real tfjs, sgd lr 1e5, seed 2)', async () => {
    const scenario = resolveScenarioConfig({ seed: 2, samples: 200, batchSize: 50, epochs: 3, optimizer: 'sgd', learningRate: 1e5 });
    const result = await runCheck({ scenario, backends: ['cpu'], claims: ['rerun', 'loop-equals-single'] });
    const [outcome] = result.backends;
    expect(outcome).toMatchObject({
      kind: 'ran',
      claims: [
        { claim: 'rerun', kind: 'holds', evidence: expect.stringMatching(/; training diverged: loss Infinity \(7f800000\) from epoch 2 batch 1$/) },
        { claim: 'loop-equals-single', kind: 'holds' },
      ],
    });
    expect(renderCheckText(result)).toMatch(/training diverged/);
  });
});
