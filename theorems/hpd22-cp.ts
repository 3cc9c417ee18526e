// HPD22-CP — the central path (docs/theorems.md §5). HPD22 observe that
// training stays near W = W_LS(H) and prove, under extra assumptions, that
// gradient flow on that path leads to NC [unverified: recalled statement];
// THN23 remove those assumptions for the ridge version [quoted: THN23]:
//   W*(H) = Y H^T (H H^T + n λ_W I_d)^{-1}   (TB22 normalization, no bias),
//   under gradient flow on L(W*(H), H), ÑC1 = Tr Σ_W / Tr Σ_B strictly decreases.
// Checked here as the reference suggests (§5 "Checkable in code (ii)"): from each point's H,
// small-step gradient descent on H ↦ L(W*(H), H) — the gradient is the model's ∇_H at W = W*(H)
// (∇_W vanishes there) — and ÑC1 must not increase at any step.
import fc from 'fast-check';
import { defineTheorem, integer, logUniform, matmul, nc1TraceRatio, positive, pseudoInverse, quoted, scale, singularValues, sub, transpose, labelMatrix, add, identity, type Mat, type Tolerance, type RegimeOf } from '../src/index.ts';
import { ratioExtremes, samplesAt, twoClasses, widthKnMinusOne } from './_boundaries.ts';

const parameters = {
  K: integer('number of classes', { min: 2, sample: [2, 5] }),
  n: integer('samples per class', { min: 2, sample: [2, 4] }),
  d: integer('feature dimension', { min: 1, sample: [2, 8] }),
  lambdaW: positive('λ_W in λ_W/(2K)||W||²'),
  lambdaH: positive('λ_H in λ_H/(2Kn)||H||²'),
};

/** Steps of gradient descent per point, and the step as a fraction of 1/(Lipschitz bound). */
export const CENTRAL_PATH_STEPS = 60;
const STEP_FRACTION = 0.02;
/** A discrete step may not raise ÑC1 by more than rounding (relative). */
const ROUNDING: Tolerance = { rtol: 0, atol: 1e-9 };

/**
 * Floor of the relative increase, as a fraction of ÑC1 at the start of the path (its scale there): a path
 * that has collapsed to round-off compares increases with the start's scale, not round-off with round-off.
 */
const NC1_FLOOR_FRACTION = 1e-3;

/** The regime this theorem's parameter specs describe (fixed keys filled in). */
type Regime = RegimeOf<typeof parameters>;

/** The ridge classifier on the central path. */
function wStar(H: Mat, Y: Mat, r: Regime): Mat {
  return matmul(matmul(Y, transpose(H)), pseudoInverse(add(matmul(H, transpose(H)), scale(identity(H.rows), r.n * r.lambdaW))));
}

/** Largest relative increase of ÑC1 along small-step GD on H ↦ L(W*(H), H), from H0. */
export function worstNc1Increase(H0: Mat, r: Regime): number {
  const sizes = Array(r.K).fill(r.n);
  const Y = labelMatrix(sizes);
  let H = H0;
  let previous = nc1TraceRatio(H, sizes);
  const floor = NC1_FLOOR_FRACTION * previous;
  let worst = 0;
  for (let step = 0; step < CENTRAL_PATH_STEPS; step++) {
    const W = wStar(H, Y, r);
    // N ∇_H L = W^T (W H − Y) + λ_H H, Lipschitz ≤ ||W||₂² + λ_H.
    const direction = add(matmul(transpose(W), sub(matmul(W, H), Y)), scale(H, r.lambdaH));
    const lipschitz = (singularValues(W)[0] ?? 0) ** 2 + r.lambdaH;
    H = sub(H, scale(direction, STEP_FRACTION / lipschitz));
    const current = nc1TraceRatio(H, sizes);
    worst = Math.max(worst, (current - previous) / Math.max(previous, floor));
    previous = current;
  }
  return worst;
}

export default defineTheorem({
  id: 'HPD22-CP',
  title: 'Central path (ridge version): along gradient flow on L(W*(H), H), ÑC1 = Tr Σ_W / Tr Σ_B strictly decreases',
  citation: 'Han, Papyan, Donoho, ICLR 2022 (central path); Tirer, Huang & Niles-Weed, ICML 2023 (ridge version, assumptions removed)',
  provenance: quoted('THN23: ÑC1 strictly decreases under gradient flow on the central path'),
  model: 'ufm-mse',
  normalization: '1/(2Kn)||WH − Y||_F^2 + λ_W/(2K)||W||_F^2 + λ_H/(2Kn)||H||_F^2, W = W*(H) = Y H^T (H H^T + nλ_W I)^{-1}',
  parameters,
  hypothesis: { text: 'balanced classes, n ≥ 2 (Σ_W ≠ 0 at a generic start); λ_W, λ_H > 0', check: (r) => r.n >= 2 || 'n = 1: ÑC1 is 0 from the start' },
  // No minimum is claimed; the prediction is the sign of the change of ÑC1 along the path (no increase).
  predict: () => ({ loss: NaN, nc1Increase: 0 }),
  clauses: ({ identity: identityClause }) => [
    identityClause('nc1-decreases', {
      statement: `ÑC1 does not increase along ${CENTRAL_PATH_STEPS} small gradient steps on H ↦ L(W*(H), H) from the point's H (max relative increase = 0)`,
      tolerance: ROUNDING,
      // At a minimizer H is collapsed (ÑC1 = 0): the flow starts from generic points.
      points: 'random',
      predicted: (p) => p.nc1Increase,
      measured: ({ params }, _p, r) => Math.max(0, worstNc1Increase(params[1], r)),
    }),
  ],
  nonClaims: [
    {
      statement: 'e^{2λ_H t} Tr Σ_W decreases and e^{2λ_H t} Tr Σ_B increases along the flow',
      reason: "THN23's flow-time normalization is not transcribed in the reference; the rates cannot be checked without it",
    },
  ],
  regimes: {
    inside: fc
      .record({ K: fc.integer({ min: 2, max: 5 }), n: fc.integer({ min: 2, max: 4 }), d: fc.integer({ min: 2, max: 8 }), lambdaW: logUniform(1e-3, 1), lambdaH: logUniform(1e-3, 1) }),
  },
  training: { restarts: 1 },
  runs: 60,
  // n = 2 (the smallest n the hypothesis admits), K = 2, d = 1, d = Kn − 1, and the λ_W/λ_H extremes of [1e-3, 1].
  boundaries: [
    samplesAt(2),
    twoClasses(),
    { name: 'd = 1', place: (r) => ({ ...r, d: 1 }), on: (r) => r.d === 1 },
    widthKnMinusOne(),
    ...ratioExtremes('lambdaW', 'lambdaH', [1e-3, 1], 'λ_W/λ_H'),
  ],
});
