import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../../src/run/limiter.js';

/** A task that records when it starts and ends, and finishes when released. */
function gate() {
  const started: string[] = [];
  const release = new Map<string, () => void>();
  const task = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      release.set(name, () => resolve(name));
    });
  const finish = async (name: string) => {
    release.get(name)!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, task, finish };
}

describe('the limiter the checks of a set share', () => {
  it('runs at most `concurrency` tasks at once, the highest priority waiting first, then the first queued', async () => {
    const { started, task, finish } = gate();
    const limit = createLimiter(2);
    const all = [limit(task('a'), 1), limit(task('b'), 1), limit(task('small'), 1), limit(task('big'), 9), limit(task('late'), 1)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a', 'b']);
    await finish('a');
    expect(started).toEqual(['a', 'b', 'big']);
    await finish('b');
    expect(started).toEqual(['a', 'b', 'big', 'small']);
    await finish('big');
    await finish('small');
    await finish('late');
    expect(await Promise.all(all)).toEqual(['a', 'b', 'small', 'big', 'late']);
  });

  it('passes failures through and frees the slot; once aborted, waiting tasks are rejected with the reason', async () => {
    const controller = new AbortController();
    const limit = createLimiter(1, controller.signal);
    const failing = limit(() => Promise.reject(new Error('child crashed')), 1);
    const next = limit(async () => 'ran', 1);
    await expect(failing).rejects.toThrow('child crashed');
    await expect(next).resolves.toBe('ran');
    const { task, finish } = gate();
    const running = limit(task('running'), 1);
    const waiting = limit(task('waiting'), 1);
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error('interrupted'));
    // Handled before the slot frees: the waiting task is rejected the moment it would have started.
    const refused = expect(waiting).rejects.toThrow('interrupted');
    await finish('running');
    await expect(running).resolves.toBe('running');
    await refused;
  });
});
