/** The global the page sets to its tfjs before it imports a scenario bundle, which reads tfjs from it (bundle-scenario.ts). */
export const PAGE_TF_GLOBAL = '__tfjsReproTf';
