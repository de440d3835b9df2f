import { KERAS_BACKENDS, PROVE_BACKEND_SCRIPT, SETUP_KERAS_COMMAND, venvPython } from '../keras-environment.js';
import { runSetupTool } from './run-setup-tool.js';
import { lastLine } from './setup-failed.js';
import type { SetupContext } from './setup-context.js';

/**
 * Each backend not already `unavailable`: Keras imports on it in the environment at `ctx.staging`
 * and trains one step. Returns the backends that failed, each with its reason.
 */
export async function proveBackends(ctx: SetupContext, unavailable: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const backends = KERAS_BACKENDS.filter((b) => unavailable[b] === undefined);
  ctx.step(`proving each backend: Keras imports on ${backends.join(', ')} and trains one step`);
  const proofs = await Promise.all(
    backends.map(async (backend) => ({
      backend,
      proof: await runSetupTool(ctx, venvPython(ctx.staging), ['-s', PROVE_BACKEND_SCRIPT], { KERAS_BACKEND: backend }),
    })),
  );
  const failed: Record<string, string> = {};
  for (const { backend, proof } of proofs) {
    if (proof.kind === 'failed')
      failed[backend] =
        `Keras on ${backend} did not train in the environment that \`${SETUP_KERAS_COMMAND}\` made (${lastLine(proof.tail)}); run \`${SETUP_KERAS_COMMAND} --force\` to rebuild it.`;
  }
  return failed;
}
