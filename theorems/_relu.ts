// Tolerances for the post-ReLU structure claims (TB22-R, SML23), and why they
// are looser than §10's float64 row. At a ReLU optimum, a hidden unit that
// still fires weakly (activity b) for a second class costs only O(b⁴) in loss:
// the landscape is quartic-flat along it, so a point meeting the gradient
// certificate ||∇L||_P ≤ gtol can keep b ~ (gtol/λ)^{1/3} (≈ 5e-4 relative at
// gtol = 1e-10, λ = 0.01; measured up to 7e-4). Support overlaps are first
// order in b, Gram entries second order. The allowances below sit ~20× above
// that resolution; a wrong geometry (shared units, a wrong scale) is off by
// O(1) and still fails by orders of magnitude (the mutants check this).
import type { Tolerance } from '../src/index.ts';

/** Support overlap (first order in the residual activity b). */
export const SUPPORT_TOLERANCE: Tolerance = { rtol: 0, atol: 1e-2 };
/** Gram matrices of post-ReLU features and the W2 Gram (second order in b). */
export const RELU_GRAM_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-5 };
/**
 * Training for ReLU models (§10: several seeds, O(1) init). Measured on TB22-R regimes: restarts
 * that meet the certificate do so within ~500 L-BFGS iterations; the others sit in slow basins
 * (||∇L||_P stuck at 1e-5 … 1e-9 after 6000 L-BFGS or 5000 further gradient-descent steps), so many
 * short restarts beat few long ones.
 */
export const RELU_TRAINING = { gradientTolerance: 1e-10, maxIterations: 1000, restarts: 10, initScales: [0.3, 1] } as const;
