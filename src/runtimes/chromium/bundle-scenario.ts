import { statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import type { Message, Plugin } from 'esbuild';
import { PAGE_TF_GLOBAL } from './page-tf-global.js';

/**
 * A user's scenario module as one ES module a page can import: the module and everything it
 * imports (relative files, npm packages), bundled for the browser. Its tfjs imports (the contract
 * says not to make them, but a module may) resolve to the page's own tfjs, the copy with the run's
 * backend, never to a second copy. A Node-only import (`fs`, `node:path`, …) cannot be bundled:
 * the outcome names the import and where it is.
 */
export type ScenarioBundle = { readonly kind: 'bundled'; readonly code: string } | { readonly kind: 'unloadable'; readonly reason: string };

const TFJS_IMPORT = /^@tensorflow\/tfjs(-core|-layers)?$/;
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Made once per file version in this process: every run of a check loads the same module. */
const bundles = new Map<string, Promise<ScenarioBundle>>();
const checks = new Map<string, string | undefined>();

/** The bundle of `file` (absolute) for a page. */
export function bundleScenario(file: string): Promise<ScenarioBundle> {
  const key = `${file}@${modifiedAt(file)}`;
  let bundle = bundles.get(key);
  if (bundle === undefined) {
    bundle = build(file);
    bundles.set(key, bundle);
  }
  return bundle;
}

/**
 * Why `file` cannot be bundled for a page, or undefined when it can: asked synchronously when a
 * check is planned (esbuild's synchronous API takes no plugins, so tfjs's imports stay out of it).
 */
export function scenarioUnloadableReason(file: string): string | undefined {
  const key = `${file}@${modifiedAt(file)}`;
  if (!checks.has(key)) {
    let reason: string | undefined;
    try {
      esbuildModule().buildSync({ ...options(file), external: ['@tensorflow/*'] });
    } catch (error) {
      reason = reasonOf(file, error);
    }
    checks.set(key, reason);
  }
  return checks.get(key);
}

async function build(file: string): Promise<ScenarioBundle> {
  try {
    const result = await esbuildModule().build({ ...options(file), plugins: [pageTfjs] });
    return { kind: 'bundled', code: result.outputFiles![0]!.text };
  } catch (error) {
    return { kind: 'unloadable', reason: reasonOf(file, error) };
  }
}

function options(file: string): import('esbuild').BuildOptions & { write: false } {
  return {
    entryPoints: [file],
    absWorkingDir: path.dirname(file),
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  };
}

/** esbuild is loaded only when a module goes to a browser: `--help` and Node runs never pay for it. */
function esbuildModule(): typeof import('esbuild') {
  return createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
}

function reasonOf(file: string, error: unknown): string {
  const errors = (error as { errors?: Message[] }).errors;
  if (errors === undefined || errors.length === 0) throw error;
  return describeErrors(file, errors);
}

/** `it imports "fs" (scenarios/x.mjs:3), a Node module that a browser does not have`, else esbuild's own words. */
function describeErrors(file: string, errors: readonly Message[]): string {
  const nodeImports = errors.flatMap((e) => {
    const name = /^Could not resolve "([^"]+)"$/.exec(e.text)?.[1];
    return name !== undefined && NODE_BUILTINS.has(name) ? [`"${name}" (${where(file, e)})`] : [];
  });
  if (nodeImports.length > 0) {
    return `it imports ${nodeImports.join(', ')}: ${nodeImports.length === 1 ? 'a Node module' : 'Node modules'} that a browser does not have. A scenario module that runs in Chromium imports no Node modules (tfjs, the seeds and a seeded PRNG come in through build's arguments).`;
  }
  return `it cannot be bundled for a page: ${errors.map((e) => `${e.text} (${where(file, e)})`).join('; ')}`;
}

function where(file: string, message: Message): string {
  const location = message.location;
  if (location === null) return path.basename(file);
  const absolute = path.resolve(path.dirname(file), location.file);
  const relative = path.relative(process.cwd(), absolute);
  return `${relative.startsWith('..') ? absolute : relative}:${location.line}`;
}

/** tfjs's packages resolve to the page's tfjs. */
const pageTfjs: Plugin = {
  name: 'page-tfjs',
  setup(build) {
    build.onResolve({ filter: TFJS_IMPORT }, (args) => ({ path: args.path, namespace: 'page-tfjs' }));
    build.onLoad({ filter: /.*/, namespace: 'page-tfjs' }, () => ({ contents: `module.exports = globalThis.${PAGE_TF_GLOBAL};`, loader: 'js' }));
  },
};

function modifiedAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
