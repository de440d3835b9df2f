import type { Divergence } from '../compare/compare-trajectories.js';
import type { Diagnosis } from './diagnose.js';

/**
 * Why a golden's run drifted, from what its provenance says changed (`diffProvenance`'s lines,
 * `name: a → b`): a package, Node or browser version (`version`), a recorded environment variable
 * (`environment:<VAR>`), else `unknown` (the CPU's vector extensions, or nothing recorded: the code
 * or a scenario module changed). The first divergence is where it begins; which kernel's output
 * changed first needs a per-kernel trace, not recorded yet.
 */
export function diagnoseDrift(provenanceChanges: readonly string[], first: Divergence | undefined): Diagnosis {
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
