/** Where `report` writes unless told otherwise; apart from the renderers so that --help loads no plotting code. */
export const DEFAULT_REPORT_DIR = 'docs/determinism';
