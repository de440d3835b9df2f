import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../../src/cli/options.js';
import { buildProgram, main } from '../../../src/cli/program.js';

/** The top-level commands in the order `tfjs-repro --help` listed them before the commands moved to src/cli/commands/. */
const ROOT_COMMANDS = ['run', 'check', 'compare', 'diagnose', 'report', 'export', 'fidelity', 'setup', 'sweep', 'merge', 'golden', 'bisect'];

/** An Io whose streams collect what is written, for a program built without a terminal. */
function fakeIo(): { io: Io; stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  const stream = (chunks: string[]) => ({ write: (text: string) => chunks.push(text) > 0 }) as unknown as NodeJS.WriteStream;
  const io: Io = { stdout: stream(out), stderr: stream(err), signal: new AbortController().signal, cwd: process.cwd() };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** Every command below `command`, depth first, named by its path (`golden check`). */
function descendants(command: Command, prefix = ''): [string, Command][] {
  return command.commands.flatMap((child): [string, Command][] => {
    const name = `${prefix}${child.name()}`;
    return [[name, child], ...descendants(child, `${name} `)];
  });
}

describe('the command tree', () => {
  const program = buildProgram(fakeIo().io, {}, () => {});

  it('lists the top-level commands in the same order as before the split', () => {
    expect(program.commands.map((command) => command.name())).toEqual(ROOT_COMMANDS);
  });

  it('groups the setup and golden subcommands under their parent, in order', () => {
    const children = (name: string) => program.commands.find((command) => command.name() === name)?.commands.map((command) => command.name());
    expect(children('setup')).toEqual(['tensorflow', 'keras']);
    expect(children('golden')).toEqual(['check', 'update']);
  });

  it('gives every registered command and subcommand a non-empty description', () => {
    const all = descendants(program);
    expect(all.length).toBe(ROOT_COMMANDS.length + 4);
    expect(all.filter(([, command]) => command.description().trim() === '').map(([name]) => name)).toEqual([]);
  });

  it('writes --help to the given stdout, with every command and the exit codes, and exits 0', async () => {
    const { io, stdout, stderr } = fakeIo();
    expect(await main(['--help'], io, {})).toBe(0);
    for (const name of ROOT_COMMANDS) expect(stdout()).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(stdout()).toContain('Exit codes: 0 ok');
    expect(stderr()).toBe('');
  });
});
