import { access } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReproError } from '../errors.js';
import { checkDefinitionShape } from './definition-shape.js';
import type { ScenarioDefinition } from './scenario-definition.js';
import { registerScenario, scenarioFromModule } from './scenario-registry.js';

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
