/**
 * Every cause a diagnosis can name: what it is, in a few words, and the fix for each situation it
 * is found in (a check's two runs, or a golden's run against its recorded numbers). The one place
 * a fix is worded; the diagnosers decide the cause and pass the names the fix needs.
 */
export const CAUSES = {
  'unseeded-initializer': {
    title: 'an initializer without a seed',
    fix: {
      runs: () =>
        'give every initializer of the model a seed (e.g. tf.initializers.glorotUniform({ seed })), or set the weights from a seeded generator before training',
      'native-random': () =>
        `give every initializer a seed (a tfjs release that ignores an initializer's seed draws from Math.random), or ${NATIVE_RANDOM_SEEDING}`,
    },
  },
  data: {
    title: 'other data',
    fix: {
      runs: () =>
        "generate the data from a seeded source (the `random` a scenario's build receives), never from Math.random's unseeded use, the clock or crypto",
    },
  },
  'data-order': {
    title: 'the same data in another order',
    fix: {
      runs: () =>
        "pass shuffle: false to fit, or shuffle the data yourself with a seeded generator (N × fit(epochs: 1) shuffles a fresh order at each call, one fit(epochs: N) reshuffles the previous epoch's)",
      'native-random': () =>
        `fit's shuffle (tf.util.shuffle) takes no seed and draws from Math.random: pass shuffle: false and shuffle with a seeded generator, or ${NATIVE_RANDOM_SEEDING}`,
    },
  },
  'random-op': {
    title: 'a random op without a seed',
    fix: {
      runs: () =>
        'give every random op a seed that comes from the run\'s seed (e.g. tf.randomUniform(shape, 0, 1, "float32", seed), dropout\'s seed), never one from the clock or crypto',
      'native-random': () =>
        `an op without a seed takes Math.random() as its seed (dropout, noise layers, tf.random*): give it one from the run's seed (tf.layers.dropout({ rate, seed })), or ${NATIVE_RANDOM_SEEDING}`,
    },
  },
  state: {
    title: 'the recurrent state',
    fix: {
      runs: () =>
        'reset the stateful layers at the same points in both runs (model.resetStates() after each fit in one, in onEpochEnd in the other), or in neither',
      'never-matters': () =>
        'make sure the recurrent layers are stateful (stateful: true, a fixed batch size) and that fit carries their states; Keras 3.15.1 on JAX keeps no LSTM state in fit',
    },
  },
  'nondeterministic-kernel': {
    title: 'a kernel that is not deterministic',
    fix: {
      runs: ({ kernel, backend }: { kernel: string; backend: string }) =>
        `run ${kernel} where it is deterministic (the tensorflow backend with one thread: TF_NUM_INTRAOP_THREADS=1 and OMP_NUM_THREADS=1, or another backend than ${backend}), and report it upstream with its input shapes`,
    },
  },
  optimizer: {
    title: "the optimizer's own tensors",
    fix: {
      runs: () =>
        "make the optimizer's learning rate and other hyper-parameters depend only on the configuration and the epoch, never on the clock or other run-time state",
    },
  },
  version: {
    title: 'a package, Node or browser version',
    fix: { golden: () => 'if the new numbers are right, record them with `tfjs-repro golden update --reason "…"`; otherwise pin the previous version' },
  },
  device: {
    title: 'the device that computes (a WebGPU adapter)',
    fix: {
      golden: () =>
        'a golden holds one device\'s numbers: check it where its device is, or record this device\'s numbers in a golden folder of its own (`tfjs-repro golden update --dir … --reason "…"`)',
    },
  },
  environment: {
    title: 'an environment variable',
    fix: {
      runs: ({ knob }: { knob: string }) =>
        `make training independent of ${knob} (it reads it somewhere: a date, a locale-dependent format, a path), or set ${knob} to one value in every run`,
      golden: ({ knob }: { knob: string }) =>
        `set ${knob} as the golden's provenance records it, or record the new numbers with \`tfjs-repro golden update --reason "…"\``,
    },
  },
  threads: {
    title: 'a thread knob',
    fix: { runs: ({ remedy }: { remedy: string }) => `pin ${remedy} in every environment whose numbers must match` },
  },
  unknown: {
    title: 'not known from what the runs record',
    fix: {
      runs: () => 'save both runs with `tfjs-repro run --out` and compare them (`tfjs-repro compare a.json b.json`) to see every difference from that batch on',
      golden: () =>
        'save a run on each side with `tfjs-repro run --out` and compare them, or record the new numbers with `tfjs-repro golden update --reason "…"` if they are right',
    },
  },
} as const;

/** How an app gets the guarantees of tfjs-repro's seeded world without seeding each draw. */
const NATIVE_RANDOM_SEEDING =
  "seed Math.random in the app before tfjs loads (e.g. seedrandom(seed, { global: true }); tfjs's bundles draw from it while they load, so seed it again after loading to start training at the same point)";

/** A cause's kind: `environment:TZ` is an `environment`, `threads:OMP_NUM_THREADS` a `threads`. */
export type CauseKind = keyof typeof CAUSES;

/**
 * Why two runs that should agree part. Each cause says what differs first and the fix; `unknown`
 * says where the difference was first seen, never a guess.
 */
export type Cause = Exclude<CauseKind, 'environment' | 'threads'> | `environment:${string}` | `threads:${string}`;

/** The kind of a cause (the part before `:`). */
export function causeKindOf(cause: Cause): CauseKind {
  return cause.split(':')[0] as CauseKind;
}

/** What a cause is, in a few words (`environment:TZ`: an environment variable). */
export function causeTitle(cause: Cause): string {
  return CAUSES[causeKindOf(cause)].title;
}

/**
 * A diagnosis of two runs that left Math.random native (rerun-native-random), with the fix of that
 * world where its cause has one: seed the draw, or seed Math.random in the app.
 */
export function withNativeRandomFix<D extends { readonly cause: Cause; readonly fix: string }>(d: D): D {
  const fixes = CAUSES[causeKindOf(d.cause)].fix;
  return 'native-random' in fixes ? { ...d, fix: fixes['native-random']() } : d;
}
