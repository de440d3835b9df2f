import seedrandom from 'seedrandom';
import type { DerivedSeeds, ScenarioConfig } from './scenario-config.js';

export type { DerivedSeeds } from './scenario-config.js';
import { getScenario } from './scenario-registry.js';

/**
 * Every random draw of a run comes from the master seed through a named stream.
 * Initializer seeds are never 0: tfjs's normal initializers read seed 0 as "unseeded"
 * (`seed ? seed : Math.random()`, docs/design.md, fact 4). They are also pairwise distinct, because a
 * seeded tfjs initializer returns the same values on every call.
 */

const INITIALIZER_SEED_RANGE = 2 ** 31 - 1;

/** The seeded initializers of a scenario's model, by weight name (its definition declares them). */
export function initializerNames(config: ScenarioConfig): string[] {
  return [...getScenario(config.scenario).initializers(config)];
}

export function deriveSeeds(config: ScenarioConfig): DerivedSeeds {
  const prefix = `tfjs-repro/${config.seed}`;
  const used = new Set<number>();
  const initializers: Record<string, number> = {};
  for (const name of initializerNames(config)) {
    let attempt = 0;
    let seed: number;
    do {
      // 1 + [0, 2^31 - 2]: never 0, and safe wherever tfjs turns a seed into a string or int.
      seed = 1 + Math.floor(seedrandom(`${prefix}/init/${name}/${attempt++}`)() * (INITIALIZER_SEED_RANGE - 1));
    } while (used.has(seed));
    used.add(seed);
    initializers[name] = seed;
  }
  return Object.freeze({ data: `${prefix}/data`, mathRandom: `${prefix}/math-random`, initializers: Object.freeze(initializers) });
}
