/** The command tree (commander) and main(): parse, run, map errors to exit codes. */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { EXIT_CODES, ReproError, exitCodeOf } from '../errors.js';
import { BACKEND_NAMES, DEFAULT_BACKEND } from '../runtimes/runtime-profiles.js';
import type { Io } from './options.js';
import type { CommandContext } from './commands/command-context.js';
import { registerRun } from './commands/run.js';
import { registerCheck } from './commands/check.js';
import { registerCompare } from './commands/compare.js';
import { registerDiagnose } from './commands/diagnose.js';
import { registerReport } from './commands/report.js';
import { registerExport } from './commands/export.js';
import { registerFidelity } from './commands/fidelity.js';
import { registerSetup } from './commands/setup.js';
import { registerSweep } from './commands/sweep.js';
import { registerMerge } from './commands/merge.js';
import { registerGolden } from './commands/golden.js';
import { registerBisect } from './commands/bisect.js';

const PACKAGE_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** The root command with every command registered under it, in the order `--help` lists them. */
export function buildProgram(io: Io, env: NodeJS.ProcessEnv, setExit: (code: number) => void): Command {
  const program = new Command('tfjs-repro')
    .description('Reproducibility test harness for TensorFlow.js training: isolated seeded runs, bitwise comparison, named determinism claims.')
    .version(PACKAGE_VERSION, '--version', 'print the version of tfjs-repro')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .addHelpText(
      'after',
      `\nExit codes: 0 ok, 1 a claim or comparison failed, 2 bad usage, 3 bad input file, 4 a backend or runtime asked for is not available (and not excused with --allow-unavailable), 5 a child run failed, 6 set-up failed.\nBackends: ${BACKEND_NAMES.join(', ')} (default ${DEFAULT_BACKEND}; tensorflow needs @tensorflow/tfjs-node's addon: \`tfjs-repro setup tensorflow\` builds it).`,
    );
  // Each command's module (and what it needs: vega, playwright, execa's children) loads only when
  // that command runs, so that `--help` and a typo answer at once.
  const wrap =
    <A extends unknown[]>(action: (...args: A) => Promise<number>) =>
    async (...args: A): Promise<void> => {
      setExit(await action(...args));
    };
  const context: CommandContext = { io, env, wrap };

  // Commands inherit the settings above when they are created: register them after, in this order.
  registerRun(program, context);
  registerCheck(program, context);
  registerCompare(program, context);
  registerDiagnose(program, context);
  registerReport(program, context);
  registerExport(program, context);
  registerFidelity(program, context);
  registerSetup(program, context);
  registerSweep(program, context);
  registerMerge(program, context);
  registerGolden(program, context);
  registerBisect(program, context);
  return program;
}

export async function main(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  let code: number = EXIT_CODES.ok;
  const program = buildProgram(io, env, (value) => {
    code = value;
  });
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT_CODES.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return interrupted(io) ?? code;
  } catch (error) {
    const stop = interrupted(io);
    if (stop !== undefined) return stop;
    if (error instanceof CommanderError) {
      // Commander has printed its message already; --help and --version exit 0.
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    }
    io.stderr.write(renderError(error));
    return exitCodeOf(error);
  }
}

/** After an interrupt: say so, and exit as a shell does for that signal (130 SIGINT, 143 SIGTERM). */
function interrupted(io: Io): number | undefined {
  if (!io.signal.aborted) return undefined;
  const signal = String(io.signal.reason);
  io.stderr.write(`tfjs-repro: interrupted by ${signal}; child processes were stopped and no file was left half-written.\n`);
  return signal === 'SIGINT' ? 130 : 143;
}

function renderError(error: unknown): string {
  if (error instanceof ReproError) return `tfjs-repro: ${error.message}\n${error.details.map((line) => `${line}\n`).join('')}`;
  return `tfjs-repro: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
}
