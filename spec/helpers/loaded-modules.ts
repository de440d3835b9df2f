import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Starts each line the load hook writes to stderr; nothing the CLI writes starts so. */
const MARK = 'tfjs-repro-spec:loaded ';

/** A load hook, registered with `--import`, that writes the URL of every module loaded through the ESM loader to stderr. */
function loadHookImport(): string {
  const hooks = `import { writeSync } from 'node:fs'; export async function load(url, context, next) { writeSync(2, ${JSON.stringify(MARK)} + url + '\\n'); return next(url, context); }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  return `data:text/javascript,${encodeURIComponent(register)}`;
}

export interface LoadedModules {
  readonly exitCode: number;
  /** The file: URLs of the modules loaded, in load order, each once. */
  readonly modules: readonly string[];
  /** What the CLI wrote to stderr, without the hook's lines. */
  readonly stderr: string;
}

/** Runs the built CLI as runCli does (clean environment, no config above its folder) and records the modules it loads. */
export async function loadedModulesOf(args: readonly string[]): Promise<LoadedModules> {
  const result = await execaNode(CLI, args, {
    nodeOptions: ['--import', loadHookImport()],
    extendEnv: false,
    env: { PATH: process.env.PATH ?? '' },
    cwd: os.tmpdir(),
    reject: false,
    timeout: 60_000,
    stdin: 'ignore',
    stdout: 'ignore',
  });
  const lines = result.stderr.split('\n');
  const modules = [...new Set(lines.filter((line) => line.startsWith(MARK)).map((line) => line.slice(MARK.length)))];
  return { exitCode: result.exitCode ?? -1, modules, stderr: lines.filter((line) => !line.startsWith(MARK)).join('\n') };
}
