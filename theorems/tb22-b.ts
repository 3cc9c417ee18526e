// TB22-B — regularized-MSE UFM with an unregularized bias: the class means form
// a simplex ETF. Attributed to Tirer & Bruna, ICML 2022 (probably Theorem 3.2):
// that attribution is [unverified: recalled statement, confirm against the
// paper]; the statement and all constants are [derived here] and
// [numerically checked] in docs/theorems.md §3 (TB22-B).
//
// Model, TB22 normalization with a free bias:
//   L(W, H, b) = 1/(2Kn) ||W H + b 1_{Kn}^T − Y||_F² + λ_W/(2K) ||W||_F² + λ_H/(2Kn) ||H||_F²
// Hypothesis: d ≥ K − 1; c := sqrt(λ_W λ_H).
// c < 1: collapse, b = 1_K/K, h̄_G = 0, H̄^T H̄ = ρ (I_K − J), W = sqrt(λ_H/λ_W) H̄^T,
// L* = ((K−1)/K)(c − c²/2). c ≥ 1: W = 0, H = 0, b = 1_K/K, L = (K−1)/(2K).
import {
  balancedRegime,
  centeredBasis,
  centering,
  defineTheorem,
  derived,
  fixed,
  identity,
  integer,
  mat,
  matmul,
  nearThreshold,
  onesProjector,
  positive,
  randomOrthonormalColumns,
  repeatColumns,
  scale,
  add,
  transpose,
  unverified,
  vstack,
  zeros, type RegimeOf } from '../src/index.ts';
import { ratioExtremes, samplesAt, twoClasses, widthAt } from './_boundaries.ts';
import { balancednessClause, biasClause, collapseClause, gramClause, minimumClauses, nccAgreementClause, selfDualityClause, zeroSolutionClause } from './_ufm-clauses.ts';

const parameters = {
  K: integer('number of classes', { min: 2, sample: [2, 8] }),
  n: integer('samples per class', { min: 1, sample: [1, 6] }),
  d: integer('feature dimension (hypothesis: d ≥ K − 1)', { min: 1, sample: [2, 16] }),
  lambdaW: positive('λ_W, weight decay on W in λ_W/(2K)||W||²'),
  lambdaH: positive('λ_H, weight decay on H in λ_H/(2Kn)||H||²'),
  lambdaB: fixed('the bias is present and unregularized', 0),
};

/** The regime this theorem's parameter specs describe (fixed keys filled in). */
type Regime = RegimeOf<typeof parameters>;

const cOf = (r: Regime): number => Math.sqrt(r.lambdaW * r.lambdaH);
const kappaOf = (r: Regime): number => Math.sqrt(r.lambdaH / r.lambdaW);

function predict(r: Regime) {
  const c = cOf(r);
  const signal = Math.max(0, 1 - c);
  const rho = signal * Math.sqrt(r.lambdaW / r.lambdaH);
  const P = centering(r.K); // I_K − J: the free bias absorbs the all-ones direction of I_K
  const J = onesProjector(r.K);
  return {
    c,
    rho,
    kappa: kappaOf(r),
    loss: ((r.K - 1) / r.K) * (c <= 1 ? c - (c * c) / 2 : 0.5),
    b: mat(r.K, 1, new Float64Array(r.K).fill(1 / r.K)),
    HbarTHbar: scale(P, rho),
    WWt: scale(P, kappaOf(r) * signal),
    WHbar: scale(P, signal),
    logitMeans: add(scale(identity(r.K), signal), scale(J, 1 - signal)),
    WnormSq: (r.K - 1) * signal * kappaOf(r),
    HnormSq: r.n * (r.K - 1) * rho,
  };
}

const signalPresent = (r: Regime): true | string => cOf(r) < 1 || 'c ≥ 1: the minimizer has W = 0 and H = 0';

export default defineTheorem({
  id: 'TB22-B',
  title: 'MSE UFM with unregularized bias: centered class means form a simplex ETF; zero above c = 1',
  citation: 'Tirer & Bruna, ICML 2022 (bias theorem, probably Theorem 3.2)',
  provenance: unverified('TB22, probably Thm 3.2'),
  model: 'ufm-mse',
  normalization: '1/(2Kn)||WH + b 1^T − Y||_F^2 + λ_W/(2K)||W||_F^2 + λ_H/(2Kn)||H||_F^2, b unpenalized',
  parameters,
  hypothesis: {
    text: 'd ≥ K − 1; λ_W, λ_H > 0 (c = sqrt(λ_W λ_H))',
    check: (r) => r.d >= r.K - 1 || `d = ${r.d} < K − 1 = ${r.K - 1}`,
  },
  thresholds: [{ name: 'c = sqrt(λ_W λ_H) = 1', value: cOf, at: 1 }],
  predict,
  minimizer(r, rng) {
    // H̄ = sqrt(ρ) Q E^T with E an orthonormal basis of 1^⊥, so H̄^T H̄ = ρ (I − J); W = κ H̄^T; b = 1/K.
    const p = predict(r);
    const Q = randomOrthonormalColumns(r.d, r.K - 1, rng);
    const Hbar = scale(matmul(Q, transpose(centeredBasis(r.K))), Math.sqrt(p.rho));
    return [scale(transpose(Hbar), p.kappa), repeatColumns(Hbar, Array(r.K).fill(r.n)), p.b];
  },
  clauses: (c) => [
    ...minimumClauses(c, {
      lowerBound: 'L(W, H, b) ≥ L* = ((K−1)/K)(c − c²/2) for c ≤ 1 and (K−1)/(2K) for c ≥ 1',
      optimal: 'min L = ((K−1)/K)(c − c²/2) (c ≤ 1), (K−1)/(2K) (c ≥ 1)',
      provenance: derived(),
    }),
    collapseClause(c, { statement: 'h_{k,1} = … = h_{k,n} (ÑC1 = 0)', provenance: derived(), when: signalPresent }),
    biasClause(c, { statement: 'b = 1_K / K', provenance: derived() }),
    c.equality('centered-features', {
      statement: 'h̄_G = 0: the class means are centered',
      provenance: derived(),
      predicted: (_p, r) => zeros(r.d, 1),
      measured: (m) => m.globalMean,
    }),
    gramClause(c, 'simplex-etf', 'HbarTHbar', 'H̄^T H̄ = ρ (I_K − J): ||h̄_k||² = ρ(K−1)/K and cos(h̄_k, h̄_k′) = −1/(K−1)', { provenance: derived() }),
    gramClause(c, 'classifier-gram', 'WWt', 'W W^T = sqrt(λ_H/λ_W) (1 − c)_+ (I_K − J)', { provenance: derived() }),
    selfDualityClause(c, { statement: 'W = sqrt(λ_H/λ_W) H̄^T in the same coordinates', provenance: derived(), classifierPerFeature: (p) => p.kappa }),
    c.equality('logits', {
      statement: 'W H̄ = (1 − c)_+ (I_K − J) and W H + b 1^T = (1 − c) Y + (c/K) 1 1^T',
      provenance: derived(),
      predicted: (p) => vstack(p.WHbar, p.logitMeans),
      measured: (m) => vstack(m.WHbar, m.logitMeans),
    }),
    balancednessClause(c, { provenance: derived() }),
    c.equality('norms', {
      statement: '||W||² = (K−1)(1 − c)_+ sqrt(λ_H/λ_W) and ||H||² = n (K−1) ρ',
      tolerance: 'scalar',
      provenance: derived(),
      predicted: (p) => mat(1, 2, [p.WnormSq, p.HnormSq]),
      measured: (m) => mat(1, 2, [m.WnormSq, m.HnormSq]),
    }),
    c.equality('phd-nc3', {
      statement: "PHD20's NC3 = 0: W aligns with the centered means (they are the uncentered ones here)",
      tolerance: 'scalar',
      provenance: derived(),
      when: signalPresent,
      predicted: () => 0,
      measured: (m) => m.phdNc3,
    }),
    nccAgreementClause(c, { provenance: derived(), when: signalPresent }),
    zeroSolutionClause(c, { statement: 'c > 1: W = 0 and H = 0 (b = 1_K/K)', provenance: derived(), when: (r) => cOf(r) > 1 || 'c ≤ 1: the minimizer is not zero' }),
    c.stationary('closed-form-stationary', {
      statement: 'H̄ = sqrt(ρ) Q E^T (E spans 1^⊥), W = κ H̄^T, b = 1_K/K is a critical point with loss L*',
      provenance: derived(),
      when: (r) => r.d >= r.K - 1 || 'the closed-form minimizer needs d ≥ K − 1',
    }),
  ],
  regimes: {
    inside: balancedRegime({ widthOffset: [-1, 8], bias: 'free' }),
    near: nearThreshold({
      base: balancedRegime({ widthOffset: [-1, 8], bias: 'free' }),
      at: 1,
      place: (r, c) => ({ ...r, lambdaH: (c * c) / r.lambdaW }),
    }),
    outside: balancedRegime({ K: [3, 8], widthOffset: [-7, -2], bias: 'free' }),
  },
  boundaries: [
    widthAt(-1, { modes: ['inside', 'near'] }),
    widthAt(0, { modes: ['inside', 'near'] }),
    samplesAt(1, { modes: ['inside', 'near'] }),
    twoClasses({ modes: ['inside', 'near'] }),
    ...ratioExtremes('lambdaW', 'lambdaH', [1e-3, 10], 'λ_W/λ_H'),
  ],
});
