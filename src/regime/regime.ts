// A regime is a plain JSON object of model parameters, shared by every command
// and theorem: K, n (per-class count) or classSizes, d, and the regularization
// weights lambdaW, lambdaH, lambdaB (absent = no bias, 0 = unregularized bias),
// lambdaW1, lambdaW2, ... for deeper models.
import { RegimeError } from '../errors.ts';

export type RegimeValue = number | readonly number[];
export type Regime = Readonly<Record<string, RegimeValue | undefined>>;

/** Sample counts per class: `classSizes` when given, else K copies of `n`. */
export function classSizesOf(r: Regime): number[] {
  const sizes = r.classSizes;
  if (Array.isArray(sizes)) {
    if (typeof r.K === 'number' && sizes.length !== r.K) {
      throw new RegimeError('classSizes', `an array of length K = ${r.K}`, sizes);
    }
    return [...sizes];
  }
  if (typeof r.K !== 'number' || typeof r.n !== 'number') {
    throw new RegimeError('n', 'a per-class count n (or a classSizes array)', r.n);
  }
  return Array.from({ length: r.K }, () => r.n as number);
}

/** Class sizes of a model regime, which must give exactly one of n and classSizes. */
export function exclusiveClassSizes(r: Regime): number[] {
  if (r.n !== undefined && r.classSizes !== undefined) throw new RegimeError('classSizes', 'either n or classSizes, not both', r.classSizes);
  return classSizesOf(r);
}

/** Stable string form of a regime (sorted keys): used for seeds, caches and failure keys. */
export function regimeKey(r: Regime): string {
  const keys = Object.keys(r)
    .filter((k) => r[k] !== undefined)
    .sort();
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, r[k]])));
}
