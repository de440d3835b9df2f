import { ReproError, describeValue } from '../errors.js';

/** How close two float32 losses must be to count as equal. */
export type Tolerance =
  | { readonly kind: 'exact' }
  | { readonly kind: 'ulp'; readonly ulps: number }
  | { readonly kind: 'abs'; readonly abs: number }
  | { readonly kind: 'rel'; readonly rel: number };

export const EXACT: Tolerance = Object.freeze({ kind: 'exact' });

const FORMS = 'exact, ulp:N (integer N ≥ 0), abs:X or rel:X (finite X ≥ 0)';

/** Parses `exact`, `ulp:4`, `abs:1e-6`, `rel:1e-5`. */
export function parseTolerance(text: string, option = '--tolerance'): Tolerance {
  if (text === 'exact') return EXACT;
  const match = /^(ulp|abs|rel):(.+)$/.exec(text);
  const amount = match ? Number(match[2]) : Number.NaN;
  if (match?.[1] === 'ulp' && Number.isInteger(amount) && amount >= 0) return { kind: 'ulp', ulps: amount };
  if (match?.[1] === 'abs' && Number.isFinite(amount) && amount >= 0) return { kind: 'abs', abs: amount };
  if (match?.[1] === 'rel' && Number.isFinite(amount) && amount >= 0) return { kind: 'rel', rel: amount };
  throw new ReproError('usage', `${option}: expected one of ${FORMS}, got ${describeValue(text)}`);
}

export function renderTolerance(tolerance: Tolerance): string {
  switch (tolerance.kind) {
    case 'exact':
      return 'exact';
    case 'ulp':
      return `ulp:${tolerance.ulps}`;
    case 'abs':
      return `abs:${tolerance.abs}`;
    case 'rel':
      return `rel:${tolerance.rel}`;
  }
}
