/** Progress of a run of many children, on stderr. */
import { type CheckEvent } from '../check/run-check.js';
import { type Io } from './options.js';

/** Progress on stderr: a line per finished run; on a terminal, also a live line of epochs. */
export function createProgress(io: Io, quietOnPipe: boolean): (event: CheckEvent) => void {
  let total = 0;
  let done = 0;
  const live = io.stderr.isTTY === true;
  const epochs = new Map<string, string>();
  return (event) => {
    switch (event.kind) {
      case 'planned':
        // The checks of a set (scenario × runtime) run at once: each adds its planned runs to the count.
        if (event.runs > 0) io.stderr.write(`running ${event.runs} ${total > 0 ? 'more ' : ''}child processes…\n`);
        total += event.runs;
        break;
      case 'extra-runs':
        total += event.runs;
        io.stderr.write(`running ${event.runs} more: ${event.why}…\n`);
        break;
      case 'run-epoch':
        if (!live) break;
        epochs.set(event.key, `${event.key} ${event.epoch}/${event.epochs}`);
        io.stderr.write(`\r\u001b[2K${[...epochs.values()].join(' · ')}`);
        break;
      case 'run-done':
        done += 1;
        epochs.delete(event.key);
        if (live) io.stderr.write('\r\u001b[2K');
        if (!quietOnPipe || live || event.error !== undefined) {
          io.stderr.write(
            `[${done}/${total}] ${event.key} ${event.error ? `FAILED: ${event.error.split('\n')[0]}` : 'done'} in ${(event.ms / 1000).toFixed(1)} s\n`,
          );
        }
        break;
    }
  };
}
