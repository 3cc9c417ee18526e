// GK — refutation fixture for a KNOWN-FALSE claim: "deep neural collapse is the
// global optimum of the deep (linear, cross-entropy) UFM". Garrod & Keating,
// "The Persistence of Neural Collapse Despite Low-Rank Bias", NeurIPS 2025,
// Thm 1 [quoted: GK]: with linear σ and d ≥ K, when K ≥ 4 and L ≥ 3, or K ≥ 6
// and L = 2, no solution with DNC structure is a global minimum.
//
// Model: ufm-deep-linear-ce — (1/N) Σ CE(W_L ⋯ W_1 h, y) + Σ_l λ_Wl/2||W_l||² + λ_H/2||H_1||²
// (GK: equal weight decay on every parameter, H_1 included). The DNC candidate comes from the
// closed form: by symmetry its logits are α(I − J) ⊗ 1_n^T, the balanced factorization costs
// (m/2) c (K−1) (α sqrt(n))^{2/m} (m = L + 1, c = (λ_H Π λ_Wl)^{1/m}, §1.2), so
//   L_DNC = min_{α ≥ 0} log(1 + (K−1) e^{−α}) + (m/2) c (K−1) (α sqrt(n))^{2/m},
// minimized here on a fine grid and refined by bisection on f'. A stationary clause checks the
// constructed candidate is a critical point with that loss. Regimes: the shapes of GK Thm 1
// (K = 6, L = 2; K = 4, L = 3) and GK's Fig. 1 setting (L = 2, d = 70, λ = 2^{-10}, K = 10, n = 5).
import fc from 'fast-check';
import {
  centeredBasis,
  defineTheorem,
  derived,
  integer,
  matmul,
  positive,
  quoted,
  randomOrthonormalColumns,
  repeatColumns,
  scale,
  transpose,
  type Mat,
  type Regime,
  type Rng,
} from '../src/index.ts';

const parameters = {
  K: integer('number of classes', { min: 2, sample: [4, 10] }),
  n: integer('samples per class', { min: 1, sample: [1, 5] }),
  d: integer('width of every layer (d ≥ K)', { min: 1, sample: [4, 70] }),
  L: integer('number of weight layers', { min: 2, max: 8, sample: [2, 3] }),
  lambdaH: positive('λ_H in λ_H/2||H1||²'),
  lambdaW1: positive('λ_W1 in λ_W1/2||W1||²', { optional: true }),
  lambdaW2: positive('λ_W2', { optional: true }),
  lambdaW3: positive('λ_W3', { optional: true }),
};

const named = (K: number, n: number, d: number, L: number, lambda: number): Regime => {
  const r: Record<string, number> = { K, n, d, L, lambdaH: lambda };
  for (let l = 1; l <= L; l++) r[`lambdaW${l}`] = lambda;
  return r;
};

function weights(r: Regime): number[] {
  return [r.lambdaH as number, ...Array.from({ length: r.L as number }, (_, l) => r[`lambdaW${l + 1}`] as number)];
}

/** The DNC candidate's logit margin α and loss: a global 1-D minimization (grid, then golden section). */
export function dncCandidate(r: Regime): { alpha: number; loss: number; m: number; c: number } {
  const K = r.K as number;
  const n = r.n as number;
  const a = weights(r);
  const m = a.length;
  const c = Math.exp(a.reduce((s, v) => s + Math.log(v), 0) / m);
  const f = (alpha: number) => Math.log1p((K - 1) * Math.exp(-alpha)) + (m / 2) * c * (K - 1) * (alpha * Math.sqrt(n)) ** (2 / m);
  // f'(α): a value search only locates the minimum to sqrt(eps); the root of f' gives it to eps,
  // which the stationary clause (||∇L|| ≤ 1e-9) needs.
  const df = (alpha: number) => -(K - 1) * Math.exp(-alpha) / (1 + (K - 1) * Math.exp(-alpha)) + c * (K - 1) * n ** (1 / m) * alpha ** (2 / m - 1);
  const step = 0.01;
  let best = 0;
  for (let i = 1; i <= 6000; i++) if (f(i * step) < f(best)) best = i * step;
  let lo = Math.max(step / 1e3, best - step);
  let hi = best + step;
  if (best > 0 && df(lo) < 0 && df(hi) > 0) {
    for (let i = 0; i < 200 && hi - lo > 0; i++) {
      const mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) break;
      if (df(mid) < 0) lo = mid;
      else hi = mid;
    }
  }
  const alpha = best > 0 && f(0.5 * (lo + hi)) < f(0) ? 0.5 * (lo + hi) : 0;
  return { alpha, loss: f(alpha), m, c };
}

/** DNC in a random orientation: H̄1 = (s_H/sqrt(n)) R_1 E^T, W_l = s_l R_{l+1} R_l^T, W_L = s_L E R_L^T (E spans 1^⊥). */
function dncPoint(r: Regime, rng: Rng): Mat[] {
  const { alpha, m, c } = dncCandidate(r);
  const K = r.K as number;
  const n = r.n as number;
  const sigma = alpha * Math.sqrt(n);
  const mu = sigma > 0 ? c * sigma ** (2 / m) : 0;
  const s = weights(r).map((aj) => Math.sqrt(mu / aj));
  const E = centeredBasis(K);
  const R = Array.from({ length: r.L as number }, () => randomOrthonormalColumns(r.d as number, K - 1, rng));
  const blocks: Mat[] = [repeatColumns(scale(matmul(R[0], transpose(E)), s[0] / Math.sqrt(n)), Array(K).fill(n))];
  for (let l = 1; l < (r.L as number); l++) blocks.push(scale(matmul(R[l], transpose(R[l - 1])), s[l]));
  blocks.push(scale(matmul(E, transpose(R[(r.L as number) - 1])), s[r.L as number]));
  return blocks;
}

export default defineTheorem({
  id: 'GK',
  title: 'KNOWN-FALSE: "DNC is the global optimum of the deep linear cross-entropy UFM" for K ≥ 6, L = 2 or K ≥ 4, L ≥ 3 (refutation fixture)',
  citation: 'Garrod & Keating, The Persistence of Neural Collapse Despite Low-Rank Bias, NeurIPS 2025 (arXiv 2410.23169), Thm 1',
  provenance: quoted('GK Thm 1 (linear σ): no DNC solution is a global minimum for K ≥ 4, L ≥ 3 or K ≥ 6, L = 2'),
  expect: 'refuted',
  model: 'ufm-deep-linear-ce',
  normalization: '(1/N) Σ CE(W_L ⋯ W_1 h, y) + Σ_l λ_Wl/2||W_l||_F^2 + λ_H/2||H_1||_F^2',
  parameters,
  hypothesis: {
    text: 'K ≥ 6 and L = 2, or K ≥ 4 and L ≥ 3; d ≥ K. Searched at the named regimes of GK (K = 6, L = 2; K = 4, L = 3; their Fig. 1 regime), which include the edges K = 6 and K = 4 at d = K, n = 1',
    check: (r) => (((r.K >= 6 && r.L === 2) || (r.K >= 4 && r.L >= 3)) && r.d >= r.K) || 'outside the range of GK Thm 1',
  },
  predict: (r) => {
    const c = dncCandidate(r as Regime);
    return { loss: c.loss, alpha: c.alpha };
  },
  minimizer: (r, rng) => dncPoint(r as Regime, rng),
  clauses: ({ bound, stationary }) => [
    bound('dnc-is-global-optimum', {
      statement: 'the claim under test (known false): no solution has loss below the DNC candidate, min_α log(1 + (K−1)e^{−α}) + (m/2) c (K−1)(α sqrt(n))^{2/m}',
      provenance: quoted('GK Thm 1: refuted'),
    }),
    stationary('dnc-candidate-critical-point', {
      statement: 'the DNC candidate (logits α(I − J), balanced factors in a random orientation) is a critical point with loss L_DNC',
      provenance: derived(),
      when: (r) => (r.d as number) >= (r.K as number) - 1 || 'the candidate needs d ≥ K − 1',
    }),
  ],
  regimes: {
    inside: fc.constantFrom(named(6, 1, 6, 2, 0.01), named(4, 1, 4, 3, 0.01), named(10, 5, 70, 2, 2 ** -10)),
    // Outside GK Thm 1's range (K = 3, L = 2): the theorem says nothing there; the search result is informational.
    outside: fc.constant(named(3, 1, 3, 2, 0.01)),
  },
  training: { gradientTolerance: 1e-11, maxIterations: 3000, restarts: 2, initScale: 1 },
  runs: 3,
});
