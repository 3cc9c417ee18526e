// The numbers behind a violated clause: what was predicted and what was
// measured, as plain data for the coverage file. A scalar is kept as is; a
// matrix whole when it is small (K ≤ 8: at most 8×8 = 64 entries), otherwise
// reduced to its largest deviations and both singular spectra — enough to see
// *how* the measured Gram or frame differs (a scale, one off entry, a rank
// drop) without storing a large matrix per counterexample.
import { singularValues } from '../linalg/decompositions.ts';
import type { Mat } from '../linalg/matrix.ts';
import type { Quantity } from '../theorem/clause.ts';

/** Entries up to which a matrix is recorded whole (8×8). */
export const WHOLE_MATRIX_ENTRIES = 64;
/** Largest deviations and singular values kept for a larger matrix. */
export const LARGEST_KEPT = 8;

export interface MatrixValue {
  readonly rows: number;
  readonly cols: number;
  /** Row-major entries, present when rows·cols ≤ WHOLE_MATRIX_ENTRIES. */
  readonly data?: readonly number[];
}

export type ValueEntry = number | MatrixValue;

export interface ComparedValues {
  /** What the numbers are, e.g. "loss of restart 0" or "H̄ᵀH̄ at restart 1". */
  readonly quantity: string;
  readonly predicted: ValueEntry;
  readonly measured: ValueEntry;
  /** Matrices too large to keep whole: the entries that deviate most, largest first (0-based row, col). */
  readonly largest?: readonly { readonly row: number; readonly col: number; readonly predicted: number; readonly measured: number }[];
  /** Matrices too large to keep whole: the largest singular values of each, descending. */
  readonly spectra?: { readonly predicted: readonly number[]; readonly measured: readonly number[] };
}

function matrixValue(m: Mat): MatrixValue {
  return m.rows * m.cols <= WHOLE_MATRIX_ENTRIES ? { rows: m.rows, cols: m.cols, data: Array.from(m.data) } : { rows: m.rows, cols: m.cols };
}

function topSpectrum(m: Mat): number[] {
  if (!Array.from(m.data).every(Number.isFinite)) return [];
  return Array.from(singularValues(m).subarray(0, LARGEST_KEPT));
}

/** The predicted and measured quantities of one comparison, reduced for the coverage file. */
export function comparedValues(quantity: string, measured: Quantity, predicted: Quantity): ComparedValues {
  if (typeof measured === 'number' || typeof predicted === 'number') {
    const scalar = (q: Quantity): number => (typeof q === 'number' ? q : q.data[0]);
    return { quantity, predicted: scalar(predicted), measured: scalar(measured) };
  }
  const out: ComparedValues = { quantity, predicted: matrixValue(predicted), measured: matrixValue(measured) };
  if (predicted.rows * predicted.cols <= WHOLE_MATRIX_ENTRIES) return out;
  const order = Array.from(predicted.data.keys())
    .map((k) => ({ k, d: Math.abs(measured.data[k] - predicted.data[k]) }))
    .sort((a, b) => (Number.isNaN(b.d) ? 1 : 0) - (Number.isNaN(a.d) ? 1 : 0) || b.d - a.d)
    .slice(0, LARGEST_KEPT);
  return {
    ...out,
    largest: order.map(({ k }) => ({ row: Math.floor(k / predicted.cols), col: k % predicted.cols, predicted: predicted.data[k], measured: measured.data[k] })),
    spectra: { predicted: topSpectrum(predicted), measured: topSpectrum(measured) },
  };
}
