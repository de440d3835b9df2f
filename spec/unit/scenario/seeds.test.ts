import { describe, expect, it } from 'vitest';
import { resolveScenarioConfig } from '../../../src/scenario/config.js';
import { deriveSeeds, initializerNames } from '../../../src/scenario/seeds.js';

const lstm = (seed: number, layers: number) => resolveScenarioConfig({ seed, layers });
import { generateSineData } from '../../../src/scenario/sine-data.js';

describe('deriveSeeds', () => {
  it.each([0, 1, 42, 2 ** 32 - 1])('gives seed %i non-zero, distinct initializer seeds for every layer', (seed) => {
    const seeds = deriveSeeds(lstm(seed, 3));
    const values = initializerNames(lstm(seed, 3)).map((name) => seeds.initializers[name]);
    expect(values.every((value) => Number.isInteger(value) && value! > 0)).toBe(true);
    expect(new Set(values).size).toBe(values.length);
  });

  it('gives each initializer the blobs-dropout-classifier declares its own seed', () => {
    const config = resolveScenarioConfig({ scenario: 'blobs-dropout-classifier', layers: 2 });
    expect(Object.keys(deriveSeeds(config).initializers)).toEqual(['hidden_1/kernel', 'hidden_2/kernel', 'output/kernel']);
  });

  it('is a pure function of the master seed, and seed 0 differs from seed 1', () => {
    expect(deriveSeeds(lstm(0, 2))).toEqual(deriveSeeds(lstm(0, 2)));
    expect(deriveSeeds(lstm(0, 2)).initializers).not.toEqual(deriveSeeds(lstm(1, 2)).initializers);
  });
});

describe('generateSineData', () => {
  const config = { samples: 1000, step: 0.01, noise: 0.1 };

  it('targets sin(t) for t = i·step and adds noise of the configured size', () => {
    const { x, y } = generateSineData(config, 'seed-a');
    expect(y[157]).toBe(Math.fround(Math.sin(1.57)));
    const residuals = Array.from(x, (value, i) => value - y[i]!);
    const mean = residuals.reduce((s, r) => s + r, 0) / residuals.length;
    const sd = Math.sqrt(residuals.reduce((s, r) => s + (r - mean) ** 2, 0) / residuals.length);
    expect(Math.abs(mean)).toBeLessThan(0.02); // 4 standard errors of 0.1/√1000
    expect(sd).toBeGreaterThan(0.09);
    expect(sd).toBeLessThan(0.11);
  });

  it('depends on its seed only', () => {
    expect(generateSineData(config, 'seed-a')).toEqual(generateSineData(config, 'seed-a'));
    expect(generateSineData(config, 'seed-a').x).not.toEqual(generateSineData(config, 'seed-b').x);
  });
});
