import { describe, expect, it } from 'vitest';
import { ReproError } from '../../src/errors.js';
import { resolveRunRequest } from '../../src/run/run-request.js';
import { spawnRun } from '../../src/run/spawn-run.js';
import { fixtureChild } from '../helpers/children.js';

const request = resolveRunRequest({ scenario: { epochs: 2, samples: 100, batchSize: 50 }, backend: 'cpu' });

async function failureOf(child: string, timeoutMs = 30_000): Promise<ReproError> {
  const error = await spawnRun(request, { childEntry: fixtureChild(child), timeoutMs }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReproError);
  return error as ReproError;
}

describe('misbehaving children become typed errors with the stderr tail and the reproduce command', () => {
  it('a crash', async () => {
    const error = await failureOf('crash');
    expect(error.code).toBe('child-failed');
    expect(error.message).toBe('child run cpu/loop/reset=none/seed=1 exited with code 3 without sending a result');
    expect(error.details).toContain('  fixture: about to crash');
    expect(error.details.at(-1)).toMatch(/^reproduce: npx tfjs-repro run --backend cpu --case loop --reset none --seed 1 .*--json$/);
  });

  it('a hang, killed at the timeout', async () => {
    const started = Date.now();
    const error = await failureOf('hang', 1_500);
    expect(error.message).toBe('child run cpu/loop/reset=none/seed=1 timed out after 1500 ms and was killed');
    expect(Date.now() - started).toBeLessThan(1_500 + 2_000 + 3_000); // timeout + kill grace + slack
  });

  it('a message of another protocol version', async () => {
    const error = await failureOf('bad-protocol');
    expect(error.message).toBe('child run cpu/loop/reset=none/seed=1: protocol error: version: expected 1, got 99 (number)');
  });

  it('a clean exit without a result, after a megabyte of stdout', async () => {
    const error = await failureOf('silent-exit');
    expect(error.message).toBe('child run cpu/loop/reset=none/seed=1 exited with code 0 without sending a result');
  });
});
