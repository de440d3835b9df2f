import { readSetupRecord, requirementsSha256, sitePackages, type KerasSetupRecord } from '../keras-environment.js';
import { missingFiles } from './missing-files.js';
import type { SetupContext, SetupKerasOutcome, TorchChoice } from './setup-context.js';

export type ExistingVenv = Extract<SetupKerasOutcome, { kind: 'already-set-up' }> | { readonly kind: 'to-install'; readonly repaired?: string };

/**
 * Whether the environment at `ctx.venv` already holds the current lists and what this --torch asks
 * for, with every installed file on disk; a damaged one is to be rebuilt, and says why.
 */
export async function readExistingVenv(ctx: SetupContext): Promise<ExistingVenv> {
  const existing = readSetupRecord(ctx.venv);
  if (ctx.force || existing?.unavailable === undefined || !isCurrent(existing, ctx.torch)) return { kind: 'to-install' };
  const missing = await missingFiles(sitePackages(ctx.venv, existing.python));
  if (missing.length === 0) return { kind: 'already-set-up', venv: ctx.venv, record: existing };
  const repaired = `${missing.length} installed file(s) were missing (e.g. ${missing[0]})`;
  ctx.step(`the environment at ${ctx.venv} is damaged: ${repaired}; rebuilding it`);
  return { kind: 'to-install', repaired };
}

/** A record of the current lists that has what this --torch asks for (auto is content with any PyTorch, or with auto's answer). */
function isCurrent(record: KerasSetupRecord, torch: TorchChoice): boolean {
  if (record.requirementsSha256 !== requirementsSha256(record.torchBuild ?? null)) return false;
  return torch === 'auto' ? record.torchAsked === 'auto' || record.torchBuild !== null : record.torchAsked === torch || record.torchBuild === torch;
}
