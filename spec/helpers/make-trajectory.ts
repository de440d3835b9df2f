import { resolveRunRequest } from '../../src/trajectory/run-request.js';
import { toLossPoint } from '../../src/trajectory/loss-point.js';
import { TRAJECTORY_FORMAT, TRAJECTORY_VERSION, type Trajectory } from '../../src/trajectory/trajectory.js';

export interface FakeTrajectoryOptions {
  readonly epochs?: number;
  readonly batchesPerEpoch?: number;
  readonly seed?: number;
  /** Loss of (epoch, batch); batch 0 means the epoch loss. */
  readonly loss?: (epoch: number, batch: number) => number;
  readonly digest?: (epoch: number) => string;
}

/** A trajectory built in memory, for unit tests of compare and claims (no tfjs involved). */
export function makeTrajectory(options: FakeTrajectoryOptions = {}): Trajectory {
  const epochs = options.epochs ?? 3;
  const perEpoch = options.batchesPerEpoch ?? 4;
  const loss = options.loss ?? ((epoch: number, batch: number) => 1 / (epoch * 10 + batch + 1));
  const digest = options.digest ?? ((epoch: number) => epoch.toString(16).padStart(16, '0'));
  const request = resolveRunRequest({ scenario: { seed: options.seed ?? 1, epochs, samples: perEpoch * 10, batchSize: 10 }, backend: 'wasm' });
  return {
    format: TRAJECTORY_FORMAT,
    version: TRAJECTORY_VERSION,
    request,
    epochs: Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, numTensors: 10, ...toLossPoint(loss(i + 1, 0)) })),
    batches: Array.from({ length: epochs * perEpoch }, (_, i) => {
      const epoch = Math.floor(i / perEpoch) + 1;
      const batch = (i % perEpoch) + 1;
      return { epoch, batch, ...toLossPoint(loss(epoch, batch)) };
    }),
    weightDigests: Array.from({ length: epochs }, (_, i) => digest(i + 1)),
    provenance: { runtime: 'node', backend: 'cpu', packages: {}, node: 'v20', platform: 'linux', arch: 'x64', cpu: 'test', env: {}, flags: {} },
    timings: { startupMs: 0, trainMs: 0, msPerEpoch: 0, peakRssMb: 0 },
  };
}

/** The float32 one ULP above `value` (for value > 0). */
export function nextFloat32Up(value: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  view.setUint32(0, view.getUint32(0) + 1);
  return view.getFloat32(0);
}
