// DER-RB — MSE UFM with a *regularized* bias: a continuous transition from the
// simplex ETF (TB22-B) to the orthogonal frame (TB22-T3.1) at a_b* = cK/(1 − c).
// [derived here][numerically checked] in docs/theorems.md §3 (DER-RB);
// consistent with the abstract of arXiv 2606.00344 [quoted: abstract only].
//
// Normalization (TB22 plus a TB-style bias penalty, a_b = λ_b):
//   L = 1/(2Kn)||WH + b1^T − Y||² + λ_W/(2K)||W||² + λ_H/(2Kn)||H||² + λ_b/(2K)||b||²
// c = sqrt(λ_W λ_H) < 1; Z = W H̄ = (1 − c)(I − J) + uJ, H̄^T H̄ = sqrt(λ_W/λ_H) Z,
// W W^T = sqrt(λ_H/λ_W) Z, b = γ1, K L* = (K−1)(c − c²/2) + φ.
import { balancedRegime, defineTheorem, derived, integer, logUniform, mat, positive, scale, type RegimeOf } from '../src/index.ts';
import { ratioExtremes, samplesAt, twoClasses, weightExtremes, widthAt } from './_boundaries.ts';
import { biasClause, collapseClause, gramClause, minimumClauses, selfDualityClause } from './_ufm-clauses.ts';
import fc from 'fast-check';
import { ridgeBiasForm } from './_mse-bias.ts';

const parameters = {
  K: integer('number of classes', { min: 2, sample: [2, 8] }),
  n: integer('samples per class', { min: 1, sample: [1, 6] }),
  d: integer('feature dimension (hypothesis: d ≥ K)', { min: 1, sample: [2, 16] }),
  lambdaW: positive('λ_W in λ_W/(2K)||W||²'),
  lambdaH: positive('λ_H in λ_H/(2Kn)||H||²'),
  lambdaB: positive('λ_b = a_b in λ_b/(2K)||b||² (a ridge on the bias)'),
};

/** The regime this theorem's parameter specs describe (fixed keys filled in). */
type Regime = RegimeOf<typeof parameters>;

const cOf = (r: Regime) => Math.sqrt(r.lambdaW * r.lambdaH);

function predict(r: Regime) {
  const c = cOf(r);
  const f = ridgeBiasForm(r.K, c, r.lambdaB);
  return {
    c,
    ...f,
    kappa: Math.sqrt(r.lambdaH / r.lambdaW),
    WHbar: f.Z,
    HbarTHbar: scale(f.Z, Math.sqrt(r.lambdaW / r.lambdaH)),
    WWt: scale(f.Z, Math.sqrt(r.lambdaH / r.lambdaW)),
    b: mat(r.K, 1, new Float64Array(r.K).fill(f.gamma)),
  };
}

/** λ_W, λ_H with c ∈ [1e-3, 0.9] and a_b log-uniform around the transition a_b* = cK/(1 − c). */
const regimes = balancedRegime({ widthOffset: [0, 6], lambdaW: [1e-3, 1], lambdaH: [1e-3, 1], bias: [1e-3, 1e3] }).filter((r) => cOf(r as Regime) < 0.9);

export default defineTheorem({
  id: 'DER-RB',
  title: 'MSE UFM with a regularized bias: simplex ETF below a_b* = cK/(1 − c), orthogonal frame reached as a_b → ∞',
  citation: 'docs/theorems.md §3 DER-RB (derived here; cf. arXiv 2606.00344, abstract)',
  provenance: derived('docs/theorems.md §3 DER-RB, numerically checked'),
  model: 'ufm-mse',
  normalization: '1/(2Kn)||WH + b1^T − Y||_F^2 + λ_W/(2K)||W||_F^2 + λ_H/(2Kn)||H||_F^2 + λ_b/(2K)||b||^2',
  parameters,
  hypothesis: {
    text: 'd ≥ K; c = sqrt(λ_W λ_H) < 1; λ_b > 0',
    check: (r) => (r.d < r.K ? `d = ${r.d} < K = ${r.K}` : cOf(r) >= 1 ? `c = ${cOf(r)} ≥ 1: the formulas are stated for c < 1` : true),
  },
  thresholds: [
    { name: 'a_b = a_b* = cK/(1 − c) (ETF → rank-K transition)', value: (r) => r.lambdaB / ((cOf(r) * r.K) / (1 - cOf(r))), at: 1 },
    { name: 'c = 1', value: cOf, at: 1 },
  ],
  predict,
  clauses: (c) => [
    ...minimumClauses(c, {
      lowerBound: 'L ≥ L* with K L* = (K−1)(c − c²/2) + φ',
      optimal: 'K L* = (K−1)(c − c²/2) + φ, φ = c − c²/(2μ) (u > 0) or μ/2',
      attained: 'training reaches the certified global minimum',
    }),
    gramClause(c, 'logits', 'WHbar', 'W H̄ = (1 − c)(I − J) + u J, u = max(0, 1 − c(K + a_b)/a_b)'),
    gramClause(c, 'feature-gram', 'HbarTHbar', 'H̄^T H̄ = sqrt(λ_W/λ_H) Z'),
    gramClause(c, 'classifier-gram', 'WWt', 'W W^T = sqrt(λ_H/λ_W) Z'),
    biasClause(c, { statement: 'b = γ 1_K, γ = (1 − u)/(K + a_b)' }),
    c.equality('class-mean-cosine', {
      statement: 'cos(h̄_k, h̄_k′) = (u − (1−c))/(u + (K−1)(1−c)): −1/(K−1) below a_b*, rising to 0 as a_b → ∞',
      tolerance: 'scalar',
      when: (r) => r.K > 1 || 'one class',
      predicted: (p) => p.cosine,
      measured: (m) => m.HbarTHbar.data[1] / Math.sqrt(m.HbarTHbar.data[0] * m.HbarTHbar.data[m.HbarTHbar.cols + 1]),
    }),
    selfDualityClause(c, { statement: 'W = sqrt(λ_H/λ_W) H̄^T in the same coordinates', classifierPerFeature: (p) => p.kappa }),
    collapseClause(c),
  ],
  regimes: {
    inside: regimes,
    near: fc.tuple(regimes, logUniform(0.001, 0.02), fc.boolean()).map(([r, size, above]) => {
      const c = cOf(r as Regime);
      return { ...r, lambdaB: ((c * r.K) / (1 - c)) * (1 + (above ? size : -size)) };
    }),
    outside: balancedRegime({ K: [3, 8], widthOffset: [-2, -1], lambdaW: [1e-3, 1], lambdaH: [1e-3, 1], bias: [1e-3, 1e3] }),
  },
  // d = K and n = 1 in both modes (neither moves c or a_b*); K = 2 and the extremes of the λ ranges inside
  // (λ_W/λ_H over [1e-3, 1]: c = 0.03; λ_b over [1e-3, 1e3]).
  boundaries: [
    widthAt(0, { modes: ['inside', 'near'] }),
    samplesAt(1, { modes: ['inside', 'near'] }),
    twoClasses(),
    ...ratioExtremes('lambdaW', 'lambdaH', [1e-3, 1], 'λ_W/λ_H'),
    ...weightExtremes('lambdaB', [1e-3, 1e3], 'λ_b'),
  ],
});
