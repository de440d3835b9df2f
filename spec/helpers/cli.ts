import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Where the CLI runs unless a test says otherwise: a folder with no tfjs-repro.config.* above it,
 * so that the repository's own config (two scenarios) does not change what a command does.
 */
const NEUTRAL_CWD = os.tmpdir();

/** Runs the built CLI as a user would, in a clean environment (no VITEST_* variables). */
export async function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  const result = await execaNode(CLI, args, {
    nodeOptions: [],
    extendEnv: false,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    cwd: options.cwd ?? NEUTRAL_CWD,
    reject: false,
    timeout: options.timeoutMs ?? 110_000,
    stdin: 'ignore',
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}
