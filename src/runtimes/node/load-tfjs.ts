import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTfjsSet } from '../../tfjs-versions/tfjs-set.js';
import { ReproError } from '../../errors.js';
import type { BackendName } from '../../tfjs/backend-names.js';
import { nodeUnavailableReason, readPackageVersion } from './backends.js';
import { TFJS_BACKEND_PACKAGES } from '../shared/tfjs-backends.js';
import { patchUnpackGradient } from '../../tfjs/unpack-gradient.js';
import type { LoadedTfjs, Tf } from '../../tfjs/tf-types.js';

export type { LoadedTfjs, Tf, TfCore } from '../../tfjs/tf-types.js';
import { readLibtensorflowSource, tensorflowAddonState } from './tensorflow-addon.js';

const require = createRequire(import.meta.url);
/** Where tfjs-repro is installed: in a project, its tfjs (a peer dependency) resolves from here to the project's. */
const TFJS_REPRO_DIR = path.dirname(fileURLToPath(import.meta.url));

const CORE_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'] as const;

/**
 * Loads tfjs and the requested backend from `from` (a release's folder in the cache; by default
 * where tfjs-repro is installed, i.e. the project's tfjs), selects it explicitly, and applies the
 * upstream workarounds. Call it only after `Math.random` has been seeded.
 *
 * It loads the `@tensorflow/tfjs` union rather than tfjs-core + tfjs-layers alone: tfjs-core's
 * Node bundle registers no gradients (only the union's bundle does, and tfjs-core's ESM
 * `register_all_gradients.js` uses extensionless imports that Node cannot load). Measured cost
 * of the union: ~90 ms more start-up per child (160 ms vs 70 ms for the requires).
 *
 * The packages are CommonJS bundles and are loaded with require(): `import()` of the 3 MB union
 * first scans it for named exports, which measured 380–430 ms against 170–190 ms for require().
 */
export async function loadTfjs(backend: BackendName, from: string = TFJS_REPRO_DIR): Promise<LoadedTfjs> {
  const reason = nodeUnavailableReason(backend);
  if (reason !== undefined) throw new ReproError('backend-unavailable', `--backend ${backend}: ${reason}`);
  // One set, resolved from one place: the union (its gradients), layers and the backend's package,
  // all on one tfjs-core (tfjs-versions/tfjs-set.ts); a mixed set is refused, never half-used.
  const backendPackage = TFJS_BACKEND_PACKAGES[backend]!;
  const set = readTfjsSet(from, [...new Set([...CORE_PACKAGES, backendPackage])]);
  if (set.kind === 'problem') throw new ReproError('backend-unavailable', `--backend ${backend}: ${set.problem}`);
  const dirOf = (name: string) => set.members.find((m) => m.name === name)!.dir;
  const tf = require(dirOf('@tensorflow/tfjs')) as Tf;
  if (backend !== 'cpu') {
    try {
      require(dirOf(backendPackage));
    } catch (error) {
      throw new ReproError('backend-unavailable', `--backend ${backend}: ${backendPackage} failed to load: ${String(error)}`, {
        cause: error,
      });
    }
  }
  const ok = await tf.setBackend(backend);
  if (!ok || tf.getBackend() !== backend) {
    throw new ReproError('backend-unavailable', `--backend ${backend}: tf.setBackend('${backend}') did not take effect (active: ${tf.getBackend()})`);
  }
  patchUnpackGradient(tf);
  const versions: Record<string, string> = {};
  for (const name of [...CORE_PACKAGES, backendPackage])
    versions[name] = set.members.find((m) => m.name === name)?.version ?? readPackageVersion(name) ?? 'unknown';
  if (backend === 'tensorflow') Object.assign(versions, readLibtensorflowVersions(tf));
  return { tf, backend, versions, from: path.dirname(dirOf('@tensorflow/tfjs')) };
}

/**
 * The native library under the tensorflow backend: its own TF_Version() and where it came from
 * (a golden made on another libtensorflow is then "other provenance", not a bitwise failure).
 */
function readLibtensorflowVersions(tf: Tf): Record<string, string> {
  const binding = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding;
  const state = tensorflowAddonState();
  return {
    libtensorflow: binding?.TF_Version ?? 'unknown',
    'libtensorflow-source': state.kind === 'no-package' ? 'unknown' : readLibtensorflowSource(state.packageDir),
  };
}
