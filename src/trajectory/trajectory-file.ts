import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ReproError } from '../errors.js';
import { parseTrajectory } from './parse-trajectory.js';
import type { Trajectory } from './trajectory.js';

/** Reads and validates a saved run; every failure is an `input-file` error naming the file. */
export async function readTrajectoryFile(file: string): Promise<Trajectory> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? String(error)})`;
    throw new ReproError('input-file', `${file}: ${why}`, { cause: error });
  }
  if (text.trim() === '') throw new ReproError('input-file', `${file}: the file is empty; expected a run saved by \`tfjs-repro run --out\``);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReproError('input-file', `${file}: not JSON (${(error as Error).message}); expected a run saved by \`tfjs-repro run --out\``, { cause: error });
  }
  return parseTrajectory(value, file);
}

/** JSON of a value with a trailing newline; the one way run files are serialised. */
export function serializeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
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
