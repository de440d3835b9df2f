import { describe, expect, it } from 'vitest';
import { loadedModulesOf } from '../helpers/loaded-modules.js';

/**
 * What printing help must not load: any package but commander (tfjs, vega, playwright-core, execa,
 * seedrandom), the runtimes and their spawners, the scenario registry (which builds the scenarios),
 * and the commands' action modules (src/cli/*-command(s).ts), which a command loads when it runs.
 */
const HEAVY = [
  /\/node_modules\/(?!commander\/)/,
  /\/dist\/runtimes\/registry\.js$/,
  /\/dist\/runtimes\/[^/]+\/[^/]+-runtime\.js$/,
  /\/dist\/runtimes\/[^/]+\/spawn-[^/]+\.js$/,
  /\/dist\/scenario\/scenario-registry\.js$/,
  /\/dist\/cli\/[^/]+-commands?\.js$/,
];

const heavyAmong = (modules: readonly string[]) => modules.filter((url) => HEAVY.some((pattern) => pattern.test(url)));

const HELP_INVOCATIONS: readonly (readonly string[])[] = [
  [],
  ['--help'],
  ['check', '--help'],
  ['golden', 'check', '--help'],
  ['setup', 'keras', '--help'],
  ['help', 'report'],
  ['chek'],
];

describe('what printing help loads', () => {
  it.each(HELP_INVOCATIONS.map((args) => [args.join(' ') || '(no arguments)', args] as const))(
    'tfjs-repro %s loads the command tree and no runtime, scenario, tfjs, vega or playwright module',
    async (_name, args) => {
      const { modules } = await loadedModulesOf(args);
      expect(modules.some((url) => url.endsWith('/dist/cli/program.js'))).toBe(true);
      expect(heavyAmong(modules)).toEqual([]);
    },
  );

  it('the record sees what a command that runs loads: compare of two missing files loads its action module', async () => {
    const { exitCode, modules } = await loadedModulesOf(['compare', 'missing-a.json', 'missing-b.json']);
    expect(exitCode).toBe(3);
    expect(heavyAmong(modules).some((url) => url.endsWith('/dist/cli/compare-command.js'))).toBe(true);
  });
});
