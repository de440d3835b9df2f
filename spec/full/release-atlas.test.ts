import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildReleaseAtlas, type ReleaseAtlas } from '../../src/check/release-atlas.js';

const COMMITTED = fileURLToPath(new URL('../../docs/determinism/releases/releases.json', import.meta.url));

// The committed release atlas's oldest and newest columns, re-run today (releases from the cache,
// installed from the npm registry the first time): whether each release trains each scenario, every
// claim's verdict, and the base run's losses bit for bit.
describe('the committed release atlas, its oldest and newest columns against fresh runs', () => {
  it('4.0.0 and 4.22.0 give the committed cells', { timeout: 600_000 }, async () => {
    const committed = JSON.parse(await readFile(COMMITTED, 'utf8')) as ReleaseAtlas;
    const ends = [committed.scenarios[0]!.releases[0]!.version, committed.scenarios[0]!.releases.at(-1)!.version];
    const fresh = await buildReleaseAtlas({
      scenarios: committed.scenarios.map((s) => s.scenario),
      releases: ends,
      runtime: committed.scenarios[0]!.runtime,
      backend: committed.scenarios[0]!.backend,
      claims: committed.claims,
      parallelism: 2,
      timeoutMs: 300_000,
    });
    const cells = (atlas: ReleaseAtlas, pick: (versions: readonly string[]) => boolean) =>
      atlas.scenarios.flatMap((s) =>
        s.releases
          .filter((c) => pick([c.version]))
          .map((c) => ({ scenario: s.scenario.scenario, version: c.version, trains: c.trains, error: c.error, verdicts: c.verdicts, lossBits: c.lossBits })),
      );
    const atEnds = (versions: readonly string[]) => ends.includes(versions[0]!);
    expect(cells(fresh, atEnds)).toEqual(cells(committed, atEnds));
  });
});
