import { EXIT_CODES } from '../errors.js';
import type { SetupCommand } from '../runtimes/shared/runtime.js';
import { serializeJson } from '../trajectory/trajectory-file.js';
import type { Io, RawOptions } from './options.js';

/** One `setup <component>` command (a runtime's set-up): progress on stderr, text or JSON on stdout. */
export async function commandSetup(command: SetupCommand, raw: RawOptions, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const run = await command.load();
  const component = command.name;
  const { outcome, render } = await run(raw, {
    force: raw.force === true,
    python: typeof raw.python === 'string' ? raw.python : undefined,
    env,
    signal: io.signal,
    onStep: (line) => io.stderr.write(`setup ${component}: ${line}\n`),
  });
  const seconds = (performance.now() - started) / 1000;
  io.stdout.write(raw.json ? serializeJson({ format: 'tfjs-repro/setup', component, ...outcome, seconds }) : render(seconds));
  return EXIT_CODES.ok;
}
