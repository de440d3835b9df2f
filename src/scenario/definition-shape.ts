import { describeValue } from '../errors.js';

const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Every way `value` fails the contract, as `field: expected …, got …`. */
export function checkDefinitionShape(value: unknown): string[] {
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
