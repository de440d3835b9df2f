import { execa } from 'execa';

/** How much of a failed tool's output is kept for the error message. */
const OUTPUT_TAIL_CHARS = 2_000;
/** No single set-up step (a 230 MB download, a compile) should take longer than this. */
export const TOOL_TIMEOUT_MS = 15 * 60_000;

export type ToolResult =
  { readonly kind: 'ok'; readonly stdout: string } | { readonly kind: 'failed'; readonly command: string; readonly reason: string; readonly tail: string };

/** Runs one external tool of the set-up (pip, node-gyp, nm, npm) and never throws. */
export async function runTool(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; signal?: AbortSignal; wholeEnv?: boolean } = {},
): Promise<ToolResult> {
  const result = await execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    // `wholeEnv`: `env` is the tool's whole environment (execa otherwise adds this process's to it).
    extendEnv: options.wholeEnv !== true,
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: TOOL_TIMEOUT_MS,
    cancelSignal: options.signal,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.exitCode === 0) return { kind: 'ok', stdout: result.stdout };
  const reason =
    result.code === 'ENOENT'
      ? 'not found'
      : result.timedOut
        ? `timed out after ${TOOL_TIMEOUT_MS / 1000} s`
        : result.isCanceled
          ? 'interrupted'
          : `exit code ${result.exitCode ?? result.signal}`;
  return { kind: 'failed', command: [file, ...args].join(' '), reason, tail: String(result.all ?? '').slice(-OUTPUT_TAIL_CHARS) };
}
