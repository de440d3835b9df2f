/**
 * The whole environment of a child: an allow-list, not the parent's environment. Test runners
 * leak VITEST_*, NODE_ENV and --conditions into children otherwise (docs/design.md, fact 9).
 * The TF_* knobs are read by tfjs-node before it loads and are recorded in provenance.
 */
export const CHILD_ENV_DEFAULTS: Readonly<Record<string, string>> = {
  LANG: 'C',
  LC_ALL: 'C',
  TZ: 'UTC',
  TF_CPP_MIN_LOG_LEVEL: '2',
  TF_ENABLE_ONEDNN_OPTS: '0',
  TF_NUM_INTEROP_THREADS: '1',
  TF_NUM_INTRAOP_THREADS: '1',
};

/** Variables taken from the parent, because a process cannot start or find binaries without them. */
const INHERITED = ['PATH', 'SYSTEMROOT'] as const;

export function resolveChildEnv(parentEnv: NodeJS.ProcessEnv, overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of INHERITED) {
    const value = parentEnv[key];
    if (value !== undefined) env[key] = value;
  }
  return { ...env, ...CHILD_ENV_DEFAULTS, ...overrides };
}
