/** `--allow-unavailable`: its value, joined with the config's `optional` list (the option is defined in commands/shared-options.ts). */
import { invalid } from '../validation.js';
import { parseExcuseEntries, resolveExcuses, type Excuses } from '../config/excuses.js';
import type { ProjectConfig } from '../config/project-config.js';
import type { RawOptions } from './options.js';

/** The excuses of `--allow-unavailable` joined with the config's `optional` list. */
export function excusesOf(raw: RawOptions, project: ProjectConfig): Excuses {
  const issues: string[] = [];
  const text = raw.allowUnavailable;
  const fromOption =
    typeof text === 'string'
      ? parseExcuseEntries(
          text.split(',').map((entry) => entry.trim()),
          '--allow-unavailable',
          issues,
        )
      : undefined;
  if (issues.length > 0) throw invalid('invalid options', issues);
  return resolveExcuses(fromOption, project.optional);
}
