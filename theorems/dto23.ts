// DTO+23 — Dang, Tran, Osher, Tran-The, Ho, Nguyen, ICML 2023: imbalanced,
// bias-free MSE UFM. Training converges to orthogonal class vectors whose
// lengths depend on the class sizes [quoted: DTO+23 abstract]; the closed form
// is [derived here][numerically checked] (docs/theorems.md §4, DTO+23).
//
// Normalization (Zhu/Zhou, run on ufm-mse-zhou): 1/(2N)||WH − Y||² + λ_W/2||W||² + λ_H/2||H||²,
// n_k samples in class k, N = Σ n_k. With s_k = (sqrt(n_k) − N sqrt(λ_W λ_H))_+:
//   W W^T = diag(sqrt(λ_H/λ_W) s_k), H̄^T H̄ = diag(sqrt(λ_W/λ_H) s_k/n_k), W H̄ = diag(s_k/sqrt(n_k)),
//   L* = (1/N)[1/2 Σ (sqrt(n_k) − s_k)² + N sqrt(λ_Wλ_H) Σ s_k];
//   minority collapse in MSE: class k vanishes (w_k = 0, h̄_k = 0) once N sqrt(λ_Wλ_H) ≥ sqrt(n_k).
import fc from 'fast-check';
import { defineTheorem, derived, diag, integer, integerArray, logUniform, mat, positive, quoted, type RegimeOf } from '../src/index.ts';
import { ratioExtremes } from './_boundaries.ts';
import { gramClause, minimumClauses } from './_ufm-clauses.ts';

const parameters = {
  K: integer('number of classes', { min: 2, sample: [2, 6] }),
  classSizes: integerArray('samples in each class n_k', { min: 1, sample: [1, 8] }),
  d: integer('feature dimension (hypothesis: d ≥ K)', { min: 1, sample: [2, 12] }),
  lambdaW: positive('λ_W in λ_W/2||W||² (Zhu/Zhou)', { sample: [1e-4, 0.1] }),
  lambdaH: positive('λ_H in λ_H/2||H||² (Zhu/Zhou)', { sample: [1e-4, 0.1] }),
};

/** The regime this theorem's parameter specs describe (fixed keys filled in). */
type Regime = RegimeOf<typeof parameters>;

const thresholdOf = (r: Regime) => r.classSizes.reduce((s, v) => s + v, 0) * Math.sqrt(r.lambdaW * r.lambdaH);

function predict(r: Regime) {
  const N = r.classSizes.reduce((s, v) => s + v, 0);
  const tau = thresholdOf(r);
  const s = r.classSizes.map((nk) => Math.max(0, Math.sqrt(nk) - tau));
  const fit = r.classSizes.reduce((acc, nk, k) => acc + 0.5 * (Math.sqrt(nk) - s[k]) ** 2, 0);
  return {
    s: mat(1, r.K, s),
    loss: (fit + tau * s.reduce((a, v) => a + v, 0)) / N,
    WWt: diag(s.map((v) => Math.sqrt(r.lambdaH / r.lambdaW) * v)),
    HbarTHbar: diag(s.map((v, k) => (Math.sqrt(r.lambdaW / r.lambdaH) * v) / r.classSizes[k])),
    WHbar: diag(s.map((v, k) => v / Math.sqrt(r.classSizes[k]))),
    /** Indices of the classes that vanish (as a 1 x count row). */
    vanishing: (() => {
      const idx = r.classSizes.map((_, k) => k).filter((k) => s[k] === 0);
      return mat(1, idx.length, idx);
    })(),
  };
}

const regimes = fc
  .integer({ min: 2, max: 6 })
  .chain((K) =>
    fc.record({
      K: fc.constant(K),
      classSizes: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: K, maxLength: K }),
      offset: fc.integer({ min: 0, max: 4 }),
      // Up to N sqrt(λ_Wλ_H) ≈ 20: minority classes vanish in a good share of regimes.
      lambdaW: logUniform(1e-3, 0.5),
      lambdaH: logUniform(1e-3, 0.5),
    }),
  )
  .map(({ K, classSizes, offset, lambdaW, lambdaH }) => ({ K, classSizes, d: K + offset, lambdaW, lambdaH }));

/** The class whose threshold N sqrt(λ_Wλ_H) / sqrt(n_k) is closest to 1. */
const closestRatio = (r: Regime) =>
  r.classSizes.map((nk) => thresholdOf(r) / Math.sqrt(nk)).reduce((best, v) => (Math.abs(v - 1) < Math.abs(best - 1) ? v : best), Infinity);

export default defineTheorem({
  id: 'DTO+23',
  title: 'Imbalanced bias-free MSE UFM: orthogonal class vectors with size-dependent lengths; minority classes vanish above N sqrt(λ_Wλ_H) = sqrt(n_k)',
  citation: 'Dang, Tran, Osher, Tran-The, Ho, Nguyen, ICML 2023 (imbalanced MSE UFM)',
  provenance: quoted('DTO+23 abstract; closed form derived here and numerically checked'),
  model: 'ufm-mse-zhou',
  normalization: '1/(2N)||WH − Y||_F^2 + λ_W/2||W||_F^2 + λ_H/2||H||_F^2, N = Σ n_k',
  parameters,
  hypothesis: {
    text: 'd ≥ K; classSizes has K entries',
    check: (r) => (r.classSizes.length !== r.K ? `classSizes has ${r.classSizes.length} entries, K = ${r.K}` : r.d >= r.K || `d = ${r.d} < K = ${r.K}`),
  },
  thresholds: [{ name: 'N sqrt(λ_W λ_H) = sqrt(n_k) for some class k (minority vanishing)', value: closestRatio, at: 1 }],
  predict,
  clauses: (c) => [
    ...minimumClauses(c, {
      lowerBound: 'L ≥ (1/N)[1/2 Σ(sqrt(n_k) − s_k)² + N sqrt(λ_Wλ_H) Σ s_k]',
      optimal: 'L* = (1/N)[1/2 Σ(sqrt(n_k) − s_k)² + N sqrt(λ_Wλ_H) Σ s_k]',
      attained: 'training reaches the certified global minimum',
      provenance: derived(),
    }),
    gramClause(c, 'classifier-gram', 'WWt', 'W W^T = diag(sqrt(λ_H/λ_W) s_k): orthogonal class vectors, ||w_k||² growing with n_k'),
    gramClause(c, 'feature-gram', 'HbarTHbar', 'H̄^T H̄ = diag(sqrt(λ_W/λ_H) s_k / n_k)', { provenance: derived() }),
    gramClause(c, 'logits', 'WHbar', 'W H̄ = diag(s_k / sqrt(n_k))', { provenance: derived() }),
    c.equality('minority-vanishes', {
      statement: 'a class with N sqrt(λ_Wλ_H) ≥ sqrt(n_k) vanishes: w_k = 0 and h̄_k = 0 (MSE minority collapse)',
      provenance: derived(),
      when: (_r, p) => p.vanishing.cols > 0 || 'no class is below its threshold',
      predicted: (p) => mat(1, 2 * p.vanishing.cols),
      measured: (m, p) => mat(1, 2 * p.vanishing.cols, Array.from(p.vanishing.data).flatMap((k) => [m.WWt.data[k * m.WWt.cols + k], m.HbarTHbar.data[k * m.HbarTHbar.cols + k]])),
    }),
  ],
  regimes: {
    inside: regimes,
    near: regimes.chain((r) =>
      fc.tuple(fc.integer({ min: 0, max: r.K - 1 }), logUniform(0.001, 0.02), fc.boolean()).map(([k, size, above]) => {
        // Move λ_H so that N sqrt(λ_Wλ_H) = sqrt(n_k)(1 ± δ) for class k.
        const N = r.classSizes.reduce((s, v) => s + v, 0);
        const target = (Math.sqrt(r.classSizes[k]) * (1 + (above ? size : -size))) / N;
        return { ...r, lambdaH: (target * target) / r.lambdaW };
      }),
    ),
    outside: regimes.map((r) => ({ ...r, d: Math.max(1, r.K - 1 - (r.d - r.K)) })).filter((r) => r.d < r.K),
  },
  // d = K, every class of one sample, the most imbalanced sizes of the range (one class of 8, the others 1),
  // K = 2, and the λ_W/λ_H extremes of [1e-3, 0.5].
  boundaries: [
    { name: 'd = K', modes: ['inside', 'near'], place: (r) => ({ ...r, d: r.K as number }), on: (r) => r.d === r.K },
    { name: 'n_k = 1 for every class', place: (r) => ({ ...r, classSizes: Array(r.K as number).fill(1) }), on: (r) => r.classSizes.every((v) => v === 1) },
    {
      name: 'most imbalanced (n_1 = 8, the others 1)',
      place: (r) => ({ ...r, classSizes: Array.from({ length: r.K as number }, (_, k) => (k === 0 ? 8 : 1)) }),
      on: (r) => r.classSizes[0] === 8 && r.classSizes.slice(1).every((v) => v === 1),
    },
    { name: 'K = 2', place: (r) => ({ ...r, K: 2, d: 2 + (r.d as number) - (r.K as number), classSizes: (r.classSizes as unknown as number[]).slice(0, 2) }), on: (r) => r.K === 2 },
    ...ratioExtremes('lambdaW', 'lambdaH', [1e-3, 0.5], 'λ_W/λ_H'),
  ],
});
