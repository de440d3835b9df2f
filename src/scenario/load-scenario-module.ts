import { access } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReproError, describeValue } from '../errors.js';
import type { ScenarioDefinition } from './scenario-definition.js';
import { registerScenario, scenarioFromModule } from './scenario-registry.js';

const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MODULE_EXTENSIONS = ['.mjs', '.js', '.cjs'];

/** A `--scenario` value or config entry that names a file rather than a registered scenario. */
export function isModuleReference(text: string): boolean {
  return text.includes('/') || text.includes('\\') || MODULE_EXTENSIONS.some((ext) => text.endsWith(ext));
}

/**
 * Imports a user's scenario module (relative paths from `baseDir`), checks that it exports the
 * contract's shape, and registers it under its `name`. Loading the same file twice is a no-op;
 * two files claiming one name, or a built-in's name, is an error.
 */
export async function loadScenarioModule(reference: string, baseDir: string, label = reference): Promise<ScenarioDefinition> {
  const file = path.resolve(baseDir, reference);
  if (!MODULE_EXTENSIONS.includes(path.extname(file))) {
    throw new ReproError(
      'usage',
      `scenario module ${label}: expected a JavaScript module (${MODULE_EXTENSIONS.join(', ')}); compile TypeScript first, got ${JSON.stringify(reference)}`,
    );
  }
  try {
    await access(file);
  } catch {
    throw new ReproError('usage', `scenario module ${label}: no such file (${file})`);
  }
  const existing = scenarioFromModule(file);
  if (existing !== undefined) return existing;
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new ReproError('usage', `scenario module ${label}: failed to load: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const candidate = exports.default ?? exports.scenario;
  const issues = checkDefinitionShape(candidate);
  if (issues.length > 0) {
    throw new ReproError(
      'usage',
      `scenario module ${label}: does not export a scenario definition (default export or \`scenario\`):\n${issues.map((i) => `  - ${i}`).join('\n')}`,
      { issues },
    );
  }
  const definition = candidate as ScenarioDefinition;
  try {
    registerScenario(definition, file);
  } catch (error) {
    throw new ReproError('usage', `scenario module ${label}: ${(error as Error).message}`, { cause: error });
  }
  return definition;
}

/** Every way `value` fails the contract, as `field: expected …, got …`. */
function checkDefinitionShape(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [`(export): expected an object, got ${describeValue(value)}`];
  const d = value as Record<string, unknown>;
  const issues: string[] = [];
  if (typeof d.name !== 'string' || !NAME_PATTERN.test(d.name))
    issues.push(`name: expected lowercase letters, digits and dashes (1–64), got ${describeValue(d.name)}`);
  for (const key of ['describe', 'initializers', 'build'] as const) {
    if (typeof d[key] !== 'function') issues.push(`${key}: expected a function, got ${describeValue(d[key])}`);
  }
  if (d.validate !== undefined && typeof d.validate !== 'function') issues.push(`validate: expected a function or nothing, got ${describeValue(d.validate)}`);
  for (const key of ['stateful', 'shuffle'] as const) {
    if (typeof d[key] !== 'boolean') issues.push(`${key}: expected true or false, got ${describeValue(d[key])}`);
  }
  for (const key of ['defaults', 'params'] as const) {
    if (d[key] !== undefined && (typeof d[key] !== 'object' || d[key] === null || Array.isArray(d[key])))
      issues.push(`${key}: expected an object or nothing, got ${describeValue(d[key])}`);
  }
  if (typeof d.params === 'object' && d.params !== null) {
    for (const [key, v] of Object.entries(d.params)) {
      if (!['number', 'string', 'boolean'].includes(typeof v))
        issues.push(`params.${key}: expected a default number, string or boolean, got ${describeValue(v)}`);
    }
  }
  return issues;
}
