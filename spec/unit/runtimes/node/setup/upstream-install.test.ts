import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TFJS_NODE_ISSUE, TFJS_NODE_VERSION } from '../../../../../src/runtimes/node/tensorflow-pins.js';
import { tensorflowAddonState } from '../../../../../src/runtimes/node/tensorflow-addon.js';

const root = fileURLToPath(new URL('../../../../../', import.meta.url));

// Canary of the tfjs-node workaround (`tfjs-repro setup tensorflow`, tensorflow/tfjs#8742): it is
// needed while the pinned tfjs-node installs by downloading its binaries from a storage host.
// When an upgrade of tfjs-node fails this test, check whether its own install now works offline;
// if so, the set-up can go.
describe(`the tfjs-node install that setup tensorflow replaces (${TFJS_NODE_ISSUE})`, () => {
  it('the locked tfjs-node is the pinned version and still has an install script', async () => {
    const lock = JSON.parse(await readFile(`${root}package-lock.json`, 'utf8'));
    const entry = lock.packages['node_modules/@tensorflow/tfjs-node'];
    expect(entry.version).toBe(TFJS_NODE_VERSION);
    expect(entry.hasInstallScript, 'tfjs-node no longer runs an install script: is setup tensorflow still needed?').toBe(true);
  });

  it('its install script still downloads libtensorflow from the storage host (read from the package files, where set-up put them)', async () => {
    const state = tensorflowAddonState();
    if (state.kind === 'no-package') {
      // npm dropped the package (the install failed): that is the upstream problem itself.
      expect(existsSync(`${root}node_modules/@tensorflow/tfjs-node/scripts/install.js`)).toBe(false);
      return;
    }
    const install = await readFile(`${state.packageDir}/scripts/install.js`, 'utf8');
    expect(install).toMatch(/const BASE_HOST = CDN_STORAGE \|\| 'https:\/\//);
    expect(install).toContain('downloadLibtensorflow');
  });
});
