import { keptInstallKey } from '../kept-install.js';
import { findPython } from './find-python.js';
import type { TorchChoice } from './setup-context.js';

/** The key under which the set-up keeps (and looks for) installed files: this Python (checked), --torch and pip's sources. */
export async function keptKeyFor(python: string, torch: TorchChoice, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<string> {
  return keptInstallKey({ python: await findPython({ python, env, signal }), torch, env });
}
