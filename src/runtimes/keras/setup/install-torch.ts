import type { KeptInstall } from '../kept-install.js';
import { SETUP_KERAS_COMMAND, TORCH_REQUIREMENTS, venvPython, type TorchBuild } from '../keras-environment.js';
import { listPath, pipInstall } from './pip-install.js';
import { runSetupTool } from './run-setup-tool.js';
import { lastLine, pipFailed } from './setup-failed.js';
import type { InstallContext } from './setup-context.js';

const ADD_TORCH = `Run \`${SETUP_KERAS_COMMAND} --torch cuda\` to install the Python package index's CUDA build of PyTorch 2.13.0 with its pinned NVIDIA packages (2.74 GB to download; it trains on the CPU too), or put a CPU wheel of torch 2.13.0 where pip finds it (e.g. a folder in PIP_FIND_LINKS) and run \`${SETUP_KERAS_COMMAND} --force\``;

/** Installs the PyTorch list asked for into `ctx.staging`; returns which went in, or null and why keras/torch is not available. */
export async function installTorch(ctx: InstallContext): Promise<KeptInstall> {
  if (ctx.torch === 'none')
    return { torchBuild: null, unavailable: { torch: `PyTorch was left out (\`${SETUP_KERAS_COMMAND} --torch none\`). ${ADD_TORCH}.` } };
  const build: TorchBuild = ctx.torch === 'cuda' ? 'cuda' : 'cpu';
  ctx.step(
    build === 'cuda'
      ? `installing PyTorch 2.13.0's CUDA build and its NVIDIA packages from ${listPath(TORCH_REQUIREMENTS.cuda)} (2.74 GB to download)`
      : `installing PyTorch 2.13.0's CPU build from ${listPath(TORCH_REQUIREMENTS.cpu)}${ctx.torch === 'auto' ? ' where pip can find it' : ''}`,
  );
  const result = await runSetupTool(ctx, venvPython(ctx.staging), pipInstall(['-r', TORCH_REQUIREMENTS[build]], true));
  if (result.kind === 'ok') return { torchBuild: build, unavailable: {} };
  if (ctx.torch !== 'auto') throw pipFailed(result, `pip could not install PyTorch's ${build} build`);
  const why = result.tail.split('\n').find((line) => line.startsWith('ERROR: No matching distribution')) ?? lastLine(result.tail);
  ctx.step(`PyTorch's CPU build is not among pip's sources (${why}): keras/torch will be "not available"`);
  return {
    torchBuild: null,
    unavailable: {
      torch: `PyTorch 2.13.0's CPU build is not among pip's sources here (pip: ${why}); the Python package index has only its CUDA build for this platform. ${ADD_TORCH}.`,
    },
  };
}
