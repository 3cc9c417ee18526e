// HPD22 — Han, Papyan, Donoho, ICLR 2022: the MSE decomposition. For features
// H and any classifier (W, b), the per-sample fit splits exactly into the
// least-squares part and the distance to the least-squares classifier:
//   L(W, b) = L_LS(H) + L_LS^⊥(W, b),  L_LS(H) = (1/(2K)) [K − 1 − Tr(Σ_T^{-1} Σ_B)],
//   W_LS = (1/K) Ṁ^T Σ_T^{-1},  b_LS = 1_K/K − W_LS h̄_G,  Σ_T = Σ_W + Σ_B.
// [derived here][numerically checked] (docs/theorems.md §5); the context of
// HPD's paper is [unverified: recalled statement, confirm against the paper].
//
// The fit is L(W, b) = 1/(2N) Σ ||W h + b − y||², the fit term of ufm-mse (TB22 normalization, free bias)
// on which this runs. These are identities, not statements about minimizers: they are checked at random
// points and at every solution, to machine precision.
import fc from 'fast-check';
import {
  add,
  betweenClassCovariance,
  centeredMeans,
  classMeans,
  defineTheorem,
  derived,
  fixed,
  integer,
  labelMatrix,
  lossScale,
  mat,
  matmul,
  positive,
  pseudoInverse,
  relativeResidual,
  sub,
  trace,
  transpose,
  withinClassCovariance,
  type Mat,
  type Tolerance, type RegimeOf } from '../src/index.ts';
import { twoClasses, widthKnMinusOne } from './_boundaries.ts';

const parameters = {
  K: integer('number of classes', { min: 2, sample: [2, 6] }),
  n: integer('samples per class', { min: 1, sample: [2, 6] }),
  d: integer('feature dimension (hypothesis: Σ_T invertible, d ≤ Kn − 1)', { min: 1, sample: [2, 8] }),
  lambdaW: positive('λ_W of the model (the identities do not involve it)'),
  lambdaH: positive('λ_H of the model (the identities do not involve it)'),
  lambdaB: fixed('a free bias (the decomposition is about (W, b))', 0),
};

/** "Exact to machine precision": relative residuals below 1e-10 (the reference measured 1e-14; Σ_T^{-1} costs digits when d nears Kn). */
const MACHINE: Tolerance = { rtol: 0, atol: 1e-10 };

/** The regime this theorem's parameter specs describe (fixed keys filled in). */
type Regime = RegimeOf<typeof parameters>;

const ones = (rows: number, cols: number): Mat => mat(rows, cols, new Float64Array(rows * cols).fill(1));

/** 1/(2N) ||W H + b 1^T − Y||². */
function fit(W: Mat, b: Mat, H: Mat, Y: Mat): number {
  const R = sub(add(matmul(W, H), matmul(b, ones(1, H.cols))), Y);
  return R.data.reduce((s, v) => s + v * v, 0) / (2 * H.cols);
}

function leastSquaresParts(W: Mat, b: Mat, H: Mat, r: Regime, p: { lsOffset: number; lsScale: number }) {
  const sizes = Array(r.K).fill(r.n);
  const Y = labelMatrix(sizes);
  const Hbar = classMeans(H, sizes);
  const SB = betweenClassCovariance(Hbar);
  const ST = add(withinClassCovariance(H, sizes), SB);
  const STinv = pseudoInverse(ST);
  const WLS = matmul(transpose(centeredMeans(Hbar)), STinv);
  for (let i = 0; i < WLS.data.length; i++) WLS.data[i] /= r.K;
  const gMean = matmul(Hbar, mat(r.K, 1, new Float64Array(r.K).fill(1 / r.K)));
  const bLS = sub(mat(r.K, 1, new Float64Array(r.K).fill(1 / r.K)), matmul(WLS, gMean));
  // The prediction's closed form: L_LS = (K − 1 − Tr(Σ_T^{-1} Σ_B)) / (2K).
  const closedForm = (r.K - p.lsOffset - trace(matmul(STinv, SB))) / (p.lsScale * r.K);
  // L_LS^⊥ = 1/(2N) Σ ||(W − W_LS) h + (b − b_LS)||²: the fit of the difference against zero targets.
  const perp = fit(sub(W, WLS), sub(b, bLS), H, mat(r.K, H.cols));
  return { Y, WLS, bLS, closedForm, perp };
}

/**
 * Relative residual of two fits, floored at the fit's natural scale (K − 1)/(2K) — its value at W = 0,
 * b = 1_K/K: where [H; 1^T] is square (d = Kn − 1) the fit interpolates and both sides are round-off.
 */
const relative = (a: number, b: number, r: Regime) => relativeResidual(a, b, lossScale(r.K, true));

export default defineTheorem({
  id: 'HPD22',
  title: 'MSE decomposition: L(W, b) = L_LS(H) + L_LS^⊥(W, b) with L_LS = (K − 1 − Tr(Σ_T^{-1} Σ_B))/(2K), exactly',
  citation: 'Han, Papyan, Donoho, ICLR 2022 (MSE loss decomposition and the central path)',
  provenance: derived('docs/theorems.md §5 HPD22 (context unverified), numerically checked'),
  model: 'ufm-mse',
  normalization: 'fit L(W, b) = 1/(2N) Σ ||W h + b − y||² (the fit term of ufm-mse, balanced classes)',
  parameters,
  hypothesis: {
    text: 'balanced classes; Σ_T = Σ_W + Σ_B invertible (generic when d ≤ Kn − 1)',
    check: (r) => r.d <= r.K * r.n - 1 || `d = ${r.d} > Kn − 1 = ${r.K * r.n - 1}: Σ_T is singular`,
  },
  // No minimum is claimed (loss NaN); the prediction is the closed form of L_LS: (K − 1 − Tr)/(2K).
  predict: () => ({ loss: NaN, lsOffset: 1, lsScale: 2 }),
  clauses: ({ identity }) => [
    identity('decomposition', {
      statement: 'L(W, b) = L_LS(H) + L_LS^⊥(W, b) at every (W, b, H) (relative residual)',
      tolerance: MACHINE,
      // Σ_T is singular once features collapse: the identities' own hypothesis holds at generic points.
      points: 'random',
      predicted: () => 0,
      measured: ({ params }, p, r) => {
        const [W, H, b] = params;
        const parts = leastSquaresParts(W, b, H, r, p);
        return relative(fit(W, b, H, parts.Y), parts.closedForm + parts.perp, r);
      },
    }),
    identity('least-squares-value', {
      statement: 'min_{W,b} L = (K − 1 − Tr(Σ_T^{-1} Σ_B))/(2K), against a least-squares solve of [H; 1^T] by pseudo-inverse',
      tolerance: MACHINE,
      // Σ_T is singular once features collapse: the identities' own hypothesis holds at generic points.
      points: 'random',
      predicted: () => 0,
      measured: ({ params }, p, r) => {
        const H = params[1];
        const parts = leastSquaresParts(params[0], params[2], H, r, p);
        // Independent solve: [W b] = Y A^T (A A^T)^+ with A = [H; 1^T].
        const A = mat(H.rows + 1, H.cols);
        A.data.set(H.data);
        A.data.fill(1, H.data.length);
        const Wb = matmul(matmul(parts.Y, transpose(A)), pseudoInverse(matmul(A, transpose(A))));
        const W = mat(r.K, H.rows);
        const b = mat(r.K, 1);
        for (let k = 0; k < r.K; k++) {
          for (let j = 0; j < H.rows; j++) W.data[k * H.rows + j] = Wb.data[k * (H.rows + 1) + j];
          b.data[k] = Wb.data[k * (H.rows + 1) + H.rows];
        }
        return relative(fit(W, b, H, parts.Y), parts.closedForm, r);
      },
    }),
  ],
  nonClaims: [
    { statement: "HPD's empirical claim L_LS^⊥ ≪ L_LS during training (iterates stay near the central path)", reason: 'a statement about SGD on real networks [unverified]; see HPD22-CP for the checkable central-path statement' },
  ],
  regimes: {
    inside: fc
      .record({ K: fc.integer({ min: 2, max: 6 }), n: fc.integer({ min: 2, max: 6 }), d: fc.integer({ min: 1, max: 8 }) })
      .filter((r) => r.d <= r.K * r.n - 2)
      .map((r) => ({ ...r, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0 })),
  },
  training: { restarts: 1 },
  runs: 100,
  // d = Kn − 1 ([H; 1^T] square: the fit interpolates), d = 1, n = 1 (then d ≤ K − 1), K = 2. The weights
  // λ do not enter the identities: no λ edge.
  boundaries: [
    widthKnMinusOne(),
    { name: 'd = 1', place: (r) => ({ ...r, d: 1 }), on: (r) => r.d === 1 },
    { name: 'n = 1', place: (r) => ({ ...r, n: 1, d: Math.min(r.d, r.K - 1) }), on: (r) => r.n === 1 },
    twoClasses(),
  ],
});
