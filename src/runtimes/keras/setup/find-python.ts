import { runSetupTool } from './run-setup-tool.js';
import { lastLine, setupFailed } from './setup-failed.js';
import type { SetupContext } from './setup-context.js';

/** The Python the pins were resolved for (wheels with compiled parts are per Python minor version). */
export const PINNED_PYTHON = '3.11';

/**
 * The Python that makes the environment: it has venv and ensurepip, and is the Python the pinned
 * wheels are for. Returns its executable and `sys.version`, which the kept files' key names.
 */
export async function findPython(ctx: Pick<SetupContext, 'python' | 'env' | 'signal'>): Promise<string> {
  const version = await runSetupTool(ctx, ctx.python, [
    '-c',
    'import sys, venv, ensurepip; print("%d.%d" % sys.version_info[:2]); print(sys.executable, sys.version)',
  ]);
  if (version.kind === 'failed')
    throw setupFailed(
      `${ctx.python} cannot create a virtual environment (${version.reason}${version.tail ? `: ${lastLine(version.tail)}` : ''})`,
      `install Python ${PINNED_PYTHON} with its venv module (Debian: apt-get install python3-venv), or name one with --python`,
    );
  const [minor = '', build = ''] = version.stdout.trim().split('\n');
  if (minor !== PINNED_PYTHON)
    throw setupFailed(`${ctx.python} is Python ${minor}; the pinned wheels are for Python ${PINNED_PYTHON}`, `name a Python ${PINNED_PYTHON} with --python`);
  return build;
}
