import seedrandom from 'seedrandom';
import type { ScenarioConfig } from './config.js';
import { getScenario } from './scenario-registry.js';

/**
 * Every random draw of a run comes from the master seed through a named stream.
 * Initializer seeds are never 0: tfjs's normal initializers read seed 0 as "unseeded"
 * (`seed ? seed : Math.random()`, DESIGN.md §4.4). They are also pairwise distinct, because a
 * seeded tfjs initializer returns the same values on every call.
 */
export interface DerivedSeeds {
  /** Seed string of the data generator's own PRNG. */
  readonly data: string;
  /** Seed string for the `Math.random` replacement installed before tfjs loads. */
  readonly mathRandom: string;
  /** One seed per initializer, keyed `lstm_1/kernel`, `lstm_1/recurrent_kernel`, …, `dense/kernel`. */
  readonly initializers: Readonly<Record<string, number>>;
}

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
