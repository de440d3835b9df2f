/** The types of the tfjs namespaces, apart from loading them: a leaf every module may import. */
export type Tf = typeof import('@tensorflow/tfjs');
export type TfCore = typeof import('@tensorflow/tfjs-core');
/** A model built by a scenario (tf.sequential or tf.model). */
export type LayersModel = ReturnType<Tf['sequential']>;
