import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ReproError } from '../errors.js';
import { parseTrajectory } from './parse-trajectory.js';
import type { Trajectory } from './trajectory.js';

/** Reads and validates a saved run; every failure is an `input-file` error naming the file. */
export async function readTrajectoryFile(file: string): Promise<Trajectory> {
  return parseTrajectory(await readJsonFile(file, 'a run saved by `tfjs-repro run --out`'), file);
}

/**
 * Reads a JSON file that should hold `expected` (e.g. "a golden file"). Missing, unreadable,
 * empty and malformed files are `input-file` errors that name the file and say what was expected.
 */
export async function readJsonFile(file: string, expected: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? String(error)})`;
    throw new ReproError('input-file', `${file}: ${why}; expected ${expected}`, { cause: error });
  }
  if (text.trim() === '') throw new ReproError('input-file', `${file}: the file is empty; expected ${expected}`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReproError('input-file', `${file}: not JSON (${(error as Error).message}); expected ${expected}`, { cause: error });
  }
}

/** True for the error {@link readJsonFile} throws when the file does not exist. */
export function isMissingFile(error: unknown): boolean {
  return error instanceof ReproError && (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/**
 * JSON with a trailing newline, indented, except that an object or array whose members are all
 * primitives stays on one line (a 70-epoch golden reads one loss per line and diffs line by line),
 * and so does a short record of flat lists (a kernel trace reads one kernel per line).
 */
export function serializeJson(value: unknown): string {
  return `${stringify(value, '')}\n`;
}

/** The longest record of lists written on one line. */
const ONE_LINE_RECORD = 240;

/** A primitive, or a list of primitives or of lists of primitives. */
function isFlat(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return (
    Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null || (Array.isArray(v) && v.every((w) => typeof w !== 'object' || w === null)))
  );
}

function stringify(value: unknown, indent: string): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  const json = value as { toJSON?: () => unknown };
  if (typeof json.toJSON === 'function') return stringify(json.toJSON(), indent);
  const isArray = Array.isArray(value);
  const entries = isArray ? (value as unknown[]).map((v) => [undefined, v] as const) : Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.every(([, v]) => typeof v !== 'object' || v === null)) return JSON.stringify(value);
  // A small record of flat lists (a kernel trace's entry: hashes and shapes) on one line too.
  if (!isArray && entries.every(([, v]) => isFlat(v))) {
    const line = JSON.stringify(value);
    if (line.length <= ONE_LINE_RECORD) return line;
  }
  const inner = `${indent}  `;
  const lines = entries.map(([key, v]) => `${inner}${key === undefined ? '' : `${JSON.stringify(key)}: `}${stringify(v, inner)}`);
  return isArray ? `[\n${lines.join(',\n')}\n${indent}]` : `{\n${lines.join(',\n')}\n${indent}}`;
}

/**
 * Writes `text` to `file` through a temporary file in the same folder and a rename, so that a
 * crash or interrupt leaves either the old file or the new one, never a partial one.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw new ReproError('input-file', `${file}: cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
}
