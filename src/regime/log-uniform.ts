// A positive real drawn log-uniformly: the natural scale of a regularization
// weight. Two fast-check defaults would distort that distribution, so neither
// is used: fc.double is uniform over float *bit patterns* (most of them crowd
// around its shrink target), and generation is biased toward small values.
// Instead the exponent is drawn uniformly from a grid of 2^30 points (relative
// resolution ~1e-8 in λ), unbiased. Left to defaults, λ's pile up on one value —
// with the exponent's natural target 0, on λ = 1, i.e. exactly the threshold
// c = sqrt(λ_W λ_H) = 1 of the MSE theorems.
//
// Shrinking goes toward `simplest` (default 0.01, clamped into the range): a
// typical, well-conditioned weight, far from every threshold.
import fc from 'fast-check';

const GRID = 2 ** 30;

export function logUniform(min: number, max: number, simplest = 0.01): fc.Arbitrary<number> {
  if (!(min > 0) || !(max >= min)) throw new RangeError(`logUniform: need 0 < min ≤ max, got [${min}, ${max}]`);
  const lo = Math.log10(min);
  const hi = Math.log10(max);
  if (hi === lo) return fc.constant(min);
  const center = Math.log10(Math.min(max, Math.max(min, simplest)));
  const step = (hi - lo) / GRID;
  return fc
    .noBias(fc.integer({ min: Math.ceil((lo - center) / step), max: Math.floor((hi - center) / step) }))
    .map((i) => Math.min(max, Math.max(min, 10 ** (center + i * step))));
}
