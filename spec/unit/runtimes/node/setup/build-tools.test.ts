import { describe, expect, it } from 'vitest';
import { findBuildTools } from '../../../../../src/runtimes/node/setup/build-tools.js';

describe('the build tools of setup tensorflow', () => {
  it('every missing one is named at once, each with what installs it', async () => {
    const { tools, missing } = await findBuildTools({ python: '/nonexistent/python3', env: {}, execPath: '/nonexistent/bin/node' });
    expect(tools).toBeUndefined();
    expect(missing).toEqual([
      'python: /nonexistent/python3 was not found; install Python 3 with pip (Debian: apt-get install python3-pip), or name one with --python',
      "Node's headers: /nonexistent/include/node/node_api.h does not exist; install Node with its headers (the official tarballs and Debian's nodejs carry them)",
      'node-gyp: not found beside npm nor in node_modules; install npm (it bundles node-gyp) or `npm install node-gyp`',
    ]);
  });
});
