/** The `report` command. */
import type { Command } from 'commander';
import { DEFAULT_REPORT_DIR } from '../../report/report-dir.js';
import type { RawOptions } from '../options.js';
import type { CommandContext } from './command-context.js';
import { addScenarioOptions, allowUnavailableOption, parallelismOption, runtimeOption } from './shared-options.js';

/** Registers `report`: run the claims on each backend and write the generated report folder (or re-render one with --from). */
export function registerReport(program: Command, { io, wrap }: CommandContext): void {
  addScenarioOptions(
    program
      .command('report')
      .description(
        'Run the claims on each backend (and the Adadelta comparison) and write a generated report folder: README.md with the guarantee matrix, SVG plots and results.json. Exit 1 if a claim is violated.',
      )
      .option(
        '--backend <list>',
        `comma-separated backends; one not installed gets a "not available (why)" column (default: the config's backends, else each runtime's: cpu,wasm,tensorflow in node, cpu,wasm,webgl in chromium; webgpu only when named)`,
      )
      .option(
        '--out <dir>',
        `report folder: README.md index, results.json, one folder per scenario (default: the config's report.dir, else ${DEFAULT_REPORT_DIR})`,
      )
      .addOption(runtimeOption(true))
      .option('--from <results.json>', 're-render the report from the results.json of an earlier report instead of running')
      .option(
        '--tfjs <first..last|list>',
        'write the release atlas instead (releases/ in the report folder): every scenario on every published tfjs release in the range (e.g. 4.0.0..4.22.0) or list, one backend (--backend, default wasm): which release first trains it, first holds each claim (--claims, default rerun, loop-equals-single, reset-matters, seed-matters), and where its numbers change, down to the kernel and package',
      )
      .option('--claims <list>', 'with --tfjs: the claims of the atlas')
      .addOption(allowUnavailableOption())
      .addOption(parallelismOption()),
  ).action(wrap(async (raw: RawOptions) => (await import('../report-command.js')).commandReport(raw, io)));
}
