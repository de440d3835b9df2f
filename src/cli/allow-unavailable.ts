import { Option } from 'commander';
import { invalid } from '../validation.js';
import { parseExcuseEntries, resolveExcuses, type Excuses } from '../config/excuses.js';
import type { ProjectConfig } from '../config/project-config.js';
import type { RawOptions } from './options.js';

/** `--allow-unavailable`: the only way (with the config's `optional`) past a gate that cannot run something. */
export const allowUnavailableOption = () =>
  new Option(
    '--allow-unavailable <list>',
    'comma-separated runtimes, backends or runtime/backend (e.g. tensorflow,keras/torch) that may be missing here: reported as excused instead of failing (exit 4). Also: the config\'s "optional" list',
  );

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
