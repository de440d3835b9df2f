import type { RuntimeName } from '../trajectory/runtime-name.js';
import { threadVariationsOf } from '../runtimes/registry.js';
import { type ClaimName } from '../invariants/claims.js';
import type { BackendName } from '../tfjs/backend-names.js';
import { renderDivergenceWhere } from '../invariants/render-divergence.js';
import type { CrossBackend, ReportBackend, ReportResults } from '../check/report-results.js';

export function crossSummary(c: CrossBackend): string {
  const finite = c.ulpPerEpoch.filter((u): u is number => u !== null);
  const rel = c.relPerEpoch.filter((r): r is number => r !== null);
  if (finite.every((u) => u === 0)) return 'bitwise identical';
  return `differ from epoch ${c.ulpPerEpoch.findIndex((u) => u !== 0) + 1} (${c.ulpPerEpoch[0]} ULP at epoch 1); max ${Math.max(...finite)} ULP, max relative ${Math.max(...rel).toExponential(2)}`;
}

/** What the results mean for a user: each guarantee in a sentence, with what it rests on. */
export function meaning(results: ReportResults): string[] {
  const ran = results.backends.filter((b): b is ReportBackend & { available: true } => b.available);
  const holding = (claim: ClaimName) => ran.filter((b) => b.claims.some((c) => c.claim === claim && c.verdict === 'holds')).map((b) => `\`${b.backend}\``);
  const list = (names: string[]) => (names.length === 0 ? 'no backend' : names.join(' and '));
  const out = [
    `- **Reruns are exact** on ${list(holding('rerun'))}: the same seed and request in a fresh process reproduce every batch loss and every weight bit for bit, so a golden of this run can demand bit-identity.`,
    ...nativeRandomLines(ran, list),
    ...fitCallLines(ran),
    ...(holding('loop-equals-single').length === 0
      ? []
      : [
          `- **How you call \`fit\` does not matter** on ${list(holding('loop-equals-single'))}: N calls of \`fit(epochs=1)\` and one \`fit(epochs=N)\` are the same computation, as the Keras answer claims${results.stateful ? `; resetting in \`onEpochEnd\` equals resetting after each call (${list(holding('callback-equals-loop'))})` : ''}.`,
        ]),
    ...(results.stateful
      ? [
          `- **State resets are not cosmetic** (${list(holding('reset-matters'))}): resetting in one case only leaves epoch 1 identical and changes every later epoch.`,
          ...ran.flatMap((b) =>
            b.claims
              .filter((c) => c.claim === 'reset-matters' && c.verdict === 'violated' && c.diagnosis?.cause === 'state')
              .map((c) => `- **On \`${b.backend}\`, resetting the states changes nothing** (state): ${c.diagnosis!.evidence}. Fix: ${c.diagnosis!.fix}.`),
          ),
        ]
      : []),
    `- **The environment does not leak in** (${list(holding('env-invariance'))}): timezone, locale, working directory, unrelated variables, their order and the umask change no bit.`,
    ...threadLines(ran, results.runtime),
  ];
  for (const c of results.crossBackend) {
    out.push(
      `- **Backends are not interchangeable**: \`${c.a}\` and \`${c.b}\` ${crossSummary(c)}. Keep one golden per backend and compare across backends only with a tolerance.`,
    );
  }
  return out;
}

/** What a backend's thread knobs do, and what a user must set to get tfjs-repro's numbers. */
function threadLines(ran: readonly (ReportBackend & { available: true })[], runtime: RuntimeName): string[] {
  return ran.flatMap((b) =>
    b.claims
      .filter((c) => c.claim === 'threads-invariance')
      .map((c) => {
        const backend = b.backend as BackendName;
        const variations = threadVariationsOf(runtime, backend);
        if (c.verdict === 'holds')
          return `- **Threading does not change the numbers** (\`${b.backend}\`): ${variations.map((v) => v.description).join(', ')} give the same bits as tfjs-repro's children (${variations.map((v) => v.remedy).join(', ')}).`;
        const named = new Set(c.isolation?.culprits.map((v) => v.name));
        const culprits = variations.filter((v) => named.has(v.name));
        const set =
          culprits.length === 0
            ? `${variations.map((v) => v.remedy).join(', ')} (no single knob changes it alone)`
            : culprits.map((v) => v.remedy).join(' and ');
        return `- **On \`${b.backend}\`, the numbers depend on ${culprits.length === 0 ? 'the knobs together' : culprits.map((v) => v.description).join(', ')}**: ${c.evidence}. Set ${set} before the backend loads to reproduce these numbers and their goldens.`;
      }),
  );
}

/**
 * What the guarantees rest on: tfjs-repro's children seed Math.random; where the same run with it
 * left native repeats too, an app gets them as it is; where not, only if it seeds Math.random.
 */
function nativeRandomLines(ran: readonly (ReportBackend & { available: true })[], list: (names: string[]) => string): string[] {
  const native = ran.flatMap((b) => b.claims.filter((c) => c.claim === 'rerun-native-random').map((c) => ({ backend: `\`${b.backend}\``, c })));
  if (native.length === 0) return [];
  const holds = native.filter(({ c }) => c.verdict === 'holds').map(({ backend }) => backend);
  const violated = native.filter(({ c }) => c.verdict === 'violated');
  const why = [
    ...new Set(violated.flatMap(({ c }) => (c.diagnosis === undefined ? [] : [`${c.diagnosis.cause}: ${c.diagnosis.evidence}. Fix: ${c.diagnosis.fix}.`]))),
  ];
  return [
    ...(holds.length === 0
      ? []
      : [
          `- **Training draws nothing from \`Math.random\`** on ${list(holds)}: with it left as the platform gives it (tfjs-repro's children seed it), reruns are still exact, so an app gets these guarantees without seeding it.`,
        ]),
    ...(violated.length === 0
      ? []
      : [
          `- **The guarantees rest on a seeded \`Math.random\`** on ${list(violated.map(({ backend }) => backend))}: with it left as the platform gives it, a rerun is not exact, so an app gets them only if it seeds \`Math.random\` before tfjs loads (e.g. \`seedrandom(seed, { global: true })\`), as tfjs-repro's children do.${why.map((w) => ` Why: ${w}`).join('')}`,
        ]),
  ];
}

/** Where N × fit(1) and fit(N) part, per backend, and why (the diagnosis). */
function fitCallLines(ran: readonly (ReportBackend & { available: true })[]): string[] {
  const violated = ran.flatMap((b) => b.claims.filter((c) => c.claim === 'loop-equals-single' && c.verdict === 'violated').map((c) => ({ b, c })));
  if (violated.length === 0) return [];
  const where = violated
    .map(({ b, c }) => `\`${b.backend}\` (${c.divergence === undefined ? c.evidence : `differs at ${renderDivergenceWhere(c.divergence)}`})`)
    .join(', ');
  const causes = [
    ...new Set(violated.flatMap(({ c }) => (c.diagnosis === undefined ? [] : [`${c.diagnosis.cause}: ${c.diagnosis.evidence}. Fix: ${c.diagnosis.fix}.`]))),
  ];
  return [
    `- **How you call \`fit\` matters** for this scenario: N × \`fit(epochs=1)\` and one \`fit(epochs=N)\` part on ${where}.${causes.map((c) => ` Why: ${c}`).join('')}`,
  ];
}
