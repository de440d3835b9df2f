/** Where goldens live unless told otherwise; apart from the store so that --help loads no golden parsing. */
export const DEFAULT_GOLDEN_DIR = 'fixtures/golden';
