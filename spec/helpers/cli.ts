import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a user would, in a clean environment (no VITEST_* variables). */
export async function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const result = await execaNode(CLI, args, {
    nodeOptions: [],
    extendEnv: false,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    cwd: options.cwd,
    reject: false,
    timeout: 110_000,
    stdin: 'ignore',
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}
