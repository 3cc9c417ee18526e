// Absolute floors of relative comparisons. A purely relative residual
// |a − b| / max(|a|, |b|) compares round-off with round-off when both sides are
// zero (HPD22 at d = Kn − 1: the least-squares fit interpolates, 1e-15 vs
// 1e-30, "relative error" 1), and an absolute one lets two tiny numbers hide a
// real discrepancy. So every relative comparison divides by the larger of its
// sides and a floor tied to the quantity's natural scale — for a loss in TB22's
// normalization, the loss of the zero predictor: (K − 1)/(2K) with a free bias
// (b = 1_K/K fits the label means), 1/2 without. Two zeros then never fail, and
// a discrepancy is never measured against less than the scale of the problem.

/** |a − b| / max(|a|, |b|, floor): a relative residual that cannot divide round-off by round-off. */
export function relativeResidual(a: number, b: number, floor: number): number {
  if (!(floor > 0)) throw new RangeError(`relativeResidual: the floor must be positive, got ${floor}`);
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor);
}

/**
 * The natural scale of a loss in TB22's normalization 1/(2N)||W H (+ b 1^T) − Y||² + penalties: its value
 * at the zero predictor, (K − 1)/(2K) with a free bias and 1/2 without.
 */
export function lossScale(K: number, bias: boolean): number {
  return bias ? (K - 1) / (2 * K) : 1 / 2;
}
