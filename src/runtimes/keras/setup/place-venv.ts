import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../../../run/run-tool.js';
import { SETUP_MARKER, type KerasSetupRecord } from '../keras-environment.js';
import type { SetupContext } from './setup-context.js';

/** Writes the record into the environment at `ctx.staging` and renames it to `ctx.venv`; returns its size in bytes (NaN when unknown). */
export async function placeVenv(ctx: SetupContext, record: KerasSetupRecord): Promise<number> {
  await writeFile(path.join(ctx.staging, SETUP_MARKER), `${JSON.stringify(record, null, 2)}\n`);
  // Virtual environments record their own path in scripts; pip and the python binary resolve it at
  // start-up, but `bin/activate` and entry points name the staging folder. The child runs
  // bin/python directly, which works from the renamed folder.
  await rm(ctx.venv, { recursive: true, force: true });
  await mkdir(path.dirname(ctx.venv), { recursive: true });
  await rename(ctx.staging, ctx.venv);
  const size = await runTool('du', ['-sb', ctx.venv], { signal: ctx.signal });
  return size.kind === 'ok' ? Number.parseInt(size.stdout, 10) : Number.NaN;
}
