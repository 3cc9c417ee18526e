// DER-RB's closed form in canonical coefficients (docs/theorems.md §3):
// the MSE UFM with c = sqrt(a_W a_H) < 1 and a bias penalty a_b/(2K)||b||²
// (a_b = 0: a free bias, TB22-B; a_b → ∞: no bias, TB22-T3.1). Shared by
// DER-RB (TB22 normalization, a_b = λ_b) and ZDZ+22 (Zhou normalization,
// c = K sqrt(n λ_W λ_H), a_b = K λ_b).
//   μ = a_b/(K + a_b),  u = max(0, 1 − c/μ),  Z = W H̄ = (1 − c)(I − J) + u J,
//   b = γ 1 with γ = (1 − u)/(K + a_b),
//   K L* = (K−1)(c − c²/2) + φ,  φ = c − c²/(2μ) if u > 0, μ/2 otherwise.
import { add, centering, onesProjector, scale, type Mat } from '../src/index.ts';

export interface RidgeBiasForm {
  readonly mu: number;
  readonly u: number;
  readonly gamma: number;
  /** Z = W H̄ (K x K). */
  readonly Z: Mat;
  readonly loss: number;
  /** cos(h̄_k, h̄_k') = (u − (1−c)) / (u + (K−1)(1−c)). */
  readonly cosine: number;
  /** The ETF → orthogonal-frame transition a_b* = cK/(1 − c). */
  readonly abStar: number;
}

export function ridgeBiasForm(K: number, c: number, ab: number): RidgeBiasForm {
  const mu = ab / (K + ab);
  const u = mu === 0 ? 0 : Math.max(0, 1 - c / mu);
  const signal = Math.max(0, 1 - c);
  const phi = u > 0 ? c - (c * c) / (2 * mu) : mu / 2;
  return {
    mu,
    u,
    gamma: (1 - u) / (K + ab),
    Z: add(scale(centering(K), signal), scale(onesProjector(K), u)),
    loss: ((K - 1) * (c - (c * c) / 2) + phi) / K,
    cosine: (u - signal) / (u + (K - 1) * signal),
    abStar: (c * K) / (1 - c),
  };
}
