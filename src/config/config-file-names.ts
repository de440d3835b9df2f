/**
 * Looked for in the working directory, then in each parent, in this order. Apart from the config's
 * reader (which loads the runtimes and the scenarios): the CLI shows the first in --help.
 */
export const CONFIG_FILE_NAMES = ['tfjs-repro.config.json', 'tfjs-repro.config.mjs', 'tfjs-repro.config.js'] as const;
