import { describeValue } from '../errors.js';
import { RUNTIME_NAMES, backendsIn, BACKEND_NAMES } from '../runtimes/runtime-profiles.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import type { BackendName } from '../tfjs/backend-names.js';

/**
 * What a user excused from failing when it cannot run here: `--allow-unavailable` or the config's
 * `optional` list. Gates fail closed: a backend or runtime that was asked for and cannot run fails
 * the command, unless one of these entries names it (and the output then says it was excused).
 *
 * An entry is a runtime (`keras`: all of its backends), a backend (`tensorflow`: in every runtime
 * that has it) or `runtime/backend` (`keras/torch`).
 */
export interface Excuses {
  /** The entries as given, for the output ("excused by --allow-unavailable keras/torch"). */
  readonly entries: readonly string[];
  /** Where they come from: `--allow-unavailable`, the config file, or both. */
  readonly source: string;
}

export const NO_EXCUSES: Excuses = { entries: [], source: '' };

/** Validates a list of entries; each problem is one issue line (`where: expected …, got …`). */
export function parseExcuseEntries(entries: readonly unknown[], where: string, issues: string[]): string[] {
  const valid: string[] = [];
  for (const entry of entries) {
    const problem = typeof entry === 'string' ? excuseEntryProblem(entry.trim()) : 'expected a string';
    if (problem === undefined) valid.push((entry as string).trim());
    else issues.push(`${where}: ${problem}, got ${describeValue(entry)}`);
  }
  return valid;
}

function excuseEntryProblem(entry: string): string | undefined {
  const allowed = `a runtime (${RUNTIME_NAMES.join(', ')}), a backend (${BACKEND_NAMES.join(', ')}) or runtime/backend (e.g. keras/torch)`;
  const [runtime, backend, ...rest] = entry.split('/');
  if (rest.length > 0 || entry === '') return `expected ${allowed}`;
  if (backend === undefined)
    return (RUNTIME_NAMES as readonly string[]).includes(entry) || (BACKEND_NAMES as readonly string[]).includes(entry) ? undefined : `expected ${allowed}`;
  if (!(RUNTIME_NAMES as readonly string[]).includes(runtime!)) return `expected ${allowed}`;
  const own = backendsIn(runtime!);
  return (own as readonly string[]).includes(backend) ? undefined : `expected ${allowed}; the ${runtime} runtime has ${own.join(', ')}`;
}

/** Joins the command's and the config's excuses. */
export function resolveExcuses(fromOption: readonly string[] | undefined, fromConfig: readonly string[] | undefined): Excuses {
  const sources = [
    ...(fromOption !== undefined && fromOption.length > 0 ? ['--allow-unavailable'] : []),
    ...(fromConfig !== undefined && fromConfig.length > 0 ? ["the config's optional list"] : []),
  ];
  return { entries: [...new Set([...(fromOption ?? []), ...(fromConfig ?? [])])], source: sources.join(' and ') };
}

/** The entry that excuses this runtime's backend, or undefined when none does. */
export function excuseFor(excuses: Excuses, runtime: RuntimeName, backend: BackendName): string | undefined {
  return excuses.entries.find((entry) => entry === runtime || entry === backend || entry === `${runtime}/${backend}`);
}

/** A runtime's backend that was asked for and cannot run here (not installed, not set up, or lacking a kernel a scenario needs). */
export interface UnavailableBackend {
  readonly runtime: RuntimeName;
  readonly backend: BackendName;
  /** Set when only this scenario cannot run there (the backend lacks a kernel it needs). */
  readonly scenario?: string;
  readonly reason: string;
  /** The `--allow-unavailable` / `optional` entry that excuses it; without one the command fails. */
  readonly excusedBy?: string;
}

/**
 * The one fail-closed judgement of what could not run: each thing with the entry that excuses it,
 * if one does. Whatever has none fails the command that asked for it (exit 4).
 */
export function judgeUnavailable(excuses: Excuses, what: Omit<UnavailableBackend, 'excusedBy'>): UnavailableBackend {
  const excusedBy = excuseFor(excuses, what.runtime, what.backend);
  return { ...what, ...(excusedBy === undefined ? {} : { excusedBy }) };
}

/** Whether something that could not run has no excuse: the command then fails closed. */
export function isUnexcused(unavailable: Pick<UnavailableBackend, 'excusedBy'>): boolean {
  return unavailable.excusedBy === undefined;
}
