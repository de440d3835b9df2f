/** Where in a training step a traced kernel ran. */
export const TRACE_PHASES = ['forward', 'backward', 'optimizer'] as const;
export type TracePhase = (typeof TRACE_PHASES)[number];

/**
 * One kernel (or one tensor made from values, kernel `makeTensor`) inside a training step. Its id
 * is `epoch:batch:kernel#occurrence`: two runs of one computation run the same kernels in each
 * batch, whatever else happens between batches.
 */
export interface KernelTraceEntry {
  readonly epoch: number;
  readonly batch: number;
  readonly phase: TracePhase;
  readonly kernel: string;
  /** 1-based, among this kernel's runs in this batch. */
  readonly occurrence: number;
  /** The layer whose call ran it (forward), or whose call's kernel it is the gradient of (backward). */
  readonly layer?: string;
  /** A 64-bit hash (16 hex digits) of each input's and each output's bytes. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly shapes: readonly (readonly number[])[];
}

/** Every kernel of every training step up to and including batch `upTo`. */
export interface KernelTrace {
  readonly upTo: { readonly epoch: number; readonly batch: number };
  readonly entries: readonly KernelTraceEntry[];
  /** Set when the trace stopped at its size limit before `upTo`. */
  readonly truncated?: boolean;
}

export function entryId(e: Pick<KernelTraceEntry, 'epoch' | 'batch' | 'kernel' | 'occurrence'>): string {
  return `${e.epoch}:${e.batch}:${e.kernel}#${e.occurrence}`;
}

/** What is wrong with a stored kernel trace (a golden's), each with its path; none when it is one. */
export function kernelTraceIssues(value: unknown, path: string): string[] {
  const trace = value as { upTo?: { epoch?: unknown; batch?: unknown }; entries?: unknown } | null;
  if (typeof trace !== 'object' || trace === null) return [`${path}: expected { upTo, entries }, got ${JSON.stringify(value)}`];
  const issues: string[] = [];
  if (!Number.isInteger(trace.upTo?.epoch) || !Number.isInteger(trace.upTo?.batch)) issues.push(`${path}.upTo: expected { epoch, batch } integers`);
  if (!Array.isArray(trace.entries)) return [...issues, `${path}.entries: expected an array`];
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  trace.entries.forEach((entry: Partial<Record<keyof KernelTraceEntry, unknown>>, i) => {
    const ok =
      typeof entry === 'object' &&
      entry !== null &&
      typeof entry.kernel === 'string' &&
      (TRACE_PHASES as readonly unknown[]).includes(entry.phase) &&
      [entry.epoch, entry.batch, entry.occurrence].every(Number.isInteger) &&
      strings(entry.inputs) &&
      strings(entry.outputs) &&
      Array.isArray(entry.shapes);
    if (!ok && issues.length < 5) issues.push(`${path}.entries[${i}]: expected { epoch, batch, phase, kernel, occurrence, inputs, outputs, shapes }`);
  });
  return issues;
}
