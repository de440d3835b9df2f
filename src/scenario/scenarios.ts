import { blobsDropoutClassifier } from './blobs-classifier.js';
import type { ScenarioName } from './config.js';
import type { ScenarioDefinition } from './scenario-definition.js';
import { statefulLstmSine } from './stateful-lstm.js';

/** The built-in scenarios by name. */
export const SCENARIOS: Readonly<Record<ScenarioName, ScenarioDefinition>> = {
  'stateful-lstm-sine': statefulLstmSine,
  'blobs-dropout-classifier': blobsDropoutClassifier,
};
