import { assertNever } from '../errors.js';
import type { Tf } from '../tfjs/tf-types.js';
import type { ScenarioConfig } from './scenario-config.js';

/** Keras 2.0.4 Adadelta hyper-parameters (the seed's version), docs/design.md, fact 3. */
export const ADADELTA_RHO = 0.95;
export const ADADELTA_EPSILON = 1e-8;
/** Keras 2.0.4 Adam defaults; tfjs's default epsilon would be the backend's 1e-7. */
export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

type Optimizer = InstanceType<Tf['Optimizer']>;

/**
 * `adadelta` is Keras-faithful; `adadelta-tfjs` is tfjs's stock AdadeltaOptimizer with the same
 * hyper-parameters, so the two differ only in the update formula (docs/design.md, fact 2).
 */
export function createOptimizer(tf: Tf, config: Pick<ScenarioConfig, 'optimizer' | 'learningRate'>): Optimizer {
  const { optimizer, learningRate } = config;
  switch (optimizer) {
    case 'adadelta':
      return new (kerasAdadeltaClass(tf))(learningRate, ADADELTA_RHO, ADADELTA_EPSILON);
    case 'adadelta-tfjs':
      return tf.train.adadelta(learningRate, ADADELTA_RHO, ADADELTA_EPSILON);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'adam':
      return tf.train.adam(learningRate, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
    default:
      return assertNever(optimizer, 'optimizer');
  }
}

const classes = new WeakMap<Tf, ReturnType<typeof defineKerasAdadelta>>();

function kerasAdadeltaClass(tf: Tf): ReturnType<typeof defineKerasAdadelta> {
  let cls = classes.get(tf);
  if (cls === undefined) {
    cls = defineKerasAdadelta(tf);
    classes.set(tf, cls);
  }
  return cls;
}

/**
 * Adadelta as Keras 2.0.4 (and TF's ApplyAdadelta, and Keras 3) computes it:
 *
 *     a' = ρ·a + (1−ρ)·g²
 *     u  = g · √(d + ε) / √(a' + ε)      ← the *updated* accumulator a'
 *     p' = p − lr·u
 *     d' = ρ·d + (1−ρ)·u²
 *
 * tfjs's AdadeltaOptimizer divides by √(a + ε), the *old* accumulator, so its first step with
 * lr 1 is a full gradient step; on the seed model it diverges.
 */
function defineKerasAdadelta(tf: Tf) {
  type Variable = ReturnType<Tf['variable']>;
  type NamedTensorMap = Parameters<Optimizer['applyGradients']>[0];
  return class KerasAdadelta extends tf.Optimizer {
    static get className(): string {
      return 'KerasAdadelta';
    }

    private readonly slots = new Map<string, { accumulatedGrad: Variable; accumulatedUpdate: Variable }>();

    constructor(
      readonly learningRate: number,
      readonly rho: number,
      readonly epsilon: number,
    ) {
      super();
    }

    override applyGradients(variableGradients: NamedTensorMap): void {
      const entries = Array.isArray(variableGradients)
        ? variableGradients.map(({ name, tensor }) => [name, tensor] as const)
        : Object.entries(variableGradients);
      for (const [name, gradient] of entries) {
        if (gradient == null) continue;
        const value = tf.engine().registeredVariables[name]!;
        let slot = this.slots.get(name);
        if (slot === undefined) {
          slot = {
            accumulatedGrad: tf.tidy(() => tf.zerosLike(value).variable(false)),
            accumulatedUpdate: tf.tidy(() => tf.zerosLike(value).variable(false)),
          };
          this.slots.set(name, slot);
        }
        const { accumulatedGrad, accumulatedUpdate } = slot;
        tf.tidy(() => {
          const newAccumulatedGrad = tf.add(tf.mul(accumulatedGrad, this.rho), tf.mul(tf.square(gradient), 1 - this.rho));
          const update = tf.div(tf.mul(gradient, tf.sqrt(tf.add(accumulatedUpdate, this.epsilon))), tf.sqrt(tf.add(newAccumulatedGrad, this.epsilon)));
          value.assign(tf.sub(value, tf.mul(update, this.learningRate)));
          accumulatedUpdate.assign(tf.add(tf.mul(accumulatedUpdate, this.rho), tf.mul(tf.square(update), 1 - this.rho)));
          accumulatedGrad.assign(newAccumulatedGrad);
        });
      }
      this.incrementIterations();
    }

    override dispose(): void {
      for (const { accumulatedGrad, accumulatedUpdate } of this.slots.values()) tf.dispose([accumulatedGrad, accumulatedUpdate]);
      this.slots.clear();
    }

    override getConfig() {
      return { learningRate: this.learningRate, rho: this.rho, epsilon: this.epsilon };
    }
  };
}
