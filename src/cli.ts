#!/usr/bin/env node
/**
 * The command line. The only module that reads process.argv and sets the exit code.
 * Exit codes: 0 ok · 1 a claim or comparison failed · 2 bad usage · 3 bad input file ·
 * 4 backend unavailable · 5 a child run failed · 6 set-up failed · 70 internal error.
 */
import { main } from './cli/program.js';

// `on`, not `once`: execa's exit hook re-raises a signal that no other listener handles, which
// would kill this process before the children are stopped. A second signal quits at once.
const interrupt = new AbortController();
// A reader that stops early (`tfjs-repro --help | head`) closes the pipe: that ends the output, not
// the program with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    interrupt.abort(signal);
  });
}
const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: interrupt.signal, cwd: process.cwd() }, process.env);
// Everything the command started has ended or failed by now. Exit rather than wait for stragglers:
// after a browser that hung at launch, Playwright would keep this process ~30 s in its graceful
// close; its exit handler kills that browser instead. Output is flushed first.
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
process.exit(code);
