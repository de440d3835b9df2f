/**
 * One field in which a run's provenance differs from a golden's, as a value: what kind of field
 * (a package's version, Node's major version, a browser build, where it ran, the CPU's vector
 * extensions, the device that computes such as a WebGPU adapter, an environment variable), its
 * name, and both sides (absent: not recorded or unset).
 */
export interface ProvenanceChange {
  readonly kind: 'package' | 'node-version' | 'browser' | 'place' | 'cpu-isa' | 'device' | 'env';
  readonly name: string;
  readonly from?: string;
  readonly to?: string;
}

/** The kinds of change that are a version of something the numbers are computed with (a package, Node, a browser build). */
export function isVersionChange(change: ProvenanceChange): boolean {
  return change.kind === 'package' || change.kind === 'node-version' || change.kind === 'browser';
}

/** `@tensorflow/tfjs-core: 4.21.0 → 4.22.0`, `env TZ: UTC → (unset)`, `cpuIsa: avx2 → avx512f`: the one wording of a change. */
export function renderProvenanceChange(change: ProvenanceChange): string {
  const missing = change.kind === 'package' ? '(absent)' : change.kind === 'env' ? '(unset)' : '(not recorded)';
  const sides = `${change.from ?? missing} → ${change.to ?? missing}`;
  return change.kind === 'env' ? `env ${change.name}: ${sides}` : `${change.name}: ${sides}`;
}
