import type { Provenance } from '../trajectory/trajectory.js';
import type { GoldenProvenance } from './golden-file.js';
import type { ProvenanceChange } from '../trajectory/provenance-change.js';
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
    ...deviceOf(provenance),
    platform: provenance.platform,
    arch: provenance.arch,
    ...(isNativeBackend(provenance.runtime, provenance.backend as BackendName) ? { cpuIsa: cpuIsa() } : {}),
    env: sortKeys(provenance.env),
  };
}

/** Each field where two provenances differ, as values; empty when they are the same. */
export function diffProvenance(golden: GoldenProvenance, current: GoldenProvenance): ProvenanceChange[] {
  const changes: ProvenanceChange[] = [];
  const change = (kind: ProvenanceChange['kind'], name: string, from: string | number | undefined, to: string | number | undefined) => {
    if (from !== to) changes.push({ kind, name, ...(from === undefined ? {} : { from: String(from) }), ...(to === undefined ? {} : { to: String(to) }) });
  };
  const names = new Set([...Object.keys(golden.packages), ...Object.keys(current.packages)]);
  for (const name of [...names].sort()) change('package', name, golden.packages[name], current.packages[name]);
  change('place', 'runtime', golden.runtime, current.runtime);
  change('place', 'backend', golden.backend, current.backend);
  change('node-version', 'nodeMajor', golden.nodeMajor, current.nodeMajor);
  change('place', 'platform', golden.platform, current.platform);
  change('place', 'arch', golden.arch, current.arch);
  if (isNativeBackend(current.runtime, current.backend as BackendName)) change('cpu-isa', 'cpuIsa', golden.cpuIsa, current.cpuIsa);
  change('browser', 'browser', golden.browser, current.browser);
  change('device', runtimeNamed(current.runtime).device?.label ?? 'device', golden.device, current.device);
  const envKeys = new Set([...Object.keys(golden.env), ...Object.keys(current.env)]);
  for (const key of [...envKeys].sort()) change('env', key, golden.env[key], current.env[key]);
  return changes;
}

function sortKeys(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The device that computed the run, where its runtime records one. */
function deviceOf(provenance: Provenance): { device?: string } {
  const device = runtimeNamed(provenance.runtime).device?.of(provenance.flags);
  return device === undefined ? {} : { device };
}

/** The runtime's own build (a browser's version), where the runtime has one. */
function browserOf(provenance: Provenance): { browser?: string } {
  const build = runtimeNamed(provenance.runtime).buildOf(provenance.flags);
  return build === undefined ? {} : { browser: build.version };
}
