import type { Divergence } from '../compare/compare-trajectories.js';
import type { Diagnosis } from './diagnose.js';
import { originOf, ranAt, type TraceDifference } from './locate-origin.js';

/**
 * Why a golden's run drifted, from what its provenance says changed (`diffProvenance`'s lines,
 * `name: a → b`): a package, Node or browser version (`version`), a recorded environment variable
 * (`environment:<VAR>`), else `unknown` (the CPU's vector extensions, or nothing recorded: the code
 * or a scenario module changed). The first divergence is where it shows; where the golden records
 * its first step's kernel trace, `kernel` (that trace against the same step traced now) says which
 * kernel's output changed first.
 */
export function diagnoseDrift(provenanceChanges: readonly string[], first: Divergence | undefined, kernel?: TraceDifference): Diagnosis {
  const byBoundary = driftAtBoundary(provenanceChanges, first);
  return kernel === undefined ? byBoundary : withKernel(byBoundary, kernel);
}

/** The drift's diagnosis refined by the first step's kernel traces: the first kernel whose output changed, if one did. */
function withKernel(d: Diagnosis, difference: TraceDifference): Diagnosis {
  const [change, rest] = splitEvidence(d.evidence);
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
  const named = d.cause === 'version' || d.cause.startsWith('environment:');
  return { ...d, origin, evidence: named ? `${change} changes ${what}, and ${rest}` : `${d.evidence}; in the first training step, what changed is ${what}` };
}

/** `<what changed> changes <where>` → [what changed, where]. */
function splitEvidence(evidence: string): [string, string] {
  const at = evidence.indexOf(' changes ');
  return at < 0 ? [evidence, ''] : [evidence.slice(0, at), evidence.slice(at + ' changes '.length)];
}

function driftAtBoundary(provenanceChanges: readonly string[], first: Divergence | undefined): Diagnosis {
  const origin = { epoch: first?.epoch ?? 1, batch: first?.batch ?? 1 };
  const where = first === undefined ? 'the numbers' : `the numbers first at epoch ${origin.epoch}${first.batch === undefined ? '' : ` batch ${origin.batch}`}`;
  const versions = provenanceChanges.filter((c) => !c.startsWith('env ') && !c.startsWith('cpu: ') && !/^(runtime|backend|platform|arch): /.test(c));
  if (versions.length > 0)
    return {
      cause: 'version',
      origin,
      evidence: `${versions.join(', ')} changes ${where}`,
      fix: 'if the new numbers are right, record them with `tfjs-repro golden update --reason "…"`; otherwise pin the previous version',
    };
  const variable = provenanceChanges.find((c) => c.startsWith('env '));
  if (variable !== undefined) {
    const name = variable.slice('env '.length).split(':')[0]!;
    return {
      cause: `environment:${name}`,
      origin,
      evidence: `${variable} changes ${where}`,
      fix: `set ${name} as the golden's provenance records it, or record the new numbers with \`tfjs-repro golden update --reason "…"\``,
    };
  }
  const cpu = provenanceChanges.find((c) => c.startsWith('cpu: '));
  return {
    cause: 'unknown',
    origin,
    evidence:
      cpu === undefined
        ? `the provenance is the same, yet ${where} changed: something it does not record changed (tfjs-repro, a scenario module, the data)`
        : `the CPU's vector extensions changed (${cpu.slice('cpu: '.length)}), which native kernels dispatch on; ${where} changed`,
    fix: 'save a run on each side with `tfjs-repro run --out` and compare them, or record the new numbers with `tfjs-repro golden update --reason "…"` if they are right',
  };
}
