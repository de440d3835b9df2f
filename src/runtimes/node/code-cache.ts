import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * V8's code cache for the large CommonJS bundles a child requires: tfjs is ~8 MB of JavaScript
 * that every child compiles again (~90 ms of its ~220 ms start-up CPU, measured). Node 22.8 has
 * this built in (`module.enableCompileCache()`, nodejs/node#54501; the NODE_COMPILE_CACHE variable
 * since 22.1, nodejs/node#52535); Node 20, which this project supports, has neither, so there this
 * module does what that does for CommonJS files of 64 KB or more: compile
 * with the cached data V8 made in an earlier child, and after the run save the data of a file
 * that had none (including the functions compiled lazily while training). The bytecode is the
 * same either way: only compile time changes, never a number (spec/e2e/environment.test.ts holds runs
 * with and without the cache bitwise equal).
 *
 * The canary `spec/unit/runtimes/code-cache.test.ts` fails once package.json's engines require a
 * Node that has `module.enableCompileCache`: then delete the Node 20 path below.
 */
export const COMPILE_CACHE_NODE = '22.8.0';

/** The child's argument that names the cache folder (spawnRun passes it unless told not to). */
export const CODE_CACHE_ARG = '--tfjs-repro-code-cache';

/** Smaller files compile in well under a millisecond: not worth a cache file each. */
const MIN_SOURCE_CHARS = 64 * 1024;

interface Compiled {
  readonly file: string;
  readonly script: vm.Script;
}

export interface CodeCache {
  /** Files compiled from cached data so far. */
  readonly hits: number;
  /** Puts Node's own compile back and writes the data of each file that had none; returns how many. */
  save(): number;
}

interface ModuleInternals {
  _compile(this: NodeJS.Module, content: string, filename: string): unknown;
}

/** Where a child was told to keep its code cache, from its arguments; undefined when it was not. */
export function codeCacheDirFromArgs(args: readonly string[]): string | undefined {
  const arg = args.find((a) => a.startsWith(`${CODE_CACHE_ARG}=`));
  return arg === undefined ? undefined : arg.slice(CODE_CACHE_ARG.length + 1);
}

/**
 * Compiles CommonJS files of 64 KB or more with V8's cached data from `dir` (data V8 refuses is
 * made again); `save` writes the data of the files that had none. A cache that cannot be read or
 * written only costs the compile time it would have saved: never an error.
 */
export function enableCodeCache(dir: string): CodeCache {
  const builtIn = (Module as unknown as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (typeof builtIn === 'function') {
    builtIn(dir);
    return { hits: 0, save: () => 0 };
  }
  const internals = Module.prototype as unknown as ModuleInternals;
  const stock = internals._compile;
  // V8 refuses data made under other flags or another V8: the key holds both, and the file's identity.
  const flavour = `${process.version} ${process.execArgv.join(' ')}`;
  const unsaved: Compiled[] = [];
  let hits = 0;
  internals._compile = function compileWithCache(this: NodeJS.Module, content: string, filename: string) {
    if (content.length < MIN_SOURCE_CHARS) return stock.call(this, content, filename);
    const file = cacheFile(dir, flavour, filename);
    const cachedData = file === undefined ? undefined : readOrUndefined(file);
    const script = new vm.Script(Module.wrap(content), {
      filename,
      ...(cachedData === undefined ? {} : { cachedData }),
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (file !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) unsaved.push({ file, script });
    else if (cachedData !== undefined) hits += 1;
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, path.dirname(filename));
  };
  return {
    get hits() {
      return hits;
    },
    save() {
      internals._compile = stock;
      const written = unsaved.splice(0);
      for (const { file, script } of written) writeAtomically(file, script.createCachedData());
      return written.length;
    },
  };
}

/**
 * The cache file of one source file, named by the file's identity instead of a hash of its ~1 MB
 * of text (which cost every child ~10 ms for tfjs's bundles): its path, device and inode, size,
 * mtime and ctime. Any rewrite of the file changes its ctime (the kernel sets it; npm's fixed
 * mtimes and a recycled inode cannot hide a new file), so changed source is never compiled from
 * the old data. Undefined when the file cannot be stat'ed: then it is compiled afresh.
 */
function cacheFile(dir: string, flavour: string, filename: string): string | undefined {
  let stat;
  try {
    stat = statSync(filename, { bigint: true });
  } catch {
    return undefined;
  }
  const identity = [flavour, filename, stat.dev, stat.ino, stat.size, stat.mtimeNs, stat.ctimeNs].join('\0');
  return path.join(dir, `${createHash('sha1').update(identity).digest('hex')}.bin`);
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Children run side by side: each writes its own temporary file and renames it into place. */
function writeAtomically(file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch {
    // A read-only or full disk: the next child compiles without the cache, as it would have.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was written where nothing can be removed.
    }
  }
}
