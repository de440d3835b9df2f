/**
 * What a command's registration receives from the program. A command module defines the command
 * (name, description, options, help text) and loads its action module with `await import(…)`
 * inside the action, never statically: `--help` and a typo must not load vega, playwright or tfjs.
 */
import type { Io } from '../options.js';

/** Turns an action that resolves to an exit code into a commander action that records that code. */
export type WrapAction = <A extends unknown[]>(action: (...args: A) => Promise<number>) => (...args: A) => Promise<void>;

export interface CommandContext {
  readonly io: Io;
  readonly env: NodeJS.ProcessEnv;
  readonly wrap: WrapAction;
}
