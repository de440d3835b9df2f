import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../../../run/run-tool.js';
import { WHEEL_LIBRARIES } from '../tensorflow-pins.js';

/** `TF_Foo(` / `TFE_Foo(`: a call or declaration of a TensorFlow C API function. */
const CALL_PATTERN = /\b(TFE?_[A-Za-z0-9_]+)\s*\(/g;
/** Names the binding defines itself (RAII wrappers such as `TF_AutoStatus`), not library functions. */
const OWN_TYPE_PATTERN = /\b(?:class|struct)\s+(TFE?_[A-Za-z0-9_]+)/g;
/** Functions defined inline in the headers (the `TF_TString_*` family): they need no export. */
const INLINE_PATTERN = /\binline\b[^;{(]*?\b(TFE?_[A-Za-z0-9_]+)\s*\(/g;

/** The TensorFlow C API functions tfjs-node's binding calls that must come from the shared libraries. */
export async function requiredSymbols(bindingDir: string, includeDir: string): Promise<string[]> {
  const sources = await readSources(bindingDir, /\.(cc|h)$/);
  const headers = await readSources(path.join(includeDir, 'tensorflow', 'c'), /\.h$/, true);
  const tstring = await readSources(path.join(includeDir, 'tensorflow', 'core', 'platform'), /^ctstring.*\.h$/);
  const xlaTstring = await readSources(path.join(includeDir, 'tsl', 'platform'), /^ctstring.*\.h$/);
  const used = matches(sources, CALL_PATTERN);
  const own = matches(sources, OWN_TYPE_PATTERN);
  const inline = matches(headers + tstring + xlaTstring, INLINE_PATTERN);
  return [...used].filter((name) => !own.has(name) && !inline.has(name)).sort();
}

/** The TF_/TFE_ functions a shared library exports (version suffixes such as `@@tensorflow` dropped). */
export async function exportedSymbols(library: string): Promise<{ kind: 'ok'; symbols: Set<string> } | { kind: 'failed'; reason: string }> {
  const nm = await runTool('nm', ['-D', '--defined-only', library]);
  if (nm.kind === 'failed') return { kind: 'failed', reason: `nm -D ${library} failed (${nm.reason})` };
  const symbols = new Set<string>();
  for (const line of nm.stdout.split('\n')) {
    const name = line.trim().split(/\s+/)[2]?.replace(/@.*$/, '');
    if (name !== undefined && /^TFE?_/.test(name)) symbols.add(name);
  }
  return { kind: 'ok', symbols };
}

/** Which required symbols no library exports; each missing one named with the files searched. */
export function missingSymbols(required: readonly string[], exported: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  return required.filter((name) => ![...exported.values()].some((symbols) => symbols.has(name)));
}

function matches(text: string, pattern: RegExp): Set<string> {
  return new Set([...text.matchAll(pattern)].map((m) => m[1]!));
}

async function readSources(dir: string, name: RegExp, recursive = false): Promise<string> {
  let entries: string[];
  try {
    entries = (await readdir(dir, { recursive })).map(String);
  } catch {
    return '';
  }
  const texts = await Promise.all(entries.filter((entry) => name.test(path.basename(entry))).map((entry) => readFile(path.join(dir, entry), 'utf8')));
  return texts.join('\n');
}

/** Undefined when the wheel's libraries together export every function the binding calls; else which are missing, and from which files. */
export async function checkBindingSymbols(packageDir: string, libDir: string): Promise<string | undefined> {
  const required = await requiredSymbols(path.join(packageDir, 'binding'), path.join(libDir, 'include'));
  const exported = new Map<string, ReadonlySet<string>>();
  for (const lib of WHEEL_LIBRARIES) {
    const result = await exportedSymbols(path.join(libDir, 'lib', lib));
    if (result.kind === 'failed') return result.reason;
    exported.set(lib, result.symbols);
  }
  const missing = missingSymbols(required, exported);
  if (missing.length === 0) return undefined;
  return `${missing.length} of ${required.length} symbols the binding uses are exported by neither ${WHEEL_LIBRARIES.join(' nor ')}: ${missing.join(', ')}`;
}
