// Certified global minimum of the depth-m linear MSE UFM (m = L + 1 factors:
// the free features H1 and the weights W1 … WL), computed from the model alone.
//
// Multiply the TB22-normalized objective by N = Σ n_k. With Z = W_L ⋯ W_1 H_1
// (K x N) and every inner width d ≥ rank Z, the variational form of
// docs/theorems.md §1.2 gives
//
//   min_{F_m ⋯ F_1 = Z} Σ_j a_j/2 ||F_j||² = (m/2) c̃ Σ_i σ_i(Z)^{2/m},   c̃ = (Π_j a_j)^{1/m},
//   a_H = λ_H,  a_{W_l} = N λ_{W_l} / K,
//
// and by von Neumann's trace inequality the problem on Z separates over the
// singular values σ_i of the label matrix (Y, or Y C with a free bias, which
// absorbs the mean column exactly as in mse-nuclear-norm.ts) into 1-D problems
//
//   g_i(t) = 1/2 (t − σ_i)² + (m/2) c̃ t^{2/m},   t ≥ 0,
//
// keeping the d largest σ_i when d < rank (each kept value lowers the total by
// σ²/2 − min g, which grows with σ). Each g_i is minimized *globally* here, with
// no formula from any theorem: for m ≥ 3, g' = φ − σ with φ(t) = t + c̃ t^{2/m − 1}
// convex on t > 0, so g has at most one interior local minimum (the larger root
// of g', bracketed by bisection on either side of φ's minimizer), which is
// compared with the boundary t = 0; a grid scan of g double-checks the result.
// The balanced factorization is then built explicitly (factor j has singular
// values sqrt(c̃ t_i^{2/m} / a_j)), and callers evaluate it through the model.
import { mat } from '../linalg/matrix.ts';
import { svd } from '../linalg/decompositions.ts';
import type { Certificate } from './certificate.ts';
import { centerColumns, labelMatrix } from './mse-nuclear-norm.ts';

export interface DeepLinearProblem {
  readonly classSizes: readonly number[];
  readonly d: number;
  /** λ_{W_1} … λ_{W_L}; W_L is the classifier. */
  readonly lambdaW: readonly number[];
  readonly lambdaH: number;
  /** undefined: no bias; 0: unregularized bias on the classifier; > 0: no certificate. */
  readonly lambdaB?: number;
}

export interface ScalarMinimum {
  readonly t: number;
  readonly value: number;
  /** False when two separated points tie for the global minimum (to 1e-12 relative). */
  readonly unique: boolean;
}

const GRID = 512;

function bisect(f: (t: number) => number, lo: number, hi: number): number {
  // f(lo) < 0 < f(hi); 200 halvings reach the float64 resolution of any bracket.
  // Mutation testing (docs/mutation.md): the loop has two stops, 200 halvings and a midpoint that no
  // longer moves; weakening either leaves the other, and the bracket ends at the same two floats.
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ArithmeticOperator,UpdateOperator: equivalent, either stop ends the loop at the same bracket
  for (let i = 0; i < 200 && hi - lo > 0; i++) {
    const mid = 0.5 * (lo + hi);
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: equivalent, a midpoint equal to an end leaves the bracket unchanged
    if (mid <= lo || mid >= hi) break;
    // Stryker disable next-line EqualityOperator: equivalent, f(mid) = 0 makes mid a root whichever end it replaces
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Global minimizer over t ≥ 0 of 1/2 (t − σ)² + (m/2) c̃ t^{2/m}. */
export function minimizeSchattenScalar(sigma: number, ct: number, m: number): ScalarMinimum {
  const g = (t: number): number => 0.5 * (t - sigma) ** 2 + 0.5 * m * ct * t ** (2 / m);
  // The three shortcuts below return what the general path computes (t = 0 for σ = 0; the ridge
  // roots for m = 1, 2, found by bisection to the last bits); they keep those roots exact.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, the general path returns t = 0 and g(0) = 0 for σ = 0
  if (sigma <= 0) return { t: 0, value: 0, unique: true };
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent to rounding, the general path bisects to σ − c̃
  if (m === 2) {
    const t = Math.max(0, sigma - ct);
    return { t, value: g(t), unique: true };
  }
  // m = 1 (no weight layer; no model reaches it, models have L ≥ 1): a ridge, minimized at σ/(1 + c̃).
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent to rounding, the general path bisects to σ/(1 + c̃)
  if (m === 1) {
    const t = sigma / (1 + ct);
    return { t, value: g(t), unique: true };
  }
  const p = 2 / m - 1; // < 0
  const gPrime = (t: number): number => t - sigma + ct * t ** p;
  // φ'(t) = 1 + c̃ p t^{p−1} is increasing; its root is φ's minimizer t0.
  const phiPrime = (t: number): number => 1 + ct * p * t ** (p - 1);
  let hi = 1;
  while (phiPrime(hi) < 0) hi *= 2;
  let lo = hi;
  // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent, any bracket of φ' 's single root bisects to the same t0
  while (phiPrime(lo) >= 0 && lo > 1e-300) lo /= 2;
  const t0 = bisect(phiPrime, lo, hi);
  const candidates: number[] = [0];
  // Where g'(t0) ≥ 0, g is increasing from t0 on and the extra candidate loses to t = 0.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, see the line above
  if (gPrime(t0) < 0) {
    // g' < 0 at t0 and g'(σ) = c̃ σ^p > 0: the interior local minimum lies in (t0, σ].
    // Stryker disable next-line ArithmeticOperator: equivalent, any upper end at or above σ brackets the same root
    candidates.push(bisect(gPrime, t0, Math.max(sigma, t0) * (1 + 1e-15) + 1e-300));
  }
  const values = candidates.map(g);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a candidate only ever differs from t = 0 here on an exact tie, where either is a minimizer
  const best = values[1] !== undefined && values[1] < values[0] ? 1 : 0;
  // Safety net: no grid point may beat the analytic candidates beyond rounding. It never fires on
  // correct code, so mutants that silence it cannot be observed (those that make it fire are killed).
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent, the safety net never runs its body on correct code
  for (let k = 1; k <= GRID; k++) {
    // Stryker disable next-line ArithmeticOperator: equivalent, the safety net never fires on correct code
    const v = g((sigma * k) / GRID);
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator,MethodExpression,BlockStatement,StringLiteral: equivalent, the safety net never fires on correct code
    if (v < values[best] - 1e-12 * Math.max(1, values[best])) {
      // Stryker disable next-line StringLiteral,ArithmeticOperator: the message of a check that never fires on correct code
      throw new Error(`deep-linear certificate: grid point t = ${(sigma * k) / GRID} beats the bracketed minimum (σ = ${sigma}, c̃ = ${ct}, m = ${m})`);
    }
  }
  // Stryker disable next-line ConditionalExpression: equivalent, with one candidate values[1] is undefined and the difference NaN
  const tie = values.length === 2 && Math.abs(values[0] - values[1]) <= 1e-12 * Math.max(1, values[0]);
  return { t: candidates[best], value: values[best], unique: !tie };
}

/** Certificate of the deep linear MSE UFM; undefined for a ridge bias (no reformulation used here). */
export function certifyDeepLinear(p: DeepLinearProblem): Certificate | undefined {
  // Stryker disable next-line ConditionalExpression: equivalent, undefined > 0 is false
  if (p.lambdaB !== undefined && p.lambdaB > 0) return undefined;
  const K = p.classSizes.length;
  const N = p.classSizes.reduce((s, v) => s + v, 0);
  const L = p.lambdaW.length;
  const m = L + 1;
  const a = [p.lambdaH, ...p.lambdaW.map((l) => (N * l) / K)];
  const ct = Math.exp(a.reduce((s, v) => s + Math.log(v), 0) / m);
  const Y = labelMatrix(p.classSizes);
  const target = p.lambdaB === undefined ? Y : centerColumns(Y);
  const { U, s, V } = svd(target);
  const keep = Math.min(p.d, s.length);
  let total = 0;
  const t: number[] = [];
  let unique = true;
  s.forEach((sigma, i) => {
    if (i < keep) {
      const r = minimizeSchattenScalar(sigma, ct, m);
      t.push(r.t);
      total += r.value;
      unique &&= r.unique;
    } else total += 0.5 * sigma * sigma;
  });
  const tieTol = 1e-9 * (s[0] ?? 0);
  // keep = s.length leaves s[keep] undefined and the difference NaN, so the first test only saves a read.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, see the line above (and a difference exactly at tieTol is a tie either way)
  if (keep < s.length && s[keep - 1] - s[keep] <= tieTol && t[keep - 1] > 0) unique = false;

  // Balanced factors in the first r coordinates: factor j carries sqrt(c̃ t_i^{2/m} / a_j) on direction i.
  const d = p.d;
  const H1 = mat(d, N);
  const weights = p.lambdaW.map((_, l) => (l === L - 1 ? mat(K, d) : mat(d, d)));
  t.forEach((ti, i) => {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, t = 0 writes zeros into zeros
    if (ti <= 0) return;
    const mu = ct * ti ** (2 / m);
    const sH = Math.sqrt(mu / a[0]);
    for (let j = 0; j < N; j++) H1.data[i * N + j] = sH * V.data[j * V.cols + i];
    weights.forEach((W, l) => {
      const sl = Math.sqrt(mu / a[l + 1]);
      // Stryker disable next-line EqualityOperator: equivalent, k = K writes past the end of a Float64Array (ignored) or into row i + 1's slot that its own pass overwrites
      if (l === L - 1) for (let k = 0; k < K; k++) W.data[k * d + i] = sl * U.data[k * U.cols + i];
      else W.data[i * d + i] = sl;
    });
  });
  const minimizer = [H1, ...weights];
  if (p.lambdaB === 0) {
    // b = (Y − Z) 1 / N with Z = U diag(t) V^T. V comes from the SVD of Y C, whose rows are orthogonal
    // to 1, so every column of V sums to 0 and Z 1 = 0: b = Y 1 / N whatever is done to Z's terms, and
    // mutants of Z's sum here are equivalent (the free-bias test through the model checks b).
    const b = mat(K, 1);
    // Stryker disable next-line EqualityOperator: equivalent, k = K writes past the end of b's Float64Array
    for (let k = 0; k < K; k++) {
      let z = 0;
      for (let j = 0; j < N; j++) {
        let zkj = 0;
        // Stryker disable next-line ArrowFunction,AssignmentOperator,ArithmeticOperator: equivalent, Z 1 = 0 (see above)
        t.forEach((ti, i) => (zkj += U.data[k * U.cols + i] * ti * V.data[j * V.cols + i]));
        // Stryker disable next-line ArithmeticOperator: equivalent, Z 1 = 0 (see above)
        z += Y.data[k * N + j] - zkj;
      }
      b.data[k] = z / N;
    }
    minimizer.push(b);
  }
  return {
    loss: total / N,
    minimizer,
    unique,
    method: `Schatten-2/${m} reformulation on ${p.lambdaB === undefined ? 'Y' : 'Y C (free bias)'}: per-singular-value global 1-D minimization (bracketed, grid-checked), balanced factorization`,
  };
}
