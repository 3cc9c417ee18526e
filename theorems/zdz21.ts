// ZDZ+21 — Zhu, Ding, Zhou, Li, You, Sulam, Qu, NeurIPS 2021: the regularized
// cross-entropy UFM; every global minimizer is a simplex ETF with self-dual
// classifier. Model and theorem [unverified: recalled statement, confirm against
// the paper]; the closed-form scale and the threshold Kq < 1 are [derived here]
// [numerically checked] (docs/theorems.md §4, ZDZ+21).
//
// Normalization (Zhu): (1/N) Σ CE(W h_{k,i} + b, k) + λ_W/2||W||² + λ_H/2||H||² + λ_b/2||b||², N = Kn.
// q = sqrt(n λ_W λ_H); nonzero iff K q < 1; s = log(1/q − (K − 1)) (the logit margin);
// ρ = ||w_k||² = ((K−1)/K) sqrt(nλ_H/λ_W) s;  W W^T = ρ K/(K−1) (I − J);  h_{k,i} = sqrt(λ_W/(nλ_H)) w_k;
// b = 0 for λ_b > 0;  L* = −log(1 − (K−1)q) + (K−1) q s;  K q ≥ 1: W = H = 0, L = log K.
import fc from 'fast-check';
import {
  balancedRegime,
  centeredBasis,
  centering,
  defineTheorem,
  derived,
  integer,
  logUniform,
  matmul,
  nonNegative,
  positive,
  randomOrthonormalColumns,
  repeatColumns,
  scale,
  transpose,
  unverified,
  zeros, type RegimeOf } from '../src/index.ts';
import { ratioExtremes, samplesAt, twoClasses, weightExtremes, widthAt } from './_boundaries.ts';
import { biasClause, collapseClause, gramClause, minimumClauses, selfDualityClause, zeroSolutionClause } from './_ufm-clauses.ts';

const parameters = {
  K: integer('number of classes', { min: 2, sample: [2, 6] }),
  n: integer('samples per class', { min: 1, sample: [1, 4] }),
  d: integer('feature dimension (hypothesis: d ≥ K − 1)', { min: 1, sample: [2, 10] }),
  lambdaW: positive('λ_W in λ_W/2||W||² (Zhu)', { sample: [1e-3, 0.3] }),
  lambdaH: positive('λ_H in λ_H/2||H||² (Zhu)', { sample: [1e-3, 0.3] }),
  lambdaB: nonNegative('λ_b in λ_b/2||b||²: absent = no bias; > 0 covered (0 leaves b·1 undetermined)', { optional: true }),
};

/** The regime this theorem's parameter specs describe (fixed keys filled in). */
type Regime = RegimeOf<typeof parameters>;

const qOf = (r: Regime) => Math.sqrt(r.n * r.lambdaW * r.lambdaH);

function predict(r: Regime) {
  const q = qOf(r);
  const K = r.K;
  const signal = K * q < 1;
  const margin = signal ? Math.log(1 / q - (K - 1)) : 0;
  const rho = ((K - 1) / K) * Math.sqrt((r.n * r.lambdaH) / r.lambdaW) * margin;
  const alpha = Math.sqrt(r.lambdaW / (r.n * r.lambdaH));
  const etf = scale(centering(K), (rho * K) / (K - 1));
  return {
    q,
    margin,
    rho,
    alpha,
    loss: signal ? -Math.log(1 - (K - 1) * q) + (K - 1) * q * margin : Math.log(K),
    WWt: etf,
    HbarTHbar: scale(etf, alpha * alpha),
    WHbar: scale(etf, alpha),
    b: zeros(K, 1),
  };
}

const signalPresent = (r: Regime): true | string => r.K * qOf(r) < 1 || 'K q ≥ 1: the minimizer is zero';
const inside = fc.oneof(
  balancedRegime({ K: [2, 6], n: [1, 4], widthOffset: [-1, 4], lambdaW: [1e-3, 0.3], lambdaH: [1e-3, 0.3] }),
  balancedRegime({ K: [2, 6], n: [1, 4], widthOffset: [-1, 4], lambdaW: [1e-3, 0.3], lambdaH: [1e-3, 0.3], bias: [1e-3, 1] }),
);

export default defineTheorem({
  id: 'ZDZ+21',
  title: 'Cross-entropy UFM: simplex ETF with self-dual classifier, margin log(1/q − K + 1); zero iff K sqrt(nλ_Wλ_H) ≥ 1',
  citation: 'Zhu, Ding, Zhou, Li, You, Sulam, Qu, NeurIPS 2021 (global minimizers of the CE UFM)',
  provenance: unverified('ZDZ+21 theorem; closed-form scale and threshold derived here'),
  model: 'ufm-ce',
  normalization: '(1/N) Σ CE(W h + b, y) + λ_W/2||W||_F^2 + λ_H/2||H||_F^2 (+ λ_b/2||b||^2), N = Kn',
  parameters,
  hypothesis: {
    text: 'd ≥ K − 1; no bias or λ_b > 0',
    check: (r) => (r.lambdaB === 0 ? 'λ_b = 0: b is determined only up to b·1 (not covered)' : r.d >= r.K - 1 || `d = ${r.d} < K − 1 = ${r.K - 1}`),
  },
  thresholds: [{ name: 'K q = K sqrt(n λ_W λ_H) = 1', value: (r) => r.K * qOf(r), at: 1 }],
  predict,
  minimizer(r, rng) {
    // W = sqrt(ρK/(K−1)) E Q^T (rows a simplex ETF), H̄ = α W^T, b = 0.
    const p = predict(r);
    const Q = randomOrthonormalColumns(r.d, r.K - 1, rng);
    const W = scale(matmul(centeredBasis(r.K), transpose(Q)), Math.sqrt((p.rho * r.K) / (r.K - 1)));
    const blocks = [W, repeatColumns(scale(transpose(W), p.alpha), Array(r.K).fill(r.n))];
    if (r.lambdaB !== undefined) blocks.push(zeros(r.K, 1));
    return blocks;
  },
  clauses: (c) => [
    ...minimumClauses(c, {
      lowerBound: 'f ≥ L* = −log(1 − (K−1)q) + (K−1) q log(1/q − K + 1) (K q < 1), log K otherwise',
      optimal: 'min f = L*',
      attained: 'L-BFGS from random initialization reaches the certified (convex-duality) minimum',
      provenance: derived(),
    }),
    gramClause(c, 'simplex-etf', 'WWt', 'W W^T = ρ K/(K−1) (I − J) with ρ = ||w_k||² = ((K−1)/K) sqrt(nλ_H/λ_W) log(1/q − K + 1): equinorm, centered simplex ETF'),
    selfDualityClause(c, { statement: 'h_{k,i} = sqrt(λ_W/(nλ_H)) w_k: H̄ = α W^T in the same coordinates', featurePerClassifier: (p) => p.alpha }),
    collapseClause(c, { statement: 'NC1: h_{k,1} = … = h_{k,n} (ÑC1 = 0)', when: signalPresent }),
    gramClause(c, 'logit-margin', 'WHbar', 'W H̄ = α ρ K/(K−1)(I − J): every class-mean logit margin z_true − z_other equals log(1/q − (K − 1))', { provenance: derived() }),
    biasClause(c, {
      id: 'bias-zero',
      statement: 'b = 0 when λ_b > 0',
      when: (r) => (r.lambdaB !== undefined && r.lambdaB > 0) || 'no penalized bias in this regime',
    }),
    zeroSolutionClause(c, { statement: 'K q > 1: W = 0 and H = 0 (loss log K)', provenance: derived(), when: (r) => r.K * qOf(r) > 1 || 'K q ≤ 1' }),
    c.stationary('closed-form-stationary', {
      statement: 'the self-dual simplex ETF at scale ρ (random orientation, b = 0) is a critical point with loss L*',
      provenance: derived(),
      when: (r) => r.d >= r.K - 1 || 'needs d ≥ K − 1',
    }),
  ],
  nonClaims: [
    {
      statement: 'for d > K every non-global critical point is a strict saddle (benign landscape)',
      reason: 'a landscape statement [quoted: repository README]; training can only be consistent with it, not test it',
    },
  ],
  regimes: {
    inside,
    near: fc.tuple(inside, logUniform(0.001, 0.02), fc.boolean()).map(([r, size, above]) => {
      const q = (1 + (above ? size : -size)) / r.K;
      return { ...r, lambdaH: (q * q) / (r.n * r.lambdaW) };
    }),
    outside: balancedRegime({ K: [3, 6], n: [1, 4], widthOffset: [-5, -2], lambdaW: [1e-3, 0.3], lambdaH: [1e-3, 0.3] }).filter((r) => r.d >= 1),
  },
  training: { maxIterations: 5000 },
  runs: 200,
  // d = K − 1, d = K, n = 1, K = 2 in both modes; the extremes of the λ ranges inside (λ_W/λ_H over
  // [1e-3, 0.3]: K q ≤ 0.2; λ_b over [1e-3, 1]).
  boundaries: [
    widthAt(-1, { modes: ['inside', 'near'] }),
    widthAt(0, { modes: ['inside', 'near'] }),
    samplesAt(1),
    twoClasses(),
    ...ratioExtremes('lambdaW', 'lambdaH', [1e-3, 0.3], 'λ_W/λ_H'),
    ...weightExtremes('lambdaB', [1e-3, 1], 'λ_b'),
  ],
});
