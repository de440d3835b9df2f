import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir.js';
import { keepInstall, keptInstallKey, takeKeptInstall, dropKeptInstall } from '../../../src/runtimes/keras/kept-install.js';

describe("setup keras's kept installed files", () => {
  const temp = useTempDir('kept-install');

  it("are keyed by everything that decides what pip installs: the Python build, --torch and pip's sources", () => {
    const base = { python: '/usr/bin/python3 3.11.7 (main)', torch: 'auto', env: { PATH: '/usr/bin' } };
    const key = keptInstallKey(base);
    expect(keptInstallKey({ ...base, env: { PATH: '/bin', HOME: '/x' } })).toBe(key);
    expect(keptInstallKey({ ...base, python: '/usr/bin/python3 3.11.9 (main)' })).not.toBe(key);
    expect(keptInstallKey({ ...base, torch: 'cuda' })).not.toBe(key);
    expect(keptInstallKey({ ...base, env: { PIP_FIND_LINKS: '/opt/wheels' } })).not.toBe(key);
    expect(keptInstallKey({ ...base, env: { PIP_INDEX_URL: 'https://example.org/simple' } })).not.toBe(key);
  });

  it('are hard links both ways; a missing key leaves the environment alone; a newer key replaces the older', async () => {
    const dir = temp();
    const cache = path.join(dir, 'cache');
    const site = path.join(dir, 'made', 'site-packages');
    await mkdir(path.join(site, 'keras', '__pycache__'), { recursive: true });
    await writeFile(path.join(site, 'keras', '__init__.py'), 'x = 1\n');
    await writeFile(path.join(site, 'keras', '__pycache__', '__init__.cpython-311.pyc'), 'compiled');
    const kept = { torchBuild: null, unavailable: { torch: "not among pip's sources" } };
    expect(await keepInstall(cache, 'key-1', site, kept)).toBe(true);

    const other = path.join(dir, 'next', 'site-packages');
    await mkdir(other, { recursive: true });
    await writeFile(path.join(other, 'pip.py'), '');
    expect(await takeKeptInstall(cache, 'key-2', other)).toBeUndefined();
    expect(await readdir(other)).toEqual(['pip.py']);

    expect(await takeKeptInstall(cache, 'key-1', other)).toEqual(kept);
    expect(await readdir(other)).toEqual(['keras']);
    const [made, taken] = await Promise.all([stat(path.join(site, 'keras', '__init__.py')), stat(path.join(other, 'keras', '__init__.py'))]);
    expect(taken.ino).toBe(made.ino);
    expect(await readFile(path.join(other, 'keras', '__pycache__', '__init__.cpython-311.pyc'), 'utf8')).toBe('compiled');

    expect(await keepInstall(cache, 'key-3', site, kept)).toBe(true);
    expect(await readdir(path.join(cache, 'keras-env'))).toEqual(['key-3']);
    await dropKeptInstall(cache, 'key-3');
    expect(await readdir(path.join(cache, 'keras-env'))).toEqual([]);
  });

  it('that cannot be kept cost only the time: false, and no partial entry', async () => {
    const dir = temp();
    const cache = path.join(dir, 'cache-2');
    expect(await keepInstall(cache, 'key', path.join(dir, 'no-such-site'), { torchBuild: 'cpu', unavailable: {} })).toBe(false);
    expect(await readdir(path.join(cache, 'keras-env'))).toEqual([]);
    expect(existsSync(path.join(cache, 'keras-env', 'key'))).toBe(false);
  });
});
