// The regularized-MSE unconstrained features model in TB22's normalization
// (docs/theorems.md §1.3, first row), generalized to unequal class sizes
// and to an optional bias:
//
//   L(W, H, b) = 1/(2N) ||W H + b 1_N^T − Y||_F² + λ_W/(2K) ||W||_F² + λ_H/(2N) ||H||_F²
//                + λ_b/(2K) ||b||²
//
// with N = Σ_k n_k (= K n when balanced). Regime key lambdaB: absent = no bias,
// 0 = unregularized bias (TB22-B), > 0 = ridge on the bias (DER-RB, TB-style a_b = λ_b).
//
// Gradients, with the residual R = W H + b 1^T − Y:
//   ∇_W = R H^T / N + (λ_W/K) W,   ∇_H = W^T R / N + (λ_H/N) H,   ∇_b = R 1 / N + (λ_b/K) b.
import type { Backend } from '../backend/backend.ts';
import { matmul, sub, transpose, frobeniusNorm, scale, type Mat } from '../linalg/matrix.ts';
import { certifyMseUfm, labelMatrix } from '../certify/mse-nuclear-norm.ts';
import { integer, integerArray, nonNegative, positive } from '../regime/parameters.ts';
import type { Regime } from '../regime/regime.ts';
import { ufmConfig, type UfmConfig } from './ufm-config.ts';
import type { BlockSpec, Model, Objective } from './model.ts';
import { mseFusedObjective } from './ufm-mse-fused.ts';

export const mseUfmParameters = {
  K: integer('number of classes', { min: 2, sample: [2, 8] }),
  n: integer('samples per class (balanced)', { min: 1, optional: true, sample: [1, 8] }),
  classSizes: integerArray('samples in each class (imbalanced); replaces n', { min: 1, optional: true, sample: [1, 8] }),
  d: integer('feature dimension', { min: 1, sample: [2, 16] }),
  lambdaW: positive('weight decay on the classifier W, TB22 normalization λ_W/(2K)'),
  lambdaH: positive('weight decay on the features H, TB22 normalization λ_H/(2N)'),
  lambdaB: nonNegative('bias: absent = none, 0 = unregularized, > 0 = λ_b/(2K)||b||²', { optional: true }),
} as const;

const configOf = (regime: Regime): UfmConfig => ufmConfig(mseUfmParameters, regime, 'model ufm-mse');

function objective<T>(backend: Backend<T>, regime: Regime): Objective<T> {
  const c = configOf(regime);
  const Y = backend.upload(labelMatrix(c.classSizes));
  const hasBias = c.lambdaB !== undefined;
  const lambdaB = c.lambdaB ?? 0;
  const flat = backend.dtype === 'float64' ? mseFusedObjective(c) : undefined;
  const residual = (p: readonly T[]): T => {
    const WH = backend.matmul(p[0], p[1]);
    const fitted = hasBias ? backend.addColumn(WH, p[2]) : WH;
    return backend.sub(fitted, Y);
  };
  const penalty = (p: readonly T[]): number =>
    (c.lambdaW / (2 * c.K)) * backend.sumSquares(p[0]) +
    (c.lambdaH / (2 * c.N)) * backend.sumSquares(p[1]) +
    (hasBias ? (lambdaB / (2 * c.K)) * backend.sumSquares(p[2]) : 0);
  return {
    loss: (p) => backend.sumSquares(residual(p)) / (2 * c.N) + penalty(p),
    lossAndGradient(p) {
      const R = residual(p);
      const loss = backend.sumSquares(R) / (2 * c.N) + penalty(p);
      const gW = backend.axpy(1 / c.N, backend.matmul(R, p[1], { transposeB: true }), backend.scale(p[0], c.lambdaW / c.K));
      const gH = backend.axpy(1 / c.N, backend.matmul(p[0], R, { transposeA: true }), backend.scale(p[1], c.lambdaH / c.N));
      const gradient = [gW, gH];
      if (hasBias) gradient.push(backend.axpy(1 / c.N, backend.rowSums(R), backend.scale(p[2], lambdaB / c.K)));
      return { loss, gradient };
    },
    dispose() {
      backend.dispose(Y);
      flat?.dispose?.();
    },
    flat,
  };
}

export const mseUfm: Model = {
  id: 'ufm-mse',
  title: 'Regularized-MSE unconstrained features model (TB22 normalization), optional bias, any class sizes',
  normalization:
    '1/(2N)||W H + b 1^T − Y||_F^2 + λ_W/(2K)||W||_F^2 + λ_H/(2N)||H||_F^2 (+ λ_b/(2K)||b||^2), N = Σ n_k',
  parameters: mseUfmParameters,
  checkRegime: (regime) => void configOf(regime),
  blocks(regime): BlockSpec[] {
    const c = configOf(regime);
    const blocks: BlockSpec[] = [
      { name: 'W', rows: c.K, cols: c.d, metric: c.K },
      { name: 'H', rows: c.d, cols: c.N, metric: c.N },
    ];
    // The bias block's curvature is exactly 1 + λ_b/K; its inverse is the natural step.
    if (c.lambdaB !== undefined) blocks.push({ name: 'b', rows: c.K, cols: 1, metric: 1 / (1 + c.lambdaB / c.K) });
    return blocks;
  },
  objective,
  view(regime, params) {
    const c = configOf(regime);
    return { W: params[0], H: params[1], b: c.lambdaB === undefined ? undefined : params[2], classSizes: c.classSizes };
  },
  criticalPointResiduals(regime, params) {
    // At any critical point W^T ∇_W − ∇_H H^T = 0, i.e. (λ_W/K) W^T W = (λ_H/N) H H^T.
    const c = configOf(regime);
    const left = scale(matmul(transpose(params[0]), params[0]), c.lambdaW / c.K);
    const right = scale(matmul(params[1], transpose(params[1])), c.lambdaH / c.N);
    const size = Math.max(frobeniusNorm(left), frobeniusNorm(right));
    return { balancedness: size === 0 ? 0 : frobeniusNorm(sub(left, right)) / size };
  },
  certify(regime) {
    const c = configOf(regime);
    return certifyMseUfm(c);
  },
};
