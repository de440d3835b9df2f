import { describe, expect, it } from 'vitest';
import { envelope } from '../../../src/run/protocol.js';
import { createChildSession } from '../../../src/run/child-session.js';
import { runPlaceOf } from '../../../src/runtimes/shared/reproduce-command.js';
import { makeTrajectory } from '../../helpers/make-trajectory.js';

const trajectory = makeTrajectory();
const request = trajectory.request;

describe('a child session (the parent side of the protocol, shared by the Node and Chromium spawners)', () => {
  it('takes ready, epochs in order and one result, and settles to the trajectory; epochs are reported', () => {
    const epochs: number[] = [];
    const session = createChildSession(runPlaceOf('node', request), (epoch) => epochs.push(epoch));
    session.receive(envelope({ type: 'ready', startupMs: 1 }));
    session.receive(envelope({ type: 'epoch', epoch: 1, epochs: 2, loss: 0.5 }));
    session.receive(envelope({ type: 'epoch', epoch: 2, epochs: 2, loss: 0.4 }));
    expect(session.finished()).toBe(false);
    session.receive(envelope({ type: 'result', trajectory }));
    expect(session.finished()).toBe(true);
    expect(session.settle({ kind: 'exited', exitCode: 0 })).toEqual(trajectory);
    expect(epochs).toEqual([1, 2]);
  });

  it('a breach of order is a protocol error naming the run, with the reproduce command, whatever the exit', () => {
    const session = createChildSession(runPlaceOf('node', request));
    expect(() => session.receive(envelope({ type: 'epoch', epoch: 1, epochs: 2, loss: 0.5 }))).toThrow('protocol error: got "epoch" before "ready"');
    let error: unknown;
    try {
      session.settle({ kind: 'exited', exitCode: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'child-failed', message: `child run ${session.where}: protocol error: got "epoch" before "ready"` });
    expect((error as { details: string[] }).details.at(-1)).toMatch(/^reproduce: npx tfjs-repro run --scenario stateful-lstm-sine --backend /);
  });

  it("maps a child's error codes the same in every runtime: backend-unavailable and usage kept, anything else child-failed", () => {
    for (const [code, expected] of [
      ['backend-unavailable', 'backend-unavailable'],
      ['usage', 'usage'],
      ['internal', 'child-failed'],
    ] as const) {
      const session = createChildSession(runPlaceOf('chromium', request));
      session.receive(envelope({ type: 'ready', startupMs: 1 }));
      session.receive(envelope({ type: 'error', code, message: 'no' }));
      expect(() => session.settle({ kind: 'exited', exitCode: 0 })).toThrow(
        expect.objectContaining({ code: expected, message: `child run chromium/${request.backend}/loop/reset=none/seed=${request.scenario.seed} failed: no` }),
      );
    }
  });

  it('the reproduce command names the runtime when it is not node', () => {
    const session = createChildSession(runPlaceOf('chromium', request));
    try {
      session.settle({ kind: 'cancelled' });
    } catch (error) {
      expect((error as { details: string[] }).details.at(-1)).toMatch(/--json --runtime chromium$/);
    }
    expect.assertions(1);
  });
});
