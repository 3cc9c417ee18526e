// The regularized cross-entropy unconstrained features model in the Zhu/Zhou
// normalization (docs/theorems.md §4, ZDZ+21):
//
//   f(W, H, b) = (1/N) Σ_{k,i} CE(W h_{k,i} + b, k) + λ_W/2 ||W||_F² + λ_H/2 ||H||_F² + λ_b/2 ||b||²,
//   CE(z, k) = log Σ_j e^{z_j} − z_k,   N = Σ n_k.
//
// Regime keys lambdaW, lambdaH, lambdaB in this normalization (lambdaB absent =
// no bias, 0 = unregularized, > 0 = ridge). Gradients, with Z = W H + b 1^T and
// the column-wise softmax P:
//   ∇_W = (P − Y) H^T / N + λ_W W,  ∇_H = W^T (P − Y) / N + λ_H H,  ∇_b = (P − Y) 1 / N + λ_b b.
import type { Backend } from '../backend/backend.ts';
import { frobeniusNorm, mat, matmul, scale, sub, transpose } from '../linalg/matrix.ts';
import { certifyCeUfm } from '../certify/ce-nuclear-norm.ts';
import { cpuF64 } from '../backend/cpu-f64.ts';
import { minimizeLbfgs } from '../train/lbfgs.ts';
import { labelMatrix } from '../certify/mse-nuclear-norm.ts';
import { integer, integerArray, nonNegative, positive } from '../regime/parameters.ts';
import type { Regime } from '../regime/regime.ts';
import { ufmConfig, type UfmConfig } from './ufm-config.ts';
import type { BlockSpec, Model, Objective } from './model.ts';
import { deepFusedObjective } from './ufm-deep-fused.ts';

export const ceUfmParameters = {
  K: integer('number of classes', { min: 2, sample: [2, 6] }),
  n: integer('samples per class (balanced)', { min: 1, optional: true, sample: [1, 4] }),
  classSizes: integerArray('samples in each class (imbalanced); replaces n', { min: 1, optional: true, sample: [1, 4] }),
  d: integer('feature dimension', { min: 1, sample: [2, 12] }),
  lambdaW: positive('weight decay on W in λ_W/2||W||² (Zhu/Zhou normalization)', { sample: [1e-3, 0.1] }),
  lambdaH: positive('weight decay on H in λ_H/2||H||² (Zhu/Zhou normalization)', { sample: [1e-3, 0.1] }),
  lambdaB: nonNegative('bias: absent = none, 0 = unregularized, > 0 = λ_b/2||b||²', { optional: true, sample: [1e-3, 0.1] }),
} as const;

const configOf = (regime: Regime): UfmConfig => ufmConfig(ceUfmParameters, regime, 'model ufm-ce');

function objective<T>(backend: Backend<T>, regime: Regime): Objective<T> {
  const c = configOf(regime);
  const Y = backend.upload(labelMatrix(c.classSizes));
  const ones = backend.upload(mat(1, c.N, new Float64Array(c.N).fill(1)));
  const hasBias = c.lambdaB !== undefined;
  const lambdaB = c.lambdaB ?? 0;
  const logits = (p: readonly T[]): T => {
    const WH = backend.matmul(p[0], p[1]);
    return hasBias ? backend.addColumn(WH, p[2]) : WH;
  };
  // (1/N) Σ_j [lse(z_j) − z_{y_j, j}] = (1^T lse(Z) − <Y, Z>) / N.
  const dataTerm = (Z: T): number => (backend.dot(backend.logSumExpColumns(Z), ones) - backend.dot(Y, Z)) / c.N;
  const penalty = (p: readonly T[]): number =>
    (c.lambdaW / 2) * backend.sumSquares(p[0]) +
    (c.lambdaH / 2) * backend.sumSquares(p[1]) +
    (hasBias ? (lambdaB / 2) * backend.sumSquares(p[2]) : 0);
  return {
    loss: (p) => dataTerm(logits(p)) + penalty(p),
    lossAndGradient(p) {
      const Z = logits(p);
      const loss = dataTerm(Z) + penalty(p);
      const G = backend.scale(backend.sub(backend.softmaxColumns(Z), Y), 1 / c.N);
      const gradient = [
        backend.axpy(1, backend.matmul(G, p[1], { transposeB: true }), backend.scale(p[0], c.lambdaW)),
        backend.axpy(1, backend.matmul(p[0], G, { transposeA: true }), backend.scale(p[1], c.lambdaH)),
      ];
      if (hasBias) gradient.push(backend.axpy(1, backend.rowSums(G), backend.scale(p[2], lambdaB)));
      return { loss, gradient };
    },
    dispose: () => {
      backend.dispose(Y);
      backend.dispose(ones);
    },
    // The same arithmetic without the per-kernel overhead, bit for bit: the one-layer linear
    // cross-entropy case of ufm-deep-fused.ts on this model's block order [W | H | b].
    flat:
      backend.dtype === 'float64'
        ? deepFusedObjective({ K: c.K, classSizes: c.classSizes, N: c.N, d: c.d, L: 1, lambdaH: c.lambdaH, lambdaW: [c.lambdaW], lambdaB: c.lambdaB }, 'linear', 'ce', 'weights-first')
        : undefined,
  };
}

export const ceUfm: Model = {
  id: 'ufm-ce',
  title: 'Regularized cross-entropy UFM (Zhu/Zhou normalization), optional bias, any class sizes',
  normalization: '(1/N) Σ_{k,i} CE(W h_{k,i} + b, k) + λ_W/2||W||_F^2 + λ_H/2||H||_F^2 (+ λ_b/2||b||^2), N = Σ n_k',
  parameters: ceUfmParameters,
  checkRegime: (regime) => void configOf(regime),
  blocks(regime): BlockSpec[] {
    const c = configOf(regime);
    // The fit is an average over N samples: H's gradient carries 1/N per column, W's does not.
    const blocks: BlockSpec[] = [
      { name: 'W', rows: c.K, cols: c.d, metric: 1 },
      { name: 'H', rows: c.d, cols: c.N, metric: c.N },
    ];
    if (c.lambdaB !== undefined) blocks.push({ name: 'b', rows: c.K, cols: 1, metric: 1 / (1 + c.lambdaB) });
    return blocks;
  },
  objective,
  view(regime, params) {
    const c = configOf(regime);
    return { W: params[0], H: params[1], b: c.lambdaB === undefined ? undefined : params[2], classSizes: c.classSizes };
  },
  criticalPointResiduals(regime, params) {
    // W^T ∇_W − ∇_H H^T = λ_W W^T W − λ_H H H^T at any critical point.
    const c = configOf(regime);
    const left = scale(matmul(transpose(params[0]), params[0]), c.lambdaW);
    const right = scale(matmul(params[1], transpose(params[1])), c.lambdaH);
    const size = Math.max(frobeniusNorm(left), frobeniusNorm(right));
    return { balancedness: size === 0 ? 0 : frobeniusNorm(sub(left, right)) / size };
  },
  certify(regime) {
    const c = configOf(regime);
    const certificate = certifyCeUfm(c);
    if (certificate === undefined) return undefined;
    // A duality gap of 1e-13 pins the loss, but the minimizer's entries only to ~sqrt(gap/curvature).
    // Polishing it with L-BFGS on this model's own objective can only lower the loss (so it stays
    // within the gap of the global minimum) and makes the point a critical point to 1e-14, as
    // accurate as a trained restart: Gram-level clauses then compare like with like.
    const objective = this.objective(cpuF64, regime);
    const polished = minimizeLbfgs(cpuF64, objective, certificate.minimizer, this.blocks(regime).map((b) => b.metric), {
      gradientTolerance: 1e-14,
      maxIterations: 2000,
    });
    // Up to rounding of the loss evaluation (~1e-15 here), far below the 1e-10 loss tolerance.
    if (!(polished.loss <= certificate.loss + 1e-13 * Math.max(1, certificate.loss))) return certificate;
    return { ...certificate, minimizer: polished.params, method: `${certificate.method}; minimizer polished by L-BFGS on the model (||∇L||_P = ${polished.gradNorm.toExponential(1)})` };
  },
};
