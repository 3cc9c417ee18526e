// ZDZ+22 — Zhou, Li, Ding, You, Qu, Zhu, ICML 2022: the MSE UFM with a bias;
// simplex ETFs are the only global minimizers [quoted: repository README]. The
// model's normalization is [unverified: recalled statement, confirm against the
// paper]; the closed form is [derived here][numerically checked] through the
// §1.3 map (docs/theorems.md §4, ZDZ+22).
//
// Normalization (Zhu/Zhou): 1/(2N)||WH + b1^T − Y||² + λ_W/2||W||² + λ_H/2||H||² (+ λ_b/2||b||²),
// run on ufm-mse-zhou = ufm-mse through the §1.3 conversion. c' = K sqrt(n λ_W λ_H), a_b = K λ_b:
//   λ_b = 0, c' < 1: W W^T = sqrt(nλ_H/λ_W)(1 − c')(I − J), H̄ = sqrt(λ_W/(nλ_H)) W^T, b = 1/K,
//   L* = ((K−1)/K)(c' − c'²/2); zero iff c' ≥ 1 (the same threshold as cross-entropy);
//   λ_b > 0: DER-RB with a_b = K λ_b.
import fc from 'fast-check';
import { balancedRegime, defineTheorem, derived, integer, logUniform, mat, nonNegative, positive, quoted, scale, unverified, zeros, type RegimeOf } from '../src/index.ts';
import { ratioExtremes, samplesAt, twoClasses, weightExtremes, widthAt } from './_boundaries.ts';
import { biasClause, collapseClause, gramClause, minimumClauses, selfDualityClause, zeroSolutionClause } from './_ufm-clauses.ts';
import { ridgeBiasForm } from './_mse-bias.ts';

const parameters = {
  K: integer('number of classes', { min: 2, sample: [2, 8] }),
  n: integer('samples per class', { min: 1, sample: [1, 6] }),
  d: integer('feature dimension (hypothesis: d ≥ K − 1, d ≥ K with λ_b > 0)', { min: 1, sample: [2, 16] }),
  lambdaW: positive('λ_W in λ_W/2||W||² (Zhu/Zhou)'),
  lambdaH: positive('λ_H in λ_H/2||H||² (Zhu/Zhou)'),
  lambdaB: nonNegative('λ_b in λ_b/2||b||² (0 = unregularized bias)'),
};

/** The regime this theorem's parameter specs describe (fixed keys filled in). */
type Regime = RegimeOf<typeof parameters>;

/** §1.3: c' = K sqrt(n λ_W λ_H). */
const cOf = (r: Regime) => r.K * Math.sqrt(r.n * r.lambdaW * r.lambdaH);
const rank = (r: Regime) => (r.lambdaB > 0 ? r.K : r.K - 1);

function predict(r: Regime) {
  const c = cOf(r);
  const f = c < 1 ? ridgeBiasForm(r.K, c, r.K * r.lambdaB) : undefined;
  const alpha = Math.sqrt(r.lambdaW / (r.n * r.lambdaH));
  const Z = f?.Z ?? zeros(r.K, r.K);
  const gamma = f?.gamma ?? 1 / (r.K + r.K * r.lambdaB);
  return {
    c,
    alpha,
    loss: f?.loss ?? ((r.K - 1) / (2 * r.K) + (r.K * r.lambdaB) / (r.K + r.K * r.lambdaB) / (2 * r.K)),
    WHbar: Z,
    WWt: scale(Z, 1 / alpha),
    HbarTHbar: scale(Z, alpha),
    b: mat(r.K, 1, new Float64Array(r.K).fill(gamma)),
    /** ||w_k||² = ((K−1)/K)(sqrt(nλ_H/λ_W) − K n λ_H) for λ_b = 0. */
    wNormSq: f === undefined ? 0 : f.Z.data[0] / alpha,
  };
}

const freeBias = balancedRegime({ widthOffset: [-1, 6], lambdaW: [1e-4, 0.3], lambdaH: [1e-4, 0.3], bias: 'free' });
const ridgeBias = balancedRegime({ widthOffset: [0, 6], lambdaW: [1e-4, 0.3], lambdaH: [1e-4, 0.3], bias: [1e-3, 10] });
const signalPresent = (r: Regime): true | string => cOf(r) < 1 || "c' = K sqrt(nλ_Wλ_H) ≥ 1: the minimizer has W = 0, H = 0";

export default defineTheorem({
  id: 'ZDZ+22',
  title: "MSE UFM with bias (Zhu/Zhou normalization): simplex ETF, W W^T = sqrt(nλ_H/λ_W)(1 − c')(I − J); zero iff K sqrt(nλ_Wλ_H) ≥ 1",
  citation: 'Zhou, Li, Ding, You, Qu, Zhu, ICML 2022 (global minimizers of the MSE UFM with bias)',
  provenance: unverified('ZDZ+22 model; closed form derived via §1.3'),
  model: 'ufm-mse-zhou',
  normalization: '1/(2N)||WH + b1^T − Y||_F^2 + λ_W/2||W||_F^2 + λ_H/2||H||_F^2 + λ_b/2||b||^2, N = Kn',
  parameters,
  hypothesis: {
    text: "d ≥ K − 1 (d ≥ K when λ_b > 0); c' = K sqrt(n λ_W λ_H)",
    check: (r) => r.d >= rank(r) || `d = ${r.d} < ${rank(r)}`,
  },
  thresholds: [{ name: "c' = K sqrt(n λ_W λ_H) = 1", value: cOf, at: 1 }],
  predict,
  clauses: (c) => [
    ...minimumClauses(c, {
      lowerBound: "L ≥ ((K−1)/K)(c' − c'²/2) (λ_b = 0; DER-RB with a_b = Kλ_b otherwise)",
      optimal: "L* = ((K−1)/K)(c' − c'²/2) for λ_b = 0; DER-RB's K L* with a_b = Kλ_b",
      attained: 'training reaches the certified global minimum',
      provenance: derived(),
    }),
    gramClause(c, 'simplex-etf', 'WWt', "W W^T = sqrt(nλ_H/λ_W)(1 − c')(I − J) (λ_b = 0): the rows of W form a simplex ETF — the only global minimizers", {
      provenance: quoted('ZDZ+22 repository README (ETF is the only global minimizer); constants derived here'),
    }),
    gramClause(c, 'feature-gram', 'HbarTHbar', 'H̄^T H̄ = sqrt(λ_W/(nλ_H)) W H̄', { provenance: derived() }),
    selfDualityClause(c, { statement: 'H̄ = sqrt(λ_W/(nλ_H)) W^T in the same coordinates', provenance: derived(), featurePerClassifier: (p) => p.alpha }),
    biasClause(c, { statement: "b = 1_K/K for λ_b = 0 (b = γ1 with DER-RB's γ otherwise)", provenance: derived() }),
    collapseClause(c, { provenance: derived(), when: signalPresent }),
    zeroSolutionClause(c, { statement: "c' > 1: W = 0 and H = 0", provenance: derived(), when: (r) => cOf(r) > 1 || "c' ≤ 1" }),
  ],
  nonClaims: [{ statement: 'every non-global critical point is a strict saddle (benign landscape)', reason: 'a landscape statement: training from random starts can only be consistent with it, not test it' }],
  regimes: {
    inside: fc.oneof(freeBias, ridgeBias),
    near: fc.tuple(freeBias, logUniform(0.001, 0.02), fc.boolean()).map(([r, size, above]) => {
      const target = 1 + (above ? size : -size);
      return { ...r, lambdaH: (target / r.K) ** 2 / (r.n * r.lambdaW) };
    }),
    outside: balancedRegime({ K: [3, 8], widthOffset: [-6, -2], lambdaW: [1e-4, 0.3], lambdaH: [1e-4, 0.3], bias: 'free' }),
  },
  // d = K − 1 with a free bias and d = K with a ridge (the two rank edges), n = 1 and K = 2; the extremes of
  // the λ ranges inside (λ_W/λ_H over [1e-4, 0.3]: c' ≤ 0.11; λ_b over [1e-3, 10]).
  boundaries: [
    { name: 'd = K − 1 (free bias)', modes: ['inside', 'near'], place: (r) => ({ ...r, d: (r.K as number) - 1, lambdaB: 0 }), on: (r) => r.lambdaB === 0 && r.d === r.K - 1 },
    { name: 'd = K (ridge bias)', place: (r) => ({ ...r, d: r.K as number, lambdaB: (r.lambdaB as number) > 0 ? r.lambdaB : 0.1 }), on: (r) => r.lambdaB > 0 && r.d === r.K },
    widthAt(0, { modes: ['near'] }),
    samplesAt(1),
    twoClasses(),
    ...ratioExtremes('lambdaW', 'lambdaH', [1e-4, 0.3], 'λ_W/λ_H'),
    // A ridge needs d ≥ K: the width is raised where the draw had a free bias at d = K − 1.
    ...weightExtremes('lambdaB', [1e-3, 10], 'λ_b').map((c) => ({ ...c, place: (r: Regime) => ({ ...c.place(r), d: Math.max(r.d as number, r.K as number) }) })),
  ],
});
