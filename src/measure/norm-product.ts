// ρ, the product of the layers' norms (XRLGP23, docs/theorems.md §7 item
// 1): for a bias-free ReLU network f(x) = W_L σ(… σ(W_1 x)) = ρ f_V(x) with
// V_k = W_k/||W_k||_F normalized, so ρ is the network's scale. Under batch
// normalization the layers before a BN are scale-invariant and ρ measures
// where their norms settle.
import { frobeniusNorm, type Mat } from '../linalg/matrix.ts';

/** ρ = Π_k ||W_k||_F. */
export function normProduct(weights: readonly Mat[]): number {
  return weights.reduce((p, W) => p * frobeniusNorm(W), 1);
}
