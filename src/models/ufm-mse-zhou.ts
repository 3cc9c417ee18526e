// The regularized-MSE UFM in the Zhu'21 / Zhou'22 normalization (ZDZ+22, DTO+23):
//
//   1/(2N) ||W H + b 1^T − Y||_F² + λ_W/2 ||W||_F² + λ_H/2 ||H||_F² (+ λ_b/2 ||b||²),   N = Σ n_k,
//
// obtained from ufm-mse (TB22 normalization) by the §1.3 conversion, not by a
// copy: both have the fit term 1/(2N)||·||², so matching the penalties gives
// λ_W^TB = K λ_W, λ_H^TB = N λ_H, λ_b^TB = K λ_b (for balanced classes, N = Kn:
// the table's a_W = K λ_W, a_H = K n λ_H, a_b = K λ_b).
import { integer, integerArray, nonNegative, positive } from '../regime/parameters.ts';
import { classSizesOf, type Regime } from '../regime/regime.ts';
import { renormalized } from './renormalized.ts';
import { mseUfm } from './ufm-mse.ts';

export const zhouMseParameters = {
  K: integer('number of classes', { min: 2, sample: [2, 8] }),
  n: integer('samples per class (balanced)', { min: 1, optional: true, sample: [1, 6] }),
  classSizes: integerArray('samples in each class (imbalanced); replaces n', { min: 1, optional: true, sample: [1, 8] }),
  d: integer('feature dimension', { min: 1, sample: [2, 16] }),
  lambdaW: positive('weight decay on W in λ_W/2||W||² (Zhu/Zhou normalization)', { sample: [1e-4, 1e-1] }),
  lambdaH: positive('weight decay on H in λ_H/2||H||² (Zhu/Zhou normalization)', { sample: [1e-4, 1e-1] }),
  lambdaB: nonNegative('bias: absent = none, 0 = unregularized, > 0 = λ_b/2||b||² (Zhu/Zhou)', { optional: true, sample: [1e-3, 1] }),
} as const;

/** §1.3: the same objective in ufm-mse's TB22 keys. */
export function zhouToTb22(r: Regime): Regime {
  const K = r.K as number;
  const N = classSizesOf(r).reduce((s, v) => s + v, 0);
  const out: Record<string, unknown> = { ...r, lambdaW: K * (r.lambdaW as number), lambdaH: N * (r.lambdaH as number) };
  if (r.lambdaB !== undefined) out.lambdaB = K * (r.lambdaB as number);
  return out as Regime;
}

export const zhouMseUfm = renormalized(mseUfm, {
  id: 'ufm-mse-zhou',
  title: 'Regularized-MSE UFM in the Zhu/Zhou normalization (ufm-mse through the §1.3 conversion)',
  normalization: '1/(2N)||W H + b 1^T − Y||_F^2 + λ_W/2||W||_F^2 + λ_H/2||H||_F^2 (+ λ_b/2||b||^2), N = Σ n_k',
  parameters: zhouMseParameters,
  toBase: zhouToTb22,
});
