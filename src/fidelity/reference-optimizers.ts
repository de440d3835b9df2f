import { assertNever } from '../errors.js';
import type { OptimizerName } from '../scenario/config.js';
import { ADADELTA_EPSILON, ADADELTA_RHO, ADAM } from '../scenario/optimizers.js';

/** An optimizer's float64 update of one parameter array, given its gradient, in place. */
export interface ReferenceOptimizer {
  step(parameters: readonly Float64Array[], gradients: readonly Float64Array[]): void;
}

/** The update formulas by name, as recorded in exports: which one each optimizer follows. */
export const UPDATE_FORMULAS: Readonly<Record<OptimizerName, string>> = {
  adadelta: "Keras 2.0.4 / TF ApplyAdadelta: a' = ρa + (1−ρ)g²; u = g·√(d+ε)/√(a'+ε); p' = p − lr·u; d' = ρd + (1−ρ)u²",
  'adadelta-tfjs': "tfjs 4.22 AdadeltaOptimizer: u = g·√(d+ε)/√(a+ε) with the OLD a; a' = ρa + (1−ρ)g²; d' = ρd + (1−ρ)u²; p' = p − lr·u",
  sgd: "p' = p − lr·g",
  adam: "tfjs 4.22 AdamOptimizer: m' = β1·m + (1−β1)g; v' = β2·v + (1−β2)g²; p' = p − lr·(m'/(1−β1^t)) / (√(v'/(1−β2^t)) + ε)",
};

export function createReferenceOptimizer(name: OptimizerName, learningRate: number): ReferenceOptimizer {
  const slots = new Map<number, Float64Array[]>();
  const slot = (index: number, length: number, count: number): Float64Array[] => {
    let s = slots.get(index);
    if (s === undefined) {
      s = Array.from({ length: count }, () => new Float64Array(length));
      slots.set(index, s);
    }
    return s;
  };
  switch (name) {
    case 'sgd':
      return {
        step(parameters, gradients) {
          parameters.forEach((p, k) => p.forEach((_, i) => (p[i] = p[i]! - learningRate * gradients[k]![i]!)));
        },
      };
    case 'adadelta':
    case 'adadelta-tfjs': {
      const updatedAccumulator = name === 'adadelta';
      return {
        step(parameters, gradients) {
          parameters.forEach((p, k) => {
            const [a, d] = slot(k, p.length, 2) as [Float64Array, Float64Array];
            for (let i = 0; i < p.length; i++) {
              const g = gradients[k]![i]!;
              const newA = ADADELTA_RHO * a[i]! + (1 - ADADELTA_RHO) * g * g;
              const u = (g * Math.sqrt(d[i]! + ADADELTA_EPSILON)) / Math.sqrt((updatedAccumulator ? newA : a[i]!) + ADADELTA_EPSILON);
              p[i] = p[i]! - learningRate * u;
              d[i] = ADADELTA_RHO * d[i]! + (1 - ADADELTA_RHO) * u * u;
              a[i] = newA;
            }
          });
        },
      };
    }
    case 'adam': {
      let t = 0;
      return {
        step(parameters, gradients) {
          t += 1;
          parameters.forEach((p, k) => {
            const [m, v] = slot(k, p.length, 2) as [Float64Array, Float64Array];
            for (let i = 0; i < p.length; i++) {
              const g = gradients[k]![i]!;
              m[i] = ADAM.beta1 * m[i]! + (1 - ADAM.beta1) * g;
              v[i] = ADAM.beta2 * v[i]! + (1 - ADAM.beta2) * g * g;
              const mHat = m[i]! / (1 - ADAM.beta1 ** t);
              const vHat = v[i]! / (1 - ADAM.beta2 ** t);
              p[i] = p[i]! - (learningRate * mHat) / (Math.sqrt(vHat) + ADAM.epsilon);
            }
          });
        },
      };
    }
    default:
      return assertNever(name, 'optimizer');
  }
}
