import { entryId, type KernelTrace, type KernelTraceEntry } from '../trajectory/kernel-trace.js';

/**
 * Where two kernel traces first part, read in the first trace's order:
 * - `origin`: a kernel whose inputs are bitwise equal in both and whose outputs differ (the
 *   divergence begins in it);
 * - `input`: the first entry that differs does so in an input no traced kernel made (a tensor from
 *   before the traced steps or from between them: a weight, a state, an optimizer's constant);
 * - `control-flow`: a kernel runs in one trace and not in the other at that point;
 * - `none`: the traces agree to their end.
 */
export type TraceDifference =
  | { readonly kind: 'origin'; readonly entry: KernelTraceEntry; readonly output: number }
  | { readonly kind: 'input'; readonly entry: KernelTraceEntry; readonly input: number }
  /** `a` and `b`: what each runs at that position (absent: its trace ends there). */
  | { readonly kind: 'control-flow'; readonly a?: KernelTraceEntry; readonly b?: KernelTraceEntry }
  | { readonly kind: 'none'; readonly entries: number };

/**
 * Aligns two traces by `epoch:batch:kernel#occurrence` (Megatron-LM's determinism method, with
 * occurrences counted per batch so that what runs between batches cannot shift them) and returns
 * the first difference. Kernels run in program order within a step (tfjs is synchronous there), so
 * the two traces are walked side by side: the first position whose ids differ is where control flow
 * parts. An entry whose inputs differ only because an earlier entry's outputs did is a receiver,
 * never reached: the earlier one is returned first.
 */
export function locateOrigin(a: KernelTrace, b: KernelTrace): TraceDifference {
  const length = Math.min(a.entries.length, b.entries.length);
  for (let i = 0; i < length; i++) {
    const [entry, twin] = [a.entries[i]!, b.entries[i]!];
    if (entryId(entry) !== entryId(twin)) return { kind: 'control-flow', a: entry, b: twin };
    const input = entry.inputs.findIndex((hash, j) => hash !== twin.inputs[j]);
    if (input >= 0 || entry.inputs.length !== twin.inputs.length) return { kind: 'input', entry, input: Math.max(0, input) };
    const output = entry.outputs.findIndex((hash, j) => hash !== twin.outputs[j]);
    if (output >= 0 || entry.outputs.length !== twin.outputs.length) return { kind: 'origin', entry, output: Math.max(0, output) };
  }
  if (a.entries.length !== b.entries.length) return { kind: 'control-flow', a: a.entries[length], b: b.entries[length] };
  return { kind: 'none', entries: length };
}

/** Where a kernel-level difference begins, as a diagnosis's origin: the kernel, its layer and phase, and which tensor. */
export function originOf(difference: Extract<TraceDifference, { kind: 'origin' | 'input' }>) {
  const { entry } = difference;
  return {
    epoch: entry.epoch,
    batch: entry.batch,
    phase: entry.phase,
    kernel: entry.kernel,
    ...(entry.layer === undefined ? {} : { layer: entry.layer }),
    tensor: difference.kind === 'origin' ? `output ${difference.output} [${(entry.shapes[difference.output] ?? []).join('×')}]` : `input ${difference.input}`,
  };
}

/** What a trace runs at a control-flow difference: the kernel's id, or `nothing more` where it ends. */
export function ranAt(entry: KernelTraceEntry | undefined): string {
  return entry === undefined ? 'nothing more' : entryId(entry);
}
