/** `--allow-unavailable`: its value, joined with the config's `optional` list (the option is defined in commands/shared-options.ts). */
import { invalid } from '../validation.js';
import { parseExcuseEntries, resolveExcuses, type Excuses } from '../config/excuses.js';
import type { ProjectConfig } from '../config/project-config.js';
import type { RawOptions } from './options.js';

/** The entries of `--allow-unavailable`, validated; undefined when it is not given. */
export function allowUnavailableOf(raw: RawOptions): string[] | undefined {
  const text = raw.allowUnavailable;
  if (typeof text !== 'string') return undefined;
  const issues: string[] = [];
  const entries = parseExcuseEntries(
    text.split(',').map((entry) => entry.trim()),
    '--allow-unavailable',
    issues,
  );
  if (issues.length > 0) throw invalid('invalid options', issues);
  return entries;
}

/** The excuses of `--allow-unavailable` joined with the config's `optional` list. */
export function excusesOf(raw: RawOptions, project: ProjectConfig): Excuses {
  return resolveExcuses(allowUnavailableOf(raw), project.optional);
}
