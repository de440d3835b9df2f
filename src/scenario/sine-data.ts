import seedrandom from 'seedrandom';
import type { ScenarioConfig } from './scenario-config.js';

export interface SineData {
  /** Noisy input, `samples` values (shape [samples, 1, 1] when fed to the model). */
  readonly x: Float32Array;
  /** Clean target sin(t), `samples` values (shape [samples, 1]). */
  readonly y: Float32Array;
}

/**
 * The seed's data: y = sin(t) for t = i·step, x = y + N(0, noise²). The noise comes from its own
 * PRNG (Box–Muller over seedrandom's ARC4), so the data is a pure function of (seed, config),
 * independent of `Math.random` and of tfjs.
 */
export function generateSineData(config: Pick<ScenarioConfig, 'samples' | 'step' | 'noise'>, dataSeed: string): SineData {
  const random = seedrandom(dataSeed);
  const x = new Float32Array(config.samples);
  const y = new Float32Array(config.samples);
  for (let i = 0; i < config.samples; i++) {
    const target = Math.sin(i * config.step);
    y[i] = target;
    x[i] = target + config.noise * standardNormal(random);
  }
  return { x, y };
}

function standardNormal(random: () => number): number {
  // 1 - u keeps the logarithm's argument in (0, 1].
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
