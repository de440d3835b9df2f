import type { Divergence } from '../compare/compare-trajectories.js';
import { isVersionChange, renderProvenanceChange, type ProvenanceChange } from '../trajectory/provenance-change.js';
import { CAUSES, type Cause } from './causes.js';
import type { Diagnosis } from './diagnose.js';
import { originOf, ranAt, type TraceDifference } from './locate-origin.js';

/**
 * Why a golden's run drifted, from what its provenance says changed: a package, Node or browser
 * version (`version`), the device that computes (`device`: a WebGPU adapter), a recorded environment variable (`environment:<VAR>`), else `unknown` (the
 * CPU's vector extensions, or nothing recorded: the code or a scenario module changed). The first
 * divergence is where it shows; where the golden records its first step's kernel trace, `kernel`
 * (that trace against the same step traced now) says which kernel's output changed first.
 */
export function diagnoseDrift(changes: readonly ProvenanceChange[], first: Divergence | undefined, kernel?: TraceDifference): Diagnosis {
  const origin = { epoch: first?.epoch ?? 1, batch: first?.batch ?? 1 };
  const where = first === undefined ? 'the numbers' : `the numbers first at epoch ${origin.epoch}${first.batch === undefined ? '' : ` batch ${origin.batch}`}`;
  const named = namedChange(changes);
  const boundary: Diagnosis = {
    cause: named.cause,
    origin,
    evidence: named.change === undefined ? named.unexplained(where) : `${named.change} changes ${where}`,
    fix: named.fix,
  };
  if (kernel === undefined) return boundary;
  return withKernel(boundary, kernel, named.change === undefined ? undefined : { change: named.change, where });
}

/** What the provenance names as the change (rendered once), its cause and fix; or, with nothing named, how to say so. */
function namedChange(changes: readonly ProvenanceChange[]): { cause: Cause; change?: string; fix: string; unexplained: (where: string) => string } {
  const versions = changes.filter(isVersionChange);
  if (versions.length > 0)
    return { cause: 'version', change: versions.map(renderProvenanceChange).join(', '), fix: CAUSES.version.fix.golden(), unexplained: () => '' };
  const device = changes.find((c) => c.kind === 'device');
  if (device !== undefined) return { cause: 'device', change: renderProvenanceChange(device), fix: CAUSES.device.fix.golden(), unexplained: () => '' };
  const variable = changes.find((c) => c.kind === 'env');
  if (variable !== undefined)
    return {
      cause: `environment:${variable.name}`,
      change: renderProvenanceChange(variable),
      fix: CAUSES.environment.fix.golden({ knob: variable.name }),
      unexplained: () => '',
    };
  const cpu = changes.find((c) => c.kind === 'cpu-isa');
  return {
    cause: 'unknown',
    fix: CAUSES.unknown.fix.golden(),
    unexplained: (where) =>
      cpu === undefined
        ? `the provenance is the same, yet ${where} changed: something it does not record changed (tfjs-repro, a scenario module, the data)`
        : `the CPU's vector extensions changed (${cpu.from ?? '(not recorded)'} → ${cpu.to ?? '(not recorded)'}), which native kernels dispatch on; ${where} changed`,
  };
}

/** The drift's diagnosis refined by the first step's kernel traces: the first kernel whose output changed, if one did. */
function withKernel(d: Diagnosis, difference: TraceDifference, named: { change: string; where: string } | undefined): Diagnosis {
  if (difference.kind === 'none') {
    return {
      ...d,
      evidence: `${d.evidence}; every kernel of the first training step (${difference.entries}) still gives the golden's outputs: the change begins later`,
    };
  }
  if (difference.kind === 'control-flow') {
    return {
      ...d,
      evidence: `${d.evidence}; the first training step runs other kernels: ${ranAt(difference.b)} where the golden's ran ${ranAt(difference.a)}`,
    };
  }
  const { entry } = difference;
  const layer = entry.layer === undefined ? '' : ` in ${entry.layer}`;
  const origin = originOf(difference);
  const what =
    difference.kind === 'origin'
      ? `the output of ${entry.kernel}${layer} first (its inputs unchanged), at epoch ${entry.epoch} batch ${entry.batch}`
      : `input ${difference.input} of ${entry.kernel}${layer} first (a tensor made before the step: the initial weights or a constant), at epoch ${entry.epoch} batch ${entry.batch}`;
  return {
    ...d,
    origin,
    evidence:
      named === undefined ? `${d.evidence}; in the first training step, what changed is ${what}` : `${named.change} changes ${what}, and ${named.where}`,
  };
}
