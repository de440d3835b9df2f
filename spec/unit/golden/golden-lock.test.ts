import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { withGoldenLock } from '../../../src/golden/golden-store.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const temp = useTempDir('golden-lock');

/** The pid of a process that has exited: a lock it left behind is stale. */
async function deadPid(): Promise<number> {
  const child = await execa(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout);
}

describe('the golden folder lock', () => {
  it('is taken over, with a message, when the process that holds it no longer runs', async () => {
    const dir = await mkdtemp(path.join(temp(), 'dir-'));
    const pid = await deadPid();
    await writeFile(path.join(dir, '.tfjs-repro.lock'), String(pid));
    const messages: string[] = [];
    expect(
      await withGoldenLock(
        dir,
        async () => 'written',
        (m) => messages.push(m),
      ),
    ).toBe('written');
    expect(messages).toEqual([`${path.join(dir, '.tfjs-repro.lock')}: taking over a stale lock of pid ${pid}, which no longer runs (a killed golden update)`]);
    expect(existsSync(path.join(dir, '.tfjs-repro.lock'))).toBe(false);
  });

  it('is refused, naming the pid, while the process that holds it runs (this one)', async () => {
    const dir = await mkdtemp(path.join(temp(), 'dir-'));
    await writeFile(path.join(dir, '.tfjs-repro.lock'), String(process.pid));
    await expect(withGoldenLock(dir, async () => 'written')).rejects.toThrow(`another golden update (pid ${process.pid}) holds`);
    expect(existsSync(path.join(dir, '.tfjs-repro.lock'))).toBe(true);
  });
});
