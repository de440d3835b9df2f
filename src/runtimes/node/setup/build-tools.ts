import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { runTool } from '../../../run/run-tool.js';

/** What building the addon needs, found on this machine. */
export interface BuildTools {
  readonly python: string;
  readonly pipVersion: string;
  /** node-gyp's entry script, run with this Node. */
  readonly nodeGyp: string;
  /** The prefix under which Node's headers are (`include/node/node_api.h`): node-gyp's --nodedir, so no headers are downloaded. */
  readonly nodeDir: string;
}

export interface FindToolsOptions {
  readonly python: string;
  readonly env: NodeJS.ProcessEnv;
  readonly execPath: string;
}

/** Finds every tool at once and returns each missing one with what fixes it. */
export async function findBuildTools(options: FindToolsOptions): Promise<{ tools?: BuildTools; missing: string[] }> {
  const missing: string[] = [];
  const pip = await runTool(options.python, ['-m', 'pip', '--version']);
  if (pip.kind === 'failed') {
    missing.push(
      pip.reason === 'not found'
        ? `python: ${options.python} was not found; install Python 3 with pip (Debian: apt-get install python3-pip), or name one with --python`
        : `pip: \`${options.python} -m pip --version\` failed (${pip.reason}); install pip for that Python (Debian: apt-get install python3-pip)`,
    );
  }
  for (const [tool, fix] of [
    ['c++', 'a C++ compiler (Debian: apt-get install g++)'],
    ['make', 'make (Debian: apt-get install make)'],
    ['nm', 'binutils, for nm (Debian: apt-get install binutils)'],
  ] as const) {
    const found = await runTool(tool, ['--version']);
    if (found.kind === 'failed' && found.reason === 'not found') missing.push(`${tool}: not found; install ${fix}`);
  }
  const nodeDir = path.resolve(path.dirname(options.execPath), '..');
  if (!existsSync(path.join(nodeDir, 'include', 'node', 'node_api.h'))) {
    missing.push(
      `Node's headers: ${path.join(nodeDir, 'include', 'node', 'node_api.h')} does not exist; install Node with its headers (the official tarballs and Debian's nodejs carry them)`,
    );
  }
  const nodeGyp = findNodeGyp(options.env, options.execPath);
  if (nodeGyp === undefined) missing.push('node-gyp: not found beside npm nor in node_modules; install npm (it bundles node-gyp) or `npm install node-gyp`');
  if (missing.length > 0 || pip.kind === 'failed' || nodeGyp === undefined) return { missing };
  return { tools: { python: options.python, pipVersion: pip.stdout.split(' ')[1] ?? 'unknown', nodeGyp, nodeDir }, missing };
}

/** npm names its node-gyp in scripts; otherwise the one npm bundles beside this Node, or a local install. */
function findNodeGyp(env: NodeJS.ProcessEnv, execPath: string): string | undefined {
  const candidates = [
    env.npm_config_node_gyp,
    path.resolve(path.dirname(execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed locally: the bundled one serves
  }
  return candidates.find((file): file is string => file !== undefined && file !== '' && existsSync(file));
}
