import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';
import { describe, expect, it } from 'vitest';
import { updateGoldens } from '../../src/golden/update-goldens.js';
import { PARENT_MARKER_ARG } from '../../src/runtimes/node/spawn-run.js';
import { resolveScenarioConfig } from '../../src/scenario/config.js';
import { useTempDir } from '../helpers/temp-dir.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const tempDir = useTempDir('interrupt');

/** Pids of live processes whose command line names `parentPid` as their tfjs-repro parent. */
function childrenOf(parentPid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .filter((line) => line.includes(`${PARENT_MARKER_ARG}=${parentPid}`))
    .map((line) => Number.parseInt(line.trim(), 10));
}

/** Starts the CLI, waits for its first finished run and for the next child to exist, sends `signal`. */
async function interruptAfterFirstRun(args: string[], signal: 'SIGINT' | 'SIGTERM') {
  const cli = execaNode(CLI, args, { nodeOptions: [], extendEnv: false, env: { PATH: process.env.PATH ?? '' }, reject: false, all: true });
  let seenChildren: number[] = [];
  await new Promise<void>((resolve) => {
    cli.stderr!.on('data', (chunk: Buffer) => {
      if (/ done in /.test(chunk.toString())) resolve();
    });
  });
  for (let i = 0; i < 100 && seenChildren.length === 0; i++) {
    seenChildren = childrenOf(cli.pid!);
    if (seenChildren.length === 0) await new Promise((r) => setTimeout(r, 50));
  }
  cli.kill(signal);
  const result = await cli;
  return { result, seenChildren, remaining: childrenOf(cli.pid!) };
}

describe('interrupts (SIGINT / SIGTERM) stop the children and leave every file old or new', () => {
  it('golden update interrupted after its first run: exit 143, children gone, golden untouched, no temp files', async () => {
    const dir = path.join(tempDir(), 'goldens');
    const scenario = resolveScenarioConfig({ seed: 4, samples: 200, batchSize: 50, epochs: 6 });
    const [first] = await updateGoldens({
      dir,
      scenarios: [scenario],
      plan: [{ runtime: 'node', backends: ['cpu'] }],
      reason: 'before the interrupt',
      ci: false,
    });
    const before = await readFile(first!.file, 'utf8');

    const { result, seenChildren, remaining } = await interruptAfterFirstRun(
      [
        'golden',
        'update',
        '--dir',
        dir,
        '--backend',
        'cpu',
        '--reason',
        'interrupted',
        '--seed',
        '4',
        '--samples',
        '200',
        '--batch-size',
        '50',
        '--epochs',
        '6',
        '--parallelism',
        '1',
      ],
      'SIGTERM',
    );
    expect(result.stderr).toMatch(/interrupted by SIGTERM; child processes were stopped and no file was left half-written/);
    expect(result.exitCode).toBe(143);
    expect(seenChildren.length).toBeGreaterThan(0);
    expect(remaining).toEqual([]);
    expect(await readFile(first!.file, 'utf8')).toBe(before);
    const leftovers = (await readdir(path.dirname(first!.file))).concat(await readdir(dir));
    expect(leftovers.filter((name) => name.endsWith('.tmp') || name.endsWith('.lock'))).toEqual([]);
  });

  it('check interrupted with SIGINT: exit 130 and no child left running', async () => {
    const { result, seenChildren, remaining } = await interruptAfterFirstRun(
      ['check', '--backend', 'cpu', '--samples', '200', '--batch-size', '50', '--epochs', '8', '--parallelism', '1'],
      'SIGINT',
    );
    expect(result.stderr).toMatch(/interrupted by SIGINT/);
    expect(result.exitCode).toBe(130);
    expect(seenChildren.length).toBeGreaterThan(0);
    expect(remaining).toEqual([]);
  });
});
