// SML24 — refutation fixture for a KNOWN-FALSE claim: "deep neural collapse is
// the global optimum of the deep UFM" beyond two layers or two classes (encoded
// where no other entry claims DNC for this model: K ≥ 3 and L ≥ 3).
// Súkeník, Mondelli, Lampert, NeurIPS 2024, "Neural Collapse versus Low-rank
// Bias": beyond two layers or two classes DNC is no longer optimal; a low-rank
// bias gives optimal solutions of lower rank [quoted: SML24 abstract]; an SRG
// solution with L = 4, K = 10 beats DNC [quoted: SML24 figure caption]; Garrod
// & Keating (GK, Thm 7) reach the same for ReLU with K ≥ 10, L ≥ 5 [quoted: GK].
//
// Model: ufm-deep-relu (MSE, TB22 normalization, no bias), the regimes the reference names
// (K = 10, L = 4, λ = 0.004). The DNC candidate is built from the closed form: the balanced
// deep-linear orthogonal-frame solution of DER-DL (m = L + 1) placed on nonnegative
// coordinates, where every ReLU acts as the identity; its loss is DER-DL's L*(m, c).
// The claim's `bound` clause says no solution beats it. nc-check searches (random restarts)
// for a lower-loss solution: finding one ends "refuted (expected)", with the solution saved
// and replayable; finding none ends "inconclusive" with the best gap — never "verified".
import fc from 'fast-check';
import { defineTheorem, derived, integer, mat, positive, quoted, randomOrthonormalColumns, repeatColumns, scale, type Mat, type Regime } from '../src/index.ts';
import { deepLinearScale, lossAtScale, type DeepLinearRegime } from './_deep-linear.ts';

const parameters = {
  K: integer('number of classes (the claim is false for K ≥ 3 and L ≥ 3)', { min: 2, sample: [10, 10] }),
  n: integer('samples per class', { min: 1, sample: [1, 1] }),
  d: integer('width of every layer', { min: 1, sample: [20, 20] }),
  L: integer('number of weight layers', { min: 2, max: 8, sample: [4, 4] }),
  lambdaH: positive('λ_H in λ_H/(2N)||H1||²'),
  lambdaW1: positive('λ_W1', { optional: true }),
  lambdaW2: positive('λ_W2', { optional: true }),
  lambdaW3: positive('λ_W3', { optional: true }),
  lambdaW4: positive('λ_W4', { optional: true }),
  lambdaW5: positive('λ_W5', { optional: true }),
};

/** The regimes named in the reference: K = 10, 4 layers, λ = 0.004 (and a larger λ). */
const named = (lambda: number): Regime => ({ K: 10, n: 1, d: 20, L: 4, lambdaH: lambda, lambdaW1: lambda, lambdaW2: lambda, lambdaW3: lambda, lambdaW4: lambda });

function predict(r: Regime) {
  const s = deepLinearScale(r as DeepLinearRegime);
  return { ...s, loss: lossAtScale(r as DeepLinearRegime, s.m, s.c, s.t) };
}

/** DNC on nonnegative coordinates: H̄1 = s_H R, W1 = s_1 E R^T, W_l = s_l E E^T, W_L = s_L E^T (E = first K unit vectors). */
function dncCandidate(r: Regime, rng: Parameters<typeof randomOrthonormalColumns>[2]): Mat[] {
  const p = predict(r);
  const K = r.K as number;
  const d = r.d as number;
  const L = r.L as number;
  const mu = p.t > 0 ? p.c * p.t ** (2 / p.m) : 0;
  const weights = [r.lambdaH as number, ...Array.from({ length: L }, (_, l) => r[`lambdaW${l + 1}`] as number)];
  const s = weights.map((a) => Math.sqrt(mu / a));
  const R = randomOrthonormalColumns(d, K, rng);
  const blocks: Mat[] = [repeatColumns(scale(R, s[0]), Array(K).fill(r.n as number))];
  for (let l = 1; l <= L; l++) {
    const W = mat(l === L ? K : d, d);
    for (let k = 0; k < K; k++) {
      if (l === 1) for (let j = 0; j < d; j++) W.data[k * d + j] = s[1] * R.data[j * K + k];
      else W.data[k * d + k] = s[l];
    }
    blocks.push(W);
  }
  return blocks;
}

export default defineTheorem({
  id: 'SML24',
  title: 'KNOWN-FALSE: "DNC is the global optimum of the deep ReLU UFM" for K ≥ 3 and L ≥ 3 (refutation fixture)',
  citation: 'Súkeník, Mondelli, Lampert, NeurIPS 2024 (Neural Collapse versus Low-rank Bias); Garrod & Keating, NeurIPS 2025, Thm 7',
  provenance: quoted('SML24 abstract and figure caption: DNC is not optimal beyond two layers or two classes'),
  expect: 'refuted',
  model: 'ufm-deep-relu',
  normalization: '1/(2N)||W_L σ(⋯ σ(W_1 H_1)) − Y||_F^2 + Σ_l λ_Wl/(2K)||W_l||_F^2 + λ_H/(2N)||H_1||_F^2, σ = ReLU',
  parameters,
  hypothesis: {
    // The abstract says "beyond two layers or two classes", but the regions on either side of that "or"
    // are claimed *proved* by other entries for this very model: SML23 proves DNC optimal for K = 2 at
    // every depth, and TB22-R's two-layer ReLU optimum is the DNC structure for every K. The region
    // claimed refuted here is where neither claims DNC and the reference's consequence for tests puts
    // it: K ≥ 3 and L ≥ 3 (its named regime K = 10, L = 4 is inside). The consistency suite checks that
    // the regions stay disjoint (SML23_vs_SML24, TB22-R_vs_SML24).
    text: 'K ≥ 3 and L ≥ 3 (where DNC is not optimal; K = 2 is SML23, L = 2 is TB22-R); d ≥ K. Searched at the named regimes of the reference (K = 10, L = 4), not at the edges K = 3, L = 3, d = K: a search that finds nothing there is inconclusive, never a verdict',
    check: (r) => (r.K >= 3 && r.L >= 3 && r.d >= r.K) || 'K = 2 (SML23: DNC optimal), L = 2 (TB22-R), or d < K: outside the refuted range',
  },
  predict,
  minimizer: dncCandidate,
  clauses: ({ bound, stationary }) => [
    bound('dnc-is-global-optimum', {
      statement: 'the claim under test (known false): no solution has loss below the DNC candidate, L_DNC = DER-DL L*(m = L + 1, c)',
      provenance: quoted('SML24 abstract: DNC not optimal beyond two layers or two classes (here K ≥ 3 and L ≥ 3)'),
    }),
    stationary('dnc-candidate-critical-point', {
      statement: 'the DNC candidate (deep-linear orthogonal frames on nonnegative coordinates) is a critical point of the ReLU model with loss L_DNC — so a lower loss beats DNC itself, not a mis-built candidate',
      provenance: derived(),
      when: (r) => (r.d as number) >= (r.K as number) || 'the candidate needs d ≥ K',
    }),
  ],
  regimes: {
    inside: fc.constantFrom(named(0.004), named(0.02)),
    // Outside the refuted range: K = 2, L = 2, where SML23 says DNC is optimal; a search there should come up empty.
    outside: fc.constant({ K: 2, n: 1, d: 16, L: 2, lambdaH: 0.004, lambdaW1: 0.004, lambdaW2: 0.004 }),
  },
  training: { gradientTolerance: 1e-10, maxIterations: 1500, restarts: 3, initScale: 1 },
  runs: 2,
});
