import { ReproError } from '../../../errors.js';
import { TFJS_NODE_ISSUE, TFJS_NODE_PACKAGE } from '../tensorflow-pins.js';

/** The set-up's one error: what happened, what to do, and why the set-up exists at all. */
export function setupFailed(what: string, fix: string): ReproError {
  return new ReproError(
    'setup-failed',
    `setup tensorflow: ${what}\nWhat to do: ${fix}. (Why this is needed: ${TFJS_NODE_PACKAGE}'s own install script downloads a prebuilt libtensorflow from Google's storage host, which refuses it or may be unreachable, ${TFJS_NODE_ISSUE}.)`,
  );
}
