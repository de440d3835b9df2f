import { ReproError, describeValue } from '../errors.js';
import type { RunRequest } from '../trajectory/run-request.js';
import { TRAJECTORY_FORMAT, TRAJECTORY_VERSION, type Trajectory } from '../trajectory/trajectory.js';

/**
 * The messages between the parent and a child, defined once here: the types below for TypeScript,
 * and {@link PROTOCOL} as data, which python/protocol.json is a copy of (a unit test holds them
 * equal) and which the Keras child reads. A Node child sends them over Node's IPC channel with
 * structured-clone serialization (NaN and ±0 survive); a Chromium page through a page binding; the
 * Keras child as JSON lines on fd 3 (float32 as bit patterns). Never over stdout, where tfjs and
 * TensorFlow print banners.
 */
export const PROTOCOL_MARKER = 'tfjs-repro';
export const PROTOCOL_VERSION = 1;

interface Envelope {
  readonly marker: typeof PROTOCOL_MARKER;
  readonly version: typeof PROTOCOL_VERSION;
}

/**
 * `scenarioModule`: the absolute path of a user scenario module the child loads before the request.
 * `tfjsFrom`: the folder the child resolves tfjs from (a release installed in the cache, for a
 * request's `tfjs` version); absent, from where tfjs-repro is installed (the project's tfjs).
 */
export type ParentMessage = Envelope & { readonly type: 'run'; readonly request: RunRequest; readonly scenarioModule?: string; readonly tfjsFrom?: string };

export type ChildMessage = Envelope &
  (
    | { readonly type: 'ready'; readonly startupMs: number }
    | { readonly type: 'epoch'; readonly epoch: number; readonly epochs: number; readonly loss: number }
    | { readonly type: 'result'; readonly trajectory: Trajectory }
    | { readonly type: 'error'; readonly code: string; readonly message: string }
  );

type Payload<T> = T extends Envelope ? Omit<T, keyof Envelope> : never;
export type ChildPayload = Payload<ChildMessage>;

export function envelope<T extends object>(payload: T): Envelope & T {
  return { marker: PROTOCOL_MARKER, version: PROTOCOL_VERSION, ...payload };
}

type FieldsOf<M> = readonly Exclude<keyof M, keyof Envelope | 'type'>[];
type ChildFields = { readonly [T in ChildMessage['type']]: FieldsOf<Extract<ChildMessage, { type: T }>> };

/** The fields each child message must carry (every type listed: the compiler checks both ways). */
const CHILD_FIELDS: ChildFields = {
  ready: ['startupMs'],
  epoch: ['epoch', 'epochs', 'loss'],
  result: ['trajectory'],
  error: ['code', 'message'],
};

/**
 * The protocol as data, for the sides that are not TypeScript: python/protocol.json holds exactly
 * this (regenerate it with `node scripts/write-protocol.mjs` after `npm run build`). The Keras run
 * message also carries `data`, the samples from tfjs-repro's own seeded generator.
 */
export const PROTOCOL = {
  marker: PROTOCOL_MARKER,
  version: PROTOCOL_VERSION,
  trajectory: { format: TRAJECTORY_FORMAT, version: TRAJECTORY_VERSION },
  parent: { run: { required: ['request'], optional: ['scenarioModule', 'data', 'tfjsFrom'] } },
  child: CHILD_FIELDS,
} as const;

const CHILD_TYPES = Object.keys(CHILD_FIELDS) as readonly ChildMessage['type'][];

/** Checks the envelope and type of a message from a child; the payload is checked by its user. */
export function parseChildMessage(message: unknown): ChildMessage {
  const problem = envelopeProblem(message, CHILD_TYPES);
  if (problem !== undefined) throw new ReproError('child-failed', `protocol error: ${problem}`);
  return message as ChildMessage;
}

export function parseParentMessage(message: unknown): ParentMessage {
  const problem = envelopeProblem(message, ['run']);
  if (problem !== undefined) throw new ReproError('child-failed', `protocol error: ${problem}`);
  return message as ParentMessage;
}

function envelopeProblem(message: unknown, types: readonly string[]): string | undefined {
  if (typeof message !== 'object' || message === null) return `expected a message object, got ${describeValue(message)}`;
  const { marker, version, type } = message as Record<string, unknown>;
  if (marker !== PROTOCOL_MARKER) return `marker: expected "${PROTOCOL_MARKER}", got ${describeValue(marker)}`;
  if (version !== PROTOCOL_VERSION) return `version: expected ${PROTOCOL_VERSION}, got ${describeValue(version)}`;
  if (!types.includes(type as string)) return `type: expected one of ${types.join(', ')}, got ${describeValue(type)}`;
  return undefined;
}
