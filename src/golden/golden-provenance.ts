import type { Provenance } from '../trajectory/trajectory.js';
import type { GoldenProvenance } from './golden-file.js';
import { cpuIsa, isNativeBackend } from '../runtimes/cpu-isa.js';
import { runtimeNamed } from '../runtimes/registry.js';
import type { BackendName } from '../tfjs/backend-names.js';

export function goldenProvenanceOf(provenance: Provenance): GoldenProvenance {
  return {
    runtime: provenance.runtime,
    backend: provenance.backend,
    packages: sortKeys(provenance.packages),
    nodeMajor: Number(/^v(\d+)/.exec(provenance.node)?.[1] ?? Number.NaN),
    ...browserOf(provenance),
    platform: provenance.platform,
    arch: provenance.arch,
    ...(isNativeBackend(provenance.runtime, provenance.backend as BackendName) ? { cpuIsa: cpuIsa() } : {}),
    env: sortKeys(provenance.env),
  };
}

/** Each field where two provenances differ, as `field: a → b`; empty when they are the same. */
export function diffProvenance(golden: GoldenProvenance, current: GoldenProvenance): string[] {
  const changes: string[] = [];
  const names = new Set([...Object.keys(golden.packages), ...Object.keys(current.packages)]);
  for (const name of [...names].sort()) {
    const a = golden.packages[name];
    const b = current.packages[name];
    if (a !== b) changes.push(`${name}: ${a ?? '(absent)'} → ${b ?? '(absent)'}`);
  }
  for (const key of ['runtime', 'backend', 'nodeMajor', 'platform', 'arch'] as const) {
    if (golden[key] !== current[key]) changes.push(`${key}: ${golden[key]} → ${current[key]}`);
  }
  if (isNativeBackend(current.runtime, current.backend as BackendName) && golden.cpuIsa !== current.cpuIsa) {
    changes.push(`cpu: ${golden.cpuIsa ?? '(not recorded)'} → ${current.cpuIsa ?? '(not recorded)'}`);
  }
  if ((golden.browser !== undefined || current.browser !== undefined) && golden.browser !== current.browser) {
    changes.push(`browser: ${golden.browser ?? '(not recorded)'} → ${current.browser ?? '(not recorded)'}`);
  }
  const envKeys = new Set([...Object.keys(golden.env), ...Object.keys(current.env)]);
  for (const key of [...envKeys].sort()) {
    if (golden.env[key] !== current.env[key]) changes.push(`env ${key}: ${golden.env[key] ?? '(unset)'} → ${current.env[key] ?? '(unset)'}`);
  }
  return changes;
}

function sortKeys(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The runtime's own build (a browser's version), where the runtime has one. */
function browserOf(provenance: Provenance): { browser?: string } {
  const build = runtimeNamed(provenance.runtime).buildOf(provenance.flags);
  return build === undefined ? {} : { browser: build.version };
}
