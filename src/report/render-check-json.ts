import { renderEvidence } from '../invariants/render-evidence.js';
import type { Diagnosis } from '../diagnosis/diagnose.js';
import type { Divergence } from '../compare/compare-trajectories.js';
import { measureTensorGrowth } from '../invariants/tensor-growth.js';
import type { CheckResult } from '../check/run-check.js';

export const CHECK_FORMAT = 'tfjs-repro/check';
export const CHECK_VERSION = 1;

/** The machine-readable form of a check; NaN/Infinity become null, values keep their hex. */
export function renderCheckJson(result: CheckResult): object {
  return {
    format: CHECK_FORMAT,
    version: CHECK_VERSION,
    ok: result.ok,
    runtime: result.runtime,
    ...(result.tfjs === undefined ? {} : { tfjs: result.tfjs }),
    expected: result.expected,
    scenario: result.scenario,
    backends: result.backends.map((backend) =>
      backend.kind === 'unavailable'
        ? { backend: backend.backend, available: false, reason: backend.reason }
        : {
            backend: backend.backend,
            available: true,
            claims: backend.claims.map((c) =>
              c.kind === 'error'
                ? { claim: c.claim, verdict: 'error', runs: c.runs, error: { code: c.error.code, message: c.error.message, details: c.error.details } }
                : {
                    claim: c.claim,
                    verdict: c.kind,
                    runs: c.runs,
                    evidence: renderEvidence(c),
                    firstDivergence: c.divergence ? divergenceJson(c.divergence) : null,
                    diagnosis: c.diagnosis === undefined ? null : diagnosisJson(c.diagnosis),
                    precondition: c.precondition ?? null,
                  },
            ),
            runs: Object.fromEntries(
              [...backend.runs].map(([key, t]) => [
                key,
                {
                  request: t.request,
                  finalLoss: t.epochs.at(-1)?.loss ?? null,
                  finalLossBits: t.epochs.at(-1)?.lossBits ?? null,
                  finalWeightDigest: t.weightDigests.at(-1) ?? null,
                  tensorsPerEpoch: t.epochs.map((e) => e.numTensors),
                  tensorGrowth: measureTensorGrowth(key, t),
                  timings: t.timings,
                },
              ]),
            ),
          },
    ),
    wallMs: result.wallMs,
  };
}

export function divergenceJson(d: Divergence): object {
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return { ...d, a: finite(d.a), b: finite(d.b), ulp: finite(d.ulp), abs: finite(d.abs), rel: finite(d.rel) };
}

/** A diagnosis for scripts; an infinite ULP distance (a tensor missing in one run) becomes null. */
export function diagnosisJson(d: Diagnosis): object {
  return { ...d, origin: { ...d.origin, ...(d.origin.ulps === undefined ? {} : { ulps: Number.isFinite(d.origin.ulps) ? d.origin.ulps : null }) } };
}
