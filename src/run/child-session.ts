import { parseChildMessage, type ChildMessage } from './protocol.js';
import { ReproError } from '../errors.js';
import { parseTrajectory } from '../trajectory/parse-trajectory.js';
import type { Trajectory } from '../trajectory/trajectory.js';

/** How the process or page of a run ended, as its spawner saw it. */
export type RunEnd =
  | { readonly kind: 'timed-out'; readonly ms: number }
  | { readonly kind: 'cancelled' }
  /** A Node child exited (code or signal); a page counts as exited 0 once it sent its final message. */
  | { readonly kind: 'exited'; readonly exitCode?: number; readonly signal?: string; readonly note?: string }
  /** The browser or page failed on its own (crash, page error, disconnect). */
  | { readonly kind: 'failed'; readonly reason: string; readonly cause?: unknown };

export interface ChildSession {
  /** `wasm/loop/reset=none/seed=1`, with the runtime when it is not node: the run in every message. */
  readonly where: string;
  /** Feeds one raw message; throws a protocol error on a bad envelope or order. */
  readonly receive: (raw: unknown) => ChildMessage;
  /** Whether the final message (result or error) has arrived. */
  readonly finished: () => boolean;
  /** The outcome once the run has ended: its trajectory, or a ReproError with the reproduce command. */
  readonly settle: (end: RunEnd, extraDetails?: readonly string[]) => Trajectory;
}

/**
 * The parent's side of the protocol, the same for every spawner (Node child, Chromium page):
 * message order (`ready`, epochs 1, 2, … in order, exactly one `result` or `error`, then
 * nothing), the error codes a child may report, and the command that reproduces the run. The
 * spawners only move messages and say how the run ended.
 */
export function createChildSession(
  place: { readonly where: string; readonly reproduce: string },
  onEpoch?: (epoch: number, epochs: number, loss: number) => void,
): ChildSession {
  const { where } = place;
  const reproduce = `reproduce: ${place.reproduce}`;
  const sequence = createSequence();
  let final: ChildMessage | undefined;
  let breach: ReproError | undefined;
  const fail = (code: 'child-failed' | 'backend-unavailable' | 'usage', message: string, details: readonly string[], cause?: unknown) =>
    new ReproError(code, `child run ${where}${message}`, { details: [...details, reproduce], cause });
  return {
    where,
    receive: (raw) => {
      try {
        const message = sequence(parseChildMessage(raw));
        if (message.type === 'epoch') onEpoch?.(message.epoch, message.epochs, message.loss);
        else if (message.type === 'result' || message.type === 'error') final = message;
        return message;
      } catch (error) {
        breach ??= error as ReproError;
        throw error;
      }
    },
    finished: () => final !== undefined,
    settle: (end, extra = []) => {
      switch (end.kind) {
        case 'timed-out':
          throw fail('child-failed', ` timed out after ${end.ms} ms and was killed`, extra);
        case 'cancelled':
          throw fail('child-failed', ' was cancelled', extra);
        case 'failed':
          if (final?.type !== 'result') throw fail('child-failed', `: ${end.reason}`, extra, end.cause);
          break;
        case 'exited':
          break;
      }
      if (breach !== undefined) throw fail('child-failed', `: ${breach.message}`, extra);
      if (final?.type === 'error') {
        const code = final.code === 'backend-unavailable' || final.code === 'usage' ? final.code : 'child-failed';
        throw fail(code, ` failed: ${final.message}`, extra);
      }
      if (final?.type !== 'result') {
        const how =
          end.kind === 'exited' && end.signal !== undefined ? `was killed by ${end.signal}` : `exited with code ${end.kind === 'exited' ? end.exitCode : '?'}`;
        throw fail('child-failed', ` ${how} without sending a result${end.kind === 'exited' && end.note ? ` (${end.note})` : ''}`, extra);
      }
      if (end.kind === 'exited' && end.exitCode !== undefined && end.exitCode !== 0) {
        throw fail('child-failed', ` sent a result but exited with code ${end.exitCode}`, extra);
      }
      try {
        return parseTrajectory(final.trajectory, `child run ${where}`);
      } catch (error) {
        throw fail('child-failed', ` sent an invalid trajectory: ${(error as Error).message}`, extra, error);
      }
    },
  };
}

/**
 * The order a child must keep: `ready`, then epochs 1, 2, … in order, then exactly one `result`
 * or `error`, then nothing. Returns a checker that throws a protocol error on the first breach.
 */
function createSequence(): (message: ChildMessage) => ChildMessage {
  let state: 'start' | 'ready' | 'done' = 'start';
  let lastEpoch = 0;
  return (message) => {
    const breach = (why: string): never => {
      throw new ReproError('child-failed', `protocol error: ${why}`);
    };
    if (state === 'done') breach(`got "${message.type}" after the final message`);
    switch (message.type) {
      case 'ready':
        if (state !== 'start') breach('got "ready" twice');
        state = 'ready';
        break;
      case 'epoch':
        if (state !== 'ready') breach('got "epoch" before "ready"');
        if (message.epoch !== lastEpoch + 1) breach(`got epoch ${message.epoch} after epoch ${lastEpoch}`);
        lastEpoch = message.epoch;
        break;
      case 'result':
        if (state !== 'ready') breach('got "result" before "ready"');
        state = 'done';
        break;
      case 'error':
        state = 'done';
        break;
    }
    return message;
  };
}
