import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { ReproError } from '../../errors.js';
import { readTfjsSet, type TfjsSetMember } from '../../tfjs-versions/tfjs-set.js';

/**
 * The page script of a run, with the tfjs it is to train with. `npm run build` bundles the page
 * with the tfjs of the checkout it is built in (dist/runtimes/chromium/page.js, and page.json saying
 * which tfjs that is). In a user's project, or with a release from the cache (`--tfjs`), the tfjs to
 * train with is another: the page is then bundled again from the same compiled entry against that
 * tfjs (esbuild, a few seconds) into the cache, once per tfjs set.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Under vitest this module runs from src/: the page is the project's dist/ one. */
const DIST = import.meta.url.endsWith('.ts') ? path.resolve(HERE, '../../../dist/runtimes/chromium') : HERE;
export const PAGE_BUNDLE = path.join(DIST, 'page.js');
export const PAGE_MANIFEST = path.join(DIST, 'page.json');
const PAGE_ENTRY = path.join(DIST, 'page-entry.js');

/** The packages the page imports: the union, and the backends loaded on demand (optional: a project may not have them). */
const PAGE_PACKAGES = ['@tensorflow/tfjs'] as const;
const OPTIONAL_PAGE_PACKAGES = ['@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu'] as const;

export interface PageBundle {
  readonly file: string;
  /** Where the wasm backend's .wasm files are, for the page server (absent: no wasm backend in this tfjs). */
  readonly wasmDir?: string;
}

/** Where tfjs-repro is installed: with tfjs a peer dependency, the project's tfjs resolves from here. */
const TFJS_REPRO_DIR = HERE;

const pending = new Map<string, Promise<PageBundle>>();

/** The page for the tfjs resolved from `from` (a release folder), by default the project's. */
export function pageBundleFor(cacheDir: string, from: string = TFJS_REPRO_DIR): Promise<PageBundle> {
  let bundle = pending.get(from);
  if (bundle === undefined) {
    bundle = makePage(cacheDir, from);
    pending.set(from, bundle);
    bundle.catch(() => pending.delete(from));
  }
  return bundle;
}

async function makePage(cacheDir: string, from: string): Promise<PageBundle> {
  const members = tfjsSetOf(from);
  const wasm = members.find((m) => m.name === '@tensorflow/tfjs-backend-wasm');
  const wasmDir = wasm === undefined ? {} : { wasmDir: path.join(wasm.dir, 'dist') };
  if (sameAsBuilt(members)) return { file: PAGE_BUNDLE, ...wasmDir };
  const key = createHash('sha256')
    .update(readFileSync(PAGE_ENTRY))
    .update(JSON.stringify(members.map((m) => [m.name, m.version, m.dir])))
    .digest('hex')
    .slice(0, 16);
  const file = path.join(cacheDir, 'pages', `page-${key}.js`);
  if (!existsSync(file)) {
    await mkdir(path.dirname(file), { recursive: true });
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const partial = `${file}.partial-${process.pid}`;
    await esbuild.build({
      entryPoints: [PAGE_ENTRY],
      outfile: partial,
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      external: ['fs', 'path', 'worker_threads', 'perf_hooks', 'os', 'crypto', 'util'],
      logLevel: 'silent',
      plugins: [tfjsFrom(members)],
    });
    await rename(partial, file);
  }
  return { file, ...wasmDir };
}

/** The set the page trains with: the union, and the backend packages that are there, on one tfjs-core. */
function tfjsSetOf(from: string): TfjsSetMember[] {
  const resolveFrom = createRequire(path.join(from, 'noop.js'));
  const present = OPTIONAL_PAGE_PACKAGES.filter((name) => {
    try {
      resolveFrom.resolve(`${name}/package.json`);
      return true;
    } catch {
      return false;
    }
  });
  const set = readTfjsSet(from, [...PAGE_PACKAGES, ...present]);
  if (set.kind === 'problem') throw new ReproError('backend-unavailable', `the chromium runtime's page: ${set.problem}`);
  return [...set.members];
}

/** Whether the prebuilt page holds this tfjs: the same packages at the same published versions (their code is the registry's). */
function sameAsBuilt(members: readonly TfjsSetMember[]): boolean {
  try {
    const built = JSON.parse(readFileSync(PAGE_MANIFEST, 'utf8')) as { packages: Record<string, { version: string }> };
    return members.length === Object.keys(built.packages).length && members.every((m) => built.packages[m.name]?.version === m.version);
  } catch {
    return false;
  }
}

/**
 * tfjs's packages resolve from the set's folders; a backend package the set lacks becomes a module
 * that fails when the page loads that backend, naming what to install.
 */
function tfjsFrom(members: readonly TfjsSetMember[]): Plugin {
  return {
    name: 'tfjs-from',
    setup(build) {
      build.onResolve({ filter: /^@tensorflow\/tfjs(-[a-z-]+)?(\/.*)?$/ }, async (args) => {
        if (args.pluginData === 'tfjs-from') return undefined;
        const name = /^@tensorflow\/[^/]+/.exec(args.path)![0];
        const member = members.find((m) => m.name === name);
        if (member === undefined && (OPTIONAL_PAGE_PACKAGES as readonly string[]).includes(name)) {
          return { path: name, namespace: 'tfjs-missing' };
        }
        // Everything else (core, layers, cpu, webgl: the union's) from the union's folder.
        const union = members.find((m) => m.name === '@tensorflow/tfjs')!;
        const resolveDir = member?.dir ?? union.dir;
        return build.resolve(args.path, { resolveDir, kind: args.kind, pluginData: 'tfjs-from' });
      });
      build.onLoad({ filter: /.*/, namespace: 'tfjs-missing' }, (args) => {
        const version = members.find((m) => m.name === '@tensorflow/tfjs')!.version;
        const message = `${args.path} is not installed beside @tensorflow/tfjs ${version}: npm install ${args.path}@${version}`;
        return { contents: `throw new Error(${JSON.stringify(message)});`, loader: 'js' };
      });
    },
  };
}

/** Written by the build beside the page: which tfjs it bundled (scripts/bundle-browser.mjs calls it). */
export async function writePageManifest(file: string = PAGE_MANIFEST, from: string = TFJS_REPRO_DIR): Promise<void> {
  const members = tfjsSetOf(from);
  const packages = Object.fromEntries(members.map((m) => [m.name, { version: m.version }]));
  await writeFile(file, `${JSON.stringify({ packages }, null, 2)}\n`);
}

/** The manifest as written (tests). */
export async function readPageManifest(file: string = PAGE_MANIFEST): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8'));
}
