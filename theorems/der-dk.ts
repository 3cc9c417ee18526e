// DER-dK — the bias-free MSE UFM with fewer feature dimensions than classes
// (d < K): the logits are (1 − c) times a rank-d orthogonal projector, and the
// minimizer is not unique (a Grassmannian of choices). [derived here]
// [numerically checked] in docs/theorems.md §3 (DER-dK).
//
// Normalization (TB22): L = 1/(2Kn)||WH (+ b1^T) − Y||² + λ_W/(2K)||W||² + λ_H/(2Kn)||H||²
// c = sqrt(λ_W λ_H) < 1:  Z = W H̄ = (1 − c) P, P any rank-d orthogonal projector (P ⊂ 1^⊥ with a
// free bias, d < K − 1); H̄^T H̄ = ρ P, W W^T = sqrt(λ_H/λ_W)(1 − c) P;
// L* = (1/K)[(K − d)/2 + d(c − c²/2)]  (free bias: (K − 1 − d)/2 in place of (K − d)/2).
// Only what the minimizer set determines is compared: eigenvalues, the projector identity, losses.
import { add, balancedRegime, defineTheorem, derived, integer, mat, matmul, nearThreshold, nonNegative, positive, scale, sub, symmetricEigen, transpose, zeros, type Mat, type RegimeOf } from '../src/index.ts';
import { ratioExtremes, samplesAt } from './_boundaries.ts';
import { collapseClause, minimumClauses } from './_ufm-clauses.ts';
import fc from 'fast-check';

const parameters = {
  K: integer('number of classes', { min: 2, sample: [3, 8] }),
  n: integer('samples per class', { min: 1, sample: [1, 6] }),
  d: integer('feature dimension (hypothesis: d < K, or d < K − 1 with a bias)', { min: 1, sample: [1, 7] }),
  lambdaW: positive('λ_W in λ_W/(2K)||W||²'),
  lambdaH: positive('λ_H in λ_H/(2Kn)||H||²'),
  lambdaB: nonNegative('classifier bias: absent = none, 0 = unregularized (the only kind covered)', { optional: true }),
};

/** The regime this theorem's parameter specs describe (fixed keys filled in). */
type Regime = RegimeOf<typeof parameters>;

const cOf = (r: Regime) => Math.sqrt(r.lambdaW * r.lambdaH);
const available = (r: Regime) => (r.lambdaB === undefined ? r.K : r.K - 1);

function predict(r: Regime) {
  const c = cOf(r);
  const signal = Math.max(0, 1 - c);
  const eig = mat(1, r.K);
  for (let i = 0; i < r.d; i++) eig.data[i] = signal;
  const perDirection = c < 1 ? c - (c * c) / 2 : 0.5;
  return {
    c,
    signal,
    /** Eigenvalues of W H̄, descending: 1 − c (d times), then 0. */
    eigWHbar: eig,
    loss: ((available(r) - r.d) / 2 + r.d * perDirection) / r.K,
    rho: signal * Math.sqrt(r.lambdaW / r.lambdaH),
  };
}

/** Eigenvalues (descending) of the symmetric part of Z; the projector clause checks Z is symmetric. */
const eigenvalues = (Z: Mat): Mat => mat(1, Z.rows, symmetricEigen(scale(add(Z, transpose(Z)), 0.5)).values);

const signalPresent = (r: Regime): true | string => cOf(r) < 1 || 'c ≥ 1: the minimizer is zero';

export default defineTheorem({
  id: 'DER-dK',
  title: 'Bias-free MSE UFM with d < K: logits (1 − c) × a rank-d projector; L* = (1/K)[(K − d)/2 + d(c − c²/2)]; non-unique minimizer',
  citation: 'docs/theorems.md §3 DER-dK (derived here)',
  provenance: derived('docs/theorems.md §3 DER-dK, numerically checked'),
  model: 'ufm-mse',
  normalization: '1/(2Kn)||WH (+ b1^T) − Y||_F^2 + λ_W/(2K)||W||_F^2 + λ_H/(2Kn)||H||_F^2, b free',
  parameters,
  hypothesis: {
    text: 'd < K (d < K − 1 with a free bias); c = sqrt(λ_W λ_H) < 1; no bias or an unregularized one',
    check: (r) => {
      if (r.lambdaB !== undefined && r.lambdaB !== 0) return `lambdaB = ${r.lambdaB}: only a free bias is covered`;
      if (r.d >= available(r)) return `d = ${r.d} ≥ ${available(r)}: the rank is not limited`;
      return cOf(r) < 1 || `c = ${cOf(r)} ≥ 1: the formulas are stated for c < 1`;
    },
  },
  thresholds: [{ name: 'c = sqrt(λ_W λ_H) = 1', value: cOf, at: 1 }],
  predict,
  clauses: (c) => [
    ...minimumClauses(c, {
      lowerBound: 'L ≥ (1/K)[(K − d)/2 + d(c − c²/2)]',
      optimal: 'L* = (1/K)[(K − d)/2 + d(c − c²/2)] ((K − 1 − d)/2 with a free bias)',
      attained: 'training reaches the certified global minimum',
    }),
    c.equality('logit-spectrum', {
      statement: 'eig(W H̄) = {1 − c (d times), 0 (K − d times)}',
      predicted: (p) => p.eigWHbar,
      measured: (m) => eigenvalues(m.WHbar),
    }),
    c.equality('rank-d-projector', {
      statement: 'Z = W H̄ is symmetric with Z² = (1 − c) Z: (1 − c) times an orthogonal projector',
      when: signalPresent,
      predicted: (_p, r) => zeros(2 * r.K, r.K),
      measured: (m, p) => {
        const Z = m.WHbar;
        const both = mat(2 * Z.rows, Z.cols);
        both.data.set(sub(Z, transpose(Z)).data, 0);
        both.data.set(sub(matmul(Z, Z), scale(Z, p.signal)).data, Z.data.length);
        return both;
      },
    }),
    c.equality('feature-gram', {
      statement: 'H̄^T H̄ = ρ P = sqrt(λ_W/λ_H) W H̄ (same projector)',
      predicted: (_p, r) => zeros(r.K, r.K),
      measured: (m, _p, r) => sub(m.HbarTHbar, scale(m.WHbar, Math.sqrt(r.lambdaW / r.lambdaH))),
    }),
    c.equality('classifier-gram', {
      statement: 'W W^T = sqrt(λ_H/λ_W)(1 − c) P = sqrt(λ_H/λ_W) W H̄',
      predicted: (_p, r) => zeros(r.K, r.K),
      measured: (m, _p, r) => sub(m.WWt, scale(m.WHbar, Math.sqrt(r.lambdaH / r.lambdaW))),
    }),
    collapseClause(c, { when: signalPresent }),
  ],
  nonClaims: [
    {
      statement: 'which classes receive the d directions (individual class means or classifier rows)',
      reason: 'the minimizer is a whole Grassmannian of rank-d projectors; only eigenvalues, the projector identity and the loss are determined (§3 DER-dK)',
    },
  ],
  regimes: {
    inside: fc.oneof(balancedRegime({ K: [3, 8], widthOffset: [-6, -1] }), balancedRegime({ K: [3, 8], widthOffset: [-6, -2], bias: 'free' })).filter((r) => r.d >= 1 && cOf(r as Regime) < 0.98),
    // The hypothesis (and the closed forms) stop at c < 1, so the 2% band is sampled from below only:
    // a draw above the threshold is mirrored to c = 1 − δ.
    near: nearThreshold({
      base: fc.oneof(balancedRegime({ K: [2, 8], widthOffset: [-6, -1] }), balancedRegime({ K: [3, 8], widthOffset: [-6, -2], bias: 'free' })).filter((r) => r.d >= 1),
      at: 1,
      place: (r, c) => ({ ...r, lambdaH: Math.min(c, 2 - c) ** 2 / r.lambdaW }),
    }),
    outside: balancedRegime({ K: [2, 6], widthOffset: [0, 4] }).filter((r) => cOf(r as Regime) < 0.98),
  },
  // The rank edges d = K − 1 (no bias) and d = K − 2 (free bias), d = 1, K = 2 (d = 1, no bias), n = 1, and
  // the λ_W/λ_H extremes of [1e-3, 1] (c = 0.03).
  boundaries: [
    { name: 'd = K − 1 (no bias)', place: ({ lambdaB: _b, ...r }) => ({ ...r, d: (r.K as number) - 1 }), on: (r) => r.lambdaB === undefined && r.d === r.K - 1 },
    { name: 'd = K − 2 (free bias)', place: (r) => ({ ...r, K: Math.max(3, r.K), d: Math.max(3, r.K) - 2, lambdaB: 0 }), on: (r) => r.lambdaB === 0 && r.d === r.K - 2 },
    { name: 'd = 1', place: (r) => ({ ...r, d: 1 }), on: (r) => r.d === 1 },
    { name: 'K = 2 (d = 1, no bias)', place: ({ lambdaB: _b, ...r }) => ({ ...r, K: 2, d: 1 }), on: (r) => r.K === 2 },
    samplesAt(1),
    ...ratioExtremes('lambdaW', 'lambdaH', [1e-3, 1], 'λ_W/λ_H'),
  ],
});
