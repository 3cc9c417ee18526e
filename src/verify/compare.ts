// Comparing a measured quantity with a predicted one under a tolerance. The
// margin error/allowance is what reports show: ≤ 1 holds, > 1 does not, and
// how far below 1 it sits says how close the check came to failing.
import type { Quantity } from '../theorem/clause.ts';
import { TheoremCodeError } from '../theorem/code-error.ts';
import { allowance, type Tolerance } from '../theorem/tolerance.ts';

export interface Comparison {
  /** max_ij |measured − predicted|. */
  readonly error: number;
  /** atol + rtol · max_ij |predicted|. */
  readonly allowance: number;
  /** error / allowance (Infinity when the allowance is 0 and the error is not). */
  readonly margin: number;
  /** False when the measured or the predicted value has a NaN or infinite entry. */
  readonly finite: boolean;
}

function entries(q: Quantity): { rows: number; cols: number; data: ArrayLike<number> } {
  return typeof q === 'number' ? { rows: 1, cols: 1, data: [q] } : q;
}

/** A measured and a predicted quantity of different shapes: the theorem's code is wrong at every regime (see theorem/code-error.ts). */
export class ShapeMismatchError extends TheoremCodeError {
  override readonly name = 'ShapeMismatchError';
}

export function compareQuantities(measured: Quantity, predicted: Quantity, tol: Tolerance): Comparison {
  const m = entries(measured);
  const p = entries(predicted);
  if (m.rows !== p.rows || m.cols !== p.cols) {
    throw new ShapeMismatchError(`measured ${m.rows}x${m.cols} but predicted ${p.rows}x${p.cols}`);
  }
  let error = 0;
  let scale = 0;
  let finite = true;
  for (let i = 0; i < p.data.length; i++) {
    // A NaN or infinite entry on either side can never count as a match (a NaN error would compare false to every bound).
    if (!Number.isFinite(m.data[i]) || !Number.isFinite(p.data[i])) finite = false;
    error = Math.max(error, Math.abs(m.data[i] - p.data[i]));
    scale = Math.max(scale, Math.abs(p.data[i]));
  }
  const allowed = allowance(tol, scale);
  return { error, allowance: allowed, margin: ratio(error, allowed), finite };
}

export function ratio(error: number, allowed: number): number {
  if (error === 0) return 0;
  return allowed === 0 ? Infinity : error / allowed;
}
