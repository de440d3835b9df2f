/**
 * How far a float32 backend may be from the float64 reference, relative to the reference's
 * epoch loss, for the claim `matches-reference`. Each float32 operation rounds by up to 6e-8;
 * over 700 steps the error compounds. Measured on the seed experiment (70 epochs, seed 1, wasm
 * and cpu): sgd ≤ 1.5e-7, Keras Adadelta ≤ 3.6e-6, Adam ≤ 4.1e-5; the same backend run compared
 * with the *other* Adadelta formula is 1e0 off after one step. 1e-4 separates the two by 25×.
 * Apart from the comparison (which loads the reference trainer): the CLI shows it in --help.
 */
export const FIDELITY_BOUND = 1e-4;
