import path from 'node:path';
import type { KeptInstall } from '../kept-install.js';
import { requirementsSha256, sitePackages, venvPython, type KerasSetupRecord } from '../keras-environment.js';
import { PINNED_PYTHON } from './find-python.js';
import { mustRunSetupTool, runSetupTool } from './run-setup-tool.js';
import { lastLine, setupFailed } from './setup-failed.js';
import type { SetupContext } from './setup-context.js';

/** The distributions whose versions a run's provenance and the set-up's record name. */
const RECORDED = ['keras', 'tensorflow-cpu', 'jax', 'jaxlib', 'torch', 'numpy'] as const;

const VERSIONS_SCRIPT = `
import json, platform, sys
from importlib.metadata import version, PackageNotFoundError
packages = {}
for name in sys.argv[1:]:
    try:
        packages[name] = version(name)
    except PackageNotFoundError:
        pass  # torch, where no PyTorch list went in
print(json.dumps({"python": platform.python_version(), "packages": packages}))
`;

/**
 * The record of the proven environment at `ctx.staging`: its lists, what --torch asked, the
 * installed versions and the backends not available. Byte-compiles Keras first: the children never
 * write bytecode (PYTHONDONTWRITEBYTECODE), so what they import must be compiled here; the proofs
 * compiled what importing each backend needs, Keras itself is compiled whole.
 */
export async function resolveSetupRecord(ctx: SetupContext, proven: KeptInstall): Promise<KerasSetupRecord> {
  const keras = path.join(sitePackages(ctx.staging, PINNED_PYTHON), 'keras');
  await mustRunSetupTool(ctx, venvPython(ctx.staging), ['-m', 'compileall', '-q', '-j', '0', keras], 'could not byte-compile Keras');
  ctx.step('checking the installed versions');
  const listed = await runSetupTool(ctx, venvPython(ctx.staging), ['-c', VERSIONS_SCRIPT, ...RECORDED]);
  if (listed.kind === 'failed')
    throw setupFailed(`the new environment does not answer (${listed.reason}): ${lastLine(listed.tail)}`, 'run the command again with --force');
  return {
    format: 'tfjs-repro/keras-environment',
    requirementsSha256: requirementsSha256(proven.torchBuild),
    torchBuild: proven.torchBuild,
    torchAsked: ctx.torch,
    ...(JSON.parse(listed.stdout) as Pick<KerasSetupRecord, 'python' | 'packages'>),
    unavailable: proven.unavailable,
  };
}
