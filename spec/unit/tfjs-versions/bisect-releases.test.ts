import { describe, expect, it } from 'vitest';
import { bisectReleases, maxProbes } from '../../../src/tfjs-versions/bisect-releases.js';
import { compareVersions, nearestVersions } from '../../../src/tfjs-versions/release-plan.js';

const RELEASES = Array.from({ length: 23 }, (_, i) => `4.${i}.0`);

describe('bisect over published releases', () => {
  it('finds the first release whose result differs, wherever it is, in at most 7 probes of 23 releases (4.0.0 … 4.22.0)', async () => {
    expect(maxProbes(23)).toBe(7);
    for (let change = 1; change < RELEASES.length; change++) {
      const probed: string[] = [];
      const outcome = await bisectReleases(
        RELEASES,
        async (v) => {
          probed.push(v);
          return compareVersions(v, RELEASES[change]!) >= 0 ? 'new numbers' : 'old numbers';
        },
        (a, b) => a === b,
      );
      expect(outcome).toMatchObject({ kind: 'found', firstDifferent: { version: RELEASES[change] }, lastSame: { version: RELEASES[change - 1] } });
      expect(probed.length).toBeLessThanOrEqual(7);
      expect(new Set(probed).size).toBe(probed.length);
    }
  });

  it('says there is nothing to find when the ends agree (two probes), and a failing release is a result like any other', async () => {
    const same = await bisectReleases(
      RELEASES,
      async () => 'same',
      (a, b) => a === b,
    );
    expect(same.kind).toBe('nothing-to-find');
    expect(same.steps.map((s) => s.version)).toEqual(['4.0.0', '4.22.0']);
    // Releases before 4.10.0 cannot build the model: an error differs from the good end's numbers.
    const failing = await bisectReleases(
      RELEASES.slice(10).reverse().concat([]).reverse(),
      async (v) => (v === '4.22.0' ? 'Error: cannot build' : 'numbers'),
      (a, b) => a === b,
    );
    expect(failing).toMatchObject({ kind: 'found', firstDifferent: { version: '4.22.0', result: 'Error: cannot build' } });
  });

  it('orders versions as semver does (4.10.0 after 4.9.0, a pre-release before its release) and names the nearest published ones', () => {
    expect(['4.10.0', '4.9.0', '4.23.0-rc.0', '4.22.0', '4.23.0'].sort(compareVersions)).toEqual(['4.9.0', '4.10.0', '4.22.0', '4.23.0-rc.0', '4.23.0']);
    expect(nearestVersions('4.99.0', RELEASES)).toEqual(['4.21.0', '4.22.0']);
    expect(nearestVersions('4.5.1', RELEASES)).toEqual(['4.4.0', '4.5.0', '4.6.0', '4.7.0']);
  });
});
