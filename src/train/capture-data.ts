import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { DataCapture } from '../trajectory/trajectory.js';
import { DIGEST_HEX_DIGITS } from '../trajectory/weight-digest.js';

/** What the capture needs of a tfjs model and its tensors (structural: the Node and the browser bundles' classes differ). */
interface CapturedModel {
  readonly inputs: readonly unknown[];
  readonly outputs: readonly unknown[];
  makeTrainFunction(): (data: readonly CapturedTensor[]) => unknown;
}
interface CapturedTensor {
  readonly shape: readonly number[];
  dataSync(): ArrayLike<number> & { readonly buffer: ArrayBufferLike; readonly byteOffset: number; readonly byteLength: number };
}

export interface DataRecorder {
  /** Closes an epoch: the digest of its samples, in any order. */
  endEpoch(): void;
  readonly capture: DataCapture;
}

/**
 * Records, for every batch fit trains on, a digest of its inputs and targets in order, and for
 * every epoch a digest of the samples it saw in any order, so that two runs can be told apart by
 * what they trained on (other data, or the same samples in other batches). It wraps the training
 * function tfjs builds at each fit (a Sequential's inner model's): the batch's tensors are read
 * once (`dataSync`, a small read on cpu and wasm); nothing about the training changes.
 */
export function recordBatchData(model: object): DataRecorder {
  const target = ((model as { model?: CapturedModel }).model ?? model) as CapturedModel;
  const make = target.makeTrainFunction.bind(target);
  const capture = { batchData: [] as string[], epochSamples: [] as string[] };
  let samples: number[] = [];
  target.makeTrainFunction = () => {
    const train = make();
    return (data) => {
      const tensors = data.slice(0, target.inputs.length + target.outputs.length);
      const batch = digestBatch(tensors);
      capture.batchData.push(batch.digest);
      samples.push(...batch.samples);
      return train(data);
    };
  };
  return {
    capture,
    endEpoch: () => {
      capture.epochSamples.push(digestBytes(new Uint8Array(Uint32Array.from(samples).sort().buffer)));
      samples = [];
    },
  };
}

/** The batch in order (every tensor's bytes), and one 32-bit identity per sample (its rows' bytes across the tensors). */
function digestBatch(tensors: readonly CapturedTensor[]): { digest: string; samples: number[] } {
  const hash = sha256.create();
  const rows = tensors[0]?.shape[0] ?? 0;
  const identities = new Array<number>(rows).fill(0x811c9dc5);
  for (const tensor of tensors) {
    const values = tensor.dataSync();
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    hash.update(bytes);
    const perRow = rows === 0 ? 0 : bytes.length / rows;
    for (let row = 0; row < rows; row++) {
      let h = identities[row]!;
      for (let i = row * perRow; i < (row + 1) * perRow; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
      identities[row] = h;
    }
  }
  return { digest: bytesToHex(hash.digest()).slice(0, DIGEST_HEX_DIGITS), samples: identities };
}

function digestBytes(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes)).slice(0, DIGEST_HEX_DIGITS);
}
