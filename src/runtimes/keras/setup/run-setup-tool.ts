import { runTool, type ToolResult } from '../../../run/run-tool.js';
import { pipFailed } from './setup-failed.js';
import type { SetupContext } from './setup-context.js';

type ToolContext = Pick<SetupContext, 'env' | 'signal'>;

/** Runs one of the set-up's Python tools (python, venv, pip) in `toolEnv`, plus `extraEnv`; never throws. */
export function runSetupTool(ctx: ToolContext, file: string, args: readonly string[], extraEnv: Record<string, string> = {}): Promise<ToolResult> {
  return runTool(file, args, { env: { ...toolEnv(ctx.env), ...extraEnv }, wholeEnv: true, signal: ctx.signal });
}

/** Runs one of the set-up's Python tools; its failure is the set-up's, saying `what` could not be done. */
export async function mustRunSetupTool(ctx: ToolContext, file: string, args: readonly string[], what: string): Promise<void> {
  const result = await runSetupTool(ctx, file, args);
  if (result.kind === 'failed') throw pipFailed(result, what);
}

/**
 * The whole environment of the set-up's Python tools: the user's (pip and venv need HOME for pip's
 * cache, proxies), without PYTHON* variables (a PYTHONPATH or PYTHONHOME of theirs must not reach the
 * new environment, and PYTHONDONTWRITEBYTECODE would stop the proofs from compiling what the
 * children import).
 */
function toolEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('PYTHON')));
}
