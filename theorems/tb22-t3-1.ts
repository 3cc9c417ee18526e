// TB22-T3.1 — Tirer & Bruna, "Extended Unconstrained Features Model for
// Exploring Deep Neural Collapse", ICML 2022, Theorem 3.1, as restated verbatim
// by Tirer, Huang & Niles-Weed (ICML 2023), Theorem 2.1 (docs/theorems.md §3).
//
// Bias-free regularized-MSE UFM, TB22 normalization:
//   L(W, H) = 1/(2Kn) ||W H − Y||_F² + λ_W/(2K) ||W||_F² + λ_H/(2Kn) ||H||_F²
// Hypothesis: d ≥ K, λ_W, λ_H > 0; c := sqrt(λ_W λ_H).
// c < 1: collapse, H̄^T H̄ = ρ I_K with ρ = (1 − c) sqrt(λ_W/λ_H), w_k = sqrt(λ_H/λ_W) h̄_k — an
// orthogonal frame, not a simplex ETF. c > 1: (W, H) = (0, 0).
import {
  balancedRegime,
  centering,
  defineTheorem,
  derived,
  identity,
  integer,
  mat,
  nearThreshold,
  positive,
  randomOrthonormalColumns,
  repeatColumns,
  restated,
  scale,
  transpose, type RegimeOf } from '../src/index.ts';
import { ratioExtremes, samplesAt, twoClasses, widthAt } from './_boundaries.ts';
import { balancednessClause, collapseClause, gramClause, minimumClauses, nccAgreementClause, selfDualityClause, zeroSolutionClause } from './_ufm-clauses.ts';

const parameters = {
  K: integer('number of classes', { min: 2, sample: [2, 8] }),
  n: integer('samples per class', { min: 1, sample: [1, 6] }),
  d: integer('feature dimension (hypothesis: d ≥ K)', { min: 1, sample: [2, 16] }),
  lambdaW: positive('λ_W, weight decay on W in λ_W/(2K)||W||²'),
  lambdaH: positive('λ_H, weight decay on H in λ_H/(2Kn)||H||²'),
};

/** The regime this theorem's parameter specs describe (fixed keys filled in). */
type Regime = RegimeOf<typeof parameters>;

const cOf = (r: Regime): number => Math.sqrt(r.lambdaW * r.lambdaH);
/** Classifier-to-feature ratio of the minimizer: w_k = κ h̄_k. */
const kappaOf = (r: Regime): number => Math.sqrt(r.lambdaH / r.lambdaW);

function predict(r: Regime) {
  const c = cOf(r);
  const signal = Math.max(0, 1 - c); // (1 − c)_+: the singular value of W H̄ after soft-thresholding
  const rho = signal * Math.sqrt(r.lambdaW / r.lambdaH);
  const I = identity(r.K);
  return {
    c,
    rho,
    kappa: kappaOf(r),
    loss: c <= 1 ? c - (c * c) / 2 : 0.5,
    HbarTHbar: scale(I, rho),
    WWt: scale(I, kappaOf(r) * signal),
    WHbar: scale(I, signal),
    MbarTMbar: scale(centering(r.K), rho),
    globalMeanNormSq: rho / r.K,
    WnormSq: r.K * signal * kappaOf(r),
    HnormSq: r.n * r.K * rho,
    phdNc3: 2 - 2 * Math.sqrt((r.K - 1) / r.K),
  };
}

const signalPresent = (r: Regime): true | string => cOf(r) < 1 || 'c ≥ 1: the minimizer is zero, so there is no geometry to check';

export default defineTheorem({
  id: 'TB22-T3.1',
  title: 'Bias-free MSE UFM: minimizers form an orthogonal frame; zero above c = 1',
  citation: 'Tirer & Bruna, ICML 2022, Theorem 3.1 (restated as THN23 Theorem 2.1)',
  provenance: restated('THN23 Thm 2.1'),
  model: 'ufm-mse',
  normalization: '1/(2Kn)||WH − Y||_F^2 + λ_W/(2K)||W||_F^2 + λ_H/(2Kn)||H||_F^2',
  parameters,
  hypothesis: {
    text: 'd ≥ K; λ_W, λ_H > 0 (c = sqrt(λ_W λ_H))',
    check: (r) => r.d >= r.K || `d = ${r.d} < K = ${r.K}`,
  },
  thresholds: [{ name: 'c = sqrt(λ_W λ_H) = 1', value: cOf, at: 1 }],
  predict,
  minimizer(r, rng) {
    // THN23: for any R with R^T R = I_K, H = sqrt(ρ) R ⊗ 1_n^T and W = κ sqrt(ρ) R^T minimize.
    const { rho, kappa } = predict(r);
    const R = randomOrthonormalColumns(r.d, r.K, rng);
    const Hbar = scale(R, Math.sqrt(rho));
    return [scale(transpose(Hbar), kappa), repeatColumns(Hbar, Array(r.K).fill(r.n))];
  },
  clauses: (c) => [
    ...minimumClauses(c, {
      lowerBound: 'L(W, H) ≥ L* = c − c²/2 for c ≤ 1 and 1/2 for c ≥ 1, for every (W, H)',
      optimal: 'min L = c − c²/2 (c ≤ 1), 1/2 (c ≥ 1)',
      provenance: derived(),
    }),
    collapseClause(c, { statement: 'h_{k,1} = … = h_{k,n} (ÑC1 = Tr Σ_W / Tr Σ_B = 0)', when: signalPresent }),
    gramClause(c, 'orthogonal-frame', 'HbarTHbar', 'H̄^T H̄ = ρ I_K, ρ = (1 − c) sqrt(λ_W/λ_H) (so ||h̄_k||² = ρ)'),
    selfDualityClause(c, {
      statement: 'w_k = sqrt(λ_H/λ_W) h̄_k, i.e. W − κ H̄^T = 0 in the same coordinates',
      classifierPerFeature: (p) => p.kappa,
    }),
    zeroSolutionClause(c, { statement: 'c > 1: (W, H) = (0, 0)', when: (r) => cOf(r) > 1 || 'c ≤ 1: the minimizer is not zero' }),
    gramClause(c, 'classifier-gram', 'WWt', 'W W^T = sqrt(λ_H/λ_W) (1 − c)_+ I_K (orthogonal frame, not a simplex ETF)', { provenance: derived() }),
    gramClause(c, 'logits', 'WHbar', 'W H̄ = (1 − c)_+ I_K, so W H = (1 − c)_+ Y', { provenance: derived() }),
    balancednessClause(c, { provenance: derived() }),
    c.equality('norms', {
      statement: '||W||² = K (1 − c)_+ sqrt(λ_H/λ_W) and ||H||² = n K ρ',
      tolerance: 'scalar',
      provenance: derived(),
      predicted: (p) => mat(1, 2, [p.WnormSq, p.HnormSq]),
      measured: (m) => mat(1, 2, [m.WnormSq, m.HnormSq]),
    }),
    c.equality('global-mean', {
      statement: '||h̄_G||² = ρ/K ≠ 0: the uncentered means do not sum to zero',
      tolerance: 'scalar',
      provenance: derived(),
      predicted: (p) => p.globalMeanNormSq,
      measured: (m) => m.globalMeanNormSq,
    }),
    gramClause(c, 'centered-simplex-etf', 'MbarTMbar', 'Ṁ^T Ṁ = ρ (I_K − J): the centered means form a simplex ETF', { provenance: derived() }),
    c.equality('phd-nc3', {
      statement: "PHD20's NC3 = 2 − 2 sqrt((K−1)/K), not 0 (W aligns with the uncentered means)",
      tolerance: 'scalar',
      provenance: derived(),
      when: signalPresent,
      predicted: (p) => p.phdNc3,
      measured: (m) => m.phdNc3,
    }),
    nccAgreementClause(c, { provenance: derived(), when: signalPresent }),
    c.stationary('closed-form-stationary', {
      statement: 'H = sqrt(ρ) R ⊗ 1_n^T, W = κ sqrt(ρ) R^T (any R^T R = I_K) is a critical point with loss L*',
      when: (r) => r.d >= r.K || 'the closed-form minimizer needs d ≥ K',
    }),
  ],
  regimes: {
    inside: balancedRegime({ widthOffset: [0, 8] }),
    near: nearThreshold({
      base: balancedRegime({ widthOffset: [0, 8] }),
      at: 1,
      place: (r, c) => ({ ...r, lambdaH: (c * c) / r.lambdaW }),
    }),
    outside: balancedRegime({ K: [2, 8], widthOffset: [-7, -1] }),
  },
  // d = K, n = 1 and K = 2 in every mode where the hypothesis holds (c is unchanged); the λ ratio extremes
  // of the range [1e-3, 10] (c = 0.1) inside.
  boundaries: [
    widthAt(0, { modes: ['inside', 'near'] }),
    samplesAt(1, { modes: ['inside', 'near'] }),
    twoClasses({ modes: ['inside', 'near'] }),
    ...ratioExtremes('lambdaW', 'lambdaH', [1e-3, 10], 'λ_W/λ_H'),
  ],
});
