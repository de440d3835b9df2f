import { ReproError, describeValue } from './errors.js';

/** Field name → how the user spelled it, so errors name the CLI option rather than the field. */
export type NameOf = (field: string) => string;

export function checkChoice(issues: string[], name: string, value: unknown, allowed: readonly string[]): void {
  if (!allowed.includes(value as string)) issues.push(`${name}: expected one of ${allowed.join(', ')}, got ${describeValue(value)}`);
}

export function invalid(title: string, issues: readonly string[]): ReproError {
  return new ReproError('usage', `${title}:\n${issues.map((line) => `  - ${line}`).join('\n')}`, { issues });
}
