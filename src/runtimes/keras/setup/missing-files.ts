import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Files that pip installed (each distribution's RECORD) and that are no longer on disk: a
 * set-up verifies what it promises instead of trusting its stamp. ~34,000 files, ~0.2 s.
 */
export async function missingFiles(site: string): Promise<string[]> {
  const missing: string[] = [];
  let entries: string[];
  try {
    entries = await readdir(site);
  } catch {
    return [site];
  }
  for (const entry of entries.filter((name) => name.endsWith('.dist-info'))) {
    let record: string;
    try {
      record = await readFile(path.join(site, entry, 'RECORD'), 'utf8');
    } catch {
      missing.push(path.join(entry, 'RECORD'));
      continue;
    }
    for (const line of record.split('\n')) {
      // path,sha256=…,size — the path may hold commas; the last two fields never do.
      const file = line.slice(0, line.lastIndexOf(',', line.lastIndexOf(',') - 1));
      if (file === '' || file.startsWith('..') || file.includes('__pycache__')) continue;
      if (!existsSync(path.join(site, file))) missing.push(file);
    }
  }
  return missing;
}
