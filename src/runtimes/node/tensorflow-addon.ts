import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { INSTALL_RECORD_FILE, TFJS_NODE_ISSUE } from './tensorflow-pins.js';

const require = createRequire(import.meta.url);

/** How far `@tensorflow/tfjs-node` is installed: npm drops it when its install script fails (tensorflow/tfjs#8742). */
export type TensorflowAddonState =
  | { readonly kind: 'ready'; readonly packageDir: string; readonly addonPath: string }
  | { readonly kind: 'no-package' }
  | { readonly kind: 'no-addon'; readonly packageDir: string; readonly addonPath: string }
  /** The addon is built, but the libtensorflow it links (deps/lib, links into the set-up's cache) has gone. */
  | { readonly kind: 'no-library'; readonly packageDir: string; readonly addonPath: string; readonly library: string };

export function tensorflowAddonState(packageDir = resolvePackageDir()): TensorflowAddonState {
  if (packageDir === undefined || !existsSync(path.join(packageDir, 'package.json'))) return { kind: 'no-package' };
  const addonPath = addonPathOf(packageDir);
  if (!existsSync(addonPath)) return { kind: 'no-addon', packageDir, addonPath };
  const libDir = path.join(packageDir, 'deps', 'lib');
  // existsSync follows links: a link whose target was removed (a cleared cache) is missing.
  const gone = (existsSync(libDir) ? readdirSync(libDir) : []).find((name) => !existsSync(path.join(libDir, name)));
  if (gone !== undefined)
    return { kind: 'no-library', packageDir, addonPath, library: `${path.join(libDir, gone)} → ${readlinkSync(path.join(libDir, gone))}` };
  return { kind: 'ready', packageDir, addonPath };
}

/**
 * Where tfjs-node loads its addon from: node-pre-gyp's `binary.module_path` with the highest
 * N-API version that both the package lists and this Node supports (what its `find` computes).
 */
export function addonPathOf(packageDir: string, nodeNapi = Number(process.versions.napi)): string {
  const pkg = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
    binary?: { module_name?: string; module_path?: string; napi_versions?: number[] };
  };
  const versions = (pkg.binary?.napi_versions ?? []).filter((v) => v <= nodeNapi);
  const napi = versions.length === 0 ? nodeNapi : Math.max(...versions);
  const modulePath = (pkg.binary?.module_path ?? './lib/napi-v{napi_build_version}').replace('{napi_build_version}', String(napi));
  return path.join(packageDir, modulePath, `${pkg.binary?.module_name ?? 'tfjs_binding'}.node`);
}

function resolvePackageDir(): string | undefined {
  try {
    return path.dirname(require.resolve('@tensorflow/tfjs-node/package.json'));
  } catch {
    return undefined;
  }
}

/** Why the tensorflow backend cannot run, with the command that fixes it; undefined when its addon is in place. */
export function tensorflowUnavailableReason(state = tensorflowAddonState()): string | undefined {
  if (state.kind === 'ready') return undefined;
  if (state.kind === 'no-library')
    return `the libtensorflow that @tensorflow/tfjs-node's addon was built against has gone (${state.library} is missing: was the cache cleared?). Run \`npx tfjs-repro setup tensorflow\` to restore it; or use --backend cpu or wasm.`;
  const why =
    state.kind === 'no-package'
      ? "@tensorflow/tfjs-node is not installed (npm drops it when its install script fails: that script downloads libtensorflow from Google's storage host, which refuses it or may be unreachable"
      : `@tensorflow/tfjs-node's native addon is missing (${state.addonPath}; its install script, which would download it, did not run or failed`;
  return `${why}, ${TFJS_NODE_ISSUE}). Run \`npx tfjs-repro setup tensorflow\` to build it from source against libtensorflow from the Python package index; or use --backend cpu or wasm.`;
}

/** Which libtensorflow a tfjs-node install runs on and where it came from, for provenance. */
export function readLibtensorflowSource(packageDir: string): string {
  const file = path.join(packageDir, 'deps', INSTALL_RECORD_FILE);
  if (!existsSync(file)) return "not built by tfjs-repro setup (tfjs-node's own install)";
  const record = JSON.parse(readFileSync(file, 'utf8')) as { source?: string; sha256?: string };
  return `${record.source ?? 'unknown'}, sha256 ${record.sha256 ?? 'unknown'}`;
}
