/**
 * The one error class of tfjs-repro. `code` is stable (scripts may switch on it) and
 * maps to the process exit code in {@link exitCodeOf}; the message says what happened,
 * where, and how to reproduce it.
 */
export type ReproErrorCode =
  | 'usage' // a CLI option or config value is not allowed
  | 'input-file' // a file given to a command is missing, unreadable or malformed
  | 'backend-unavailable' // the requested backend cannot be loaded here
  | 'child-failed' // a child process crashed, hung, or broke the protocol
  | 'setup-failed' // `tfjs-repro setup` could not install a component
  | 'internal';

export class ReproError extends Error {
  override readonly name = 'ReproError';
  readonly code: ReproErrorCode;
  /** Extra lines shown after the message (stderr tail, reproduce command). */
  readonly details: readonly string[];
  /** For validation errors: one line per problem, `field: expected …, got …`. */
  readonly issues: readonly string[];

  constructor(code: ReproErrorCode, message: string, options: { cause?: unknown; details?: readonly string[]; issues?: readonly string[] } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details ?? [];
    this.issues = options.issues ?? [message];
  }
}

/** Exit codes, documented in the README. 1 is reserved for "a claim or comparison failed". */
export const EXIT_CODES = {
  ok: 0,
  verdictFailed: 1,
  usage: 2,
  'input-file': 3,
  'backend-unavailable': 4,
  'child-failed': 5,
  'setup-failed': 6,
  internal: 70,
} as const;

export function exitCodeOf(error: unknown): number {
  if (error instanceof ReproError) {
    return error.code === 'usage' ? EXIT_CODES.usage : EXIT_CODES[error.code];
  }
  return EXIT_CODES.internal;
}

/** Describes a received value for error messages: `300 (number)`, `"x" (string)`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `array of ${value.length}`;
  const type = typeof value;
  if (type === 'string') return `${JSON.stringify(value)} (string)`;
  if (type === 'number' || type === 'boolean' || type === 'bigint') return `${String(value)} (${type})`;
  return type;
}

export function assertNever(value: never, what = 'value'): never {
  throw new ReproError('internal', `unexpected ${what}: ${JSON.stringify(value)}`);
}
