import { ReproError } from '../../../errors.js';
import type { ToolResult } from '../../../run/run-tool.js';
import { SETUP_KERAS_COMMAND } from '../keras-environment.js';

/** The set-up's one error: what happened, then what to do. */
export function setupFailed(what: string, fix: string): ReproError {
  return new ReproError('setup-failed', `setup keras: ${what}\nWhat to do: ${fix}, then run \`${SETUP_KERAS_COMMAND}\` again.`);
}

/** A tool of the set-up (venv, pip, compileall) that failed, with the end of its output. */
export function pipFailed(result: ToolResult & { kind: 'failed' }, what: string): ReproError {
  return setupFailed(
    `${what} (${result.command}: ${result.reason})${result.tail ? `\n${result.tail.trimEnd().split('\n').slice(-8).join('\n')}` : ''}`,
    'check that the Python package index is reachable (pip names the package it could not get above), then run the command again',
  );
}

export function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}
