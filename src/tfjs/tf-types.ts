import type { BackendName } from './backend-names.js';

/** The types of the tfjs namespaces, apart from loading them: a leaf every module may import. */
export type Tf = typeof import('@tensorflow/tfjs');
export type TfCore = typeof import('@tensorflow/tfjs-core');
/** A model built by a scenario (tf.sequential or tf.model). */
export type LayersModel = ReturnType<Tf['sequential']>;

/** tfjs as a run loaded it: the library, the backend it selected and the exact versions of its packages. */
export interface LoadedTfjs {
  readonly tf: Tf;
  readonly backend: BackendName;
  /** Exact versions of every `@tensorflow/*` package this process loaded. */
  readonly versions: Readonly<Record<string, string>>;
  /** The folder the packages were loaded from (a project's node_modules/@tensorflow, or a release's in the cache). */
  readonly from?: string;
}
