// Certified global minimum of the regularized-MSE UFM (any class sizes, with
// or without bias), computed from the model alone — no theorem involved.
//
// Multiply the TB22-normalized objective by N = Σ n_k and substitute Z = W H
// (K x N). The variational form of the nuclear norm (docs/theorems.md
// §1.2), min_{WH = Z} a/2 ||W||² + c/2 ||H||² = sqrt(ac) ||Z||_* when the inner
// width d ≥ rank Z, turns training into the problem on the full label matrix Y
//
//   N·L* = min_{rank Z ≤ d, b}  1/2 ||Z + b 1_N^T − Y||²  +  c̃ ||Z||_*  +  a_b/2 ||b||²,
//   c̃ = sqrt(N λ_W λ_H / K),   a_b = N λ_b / K.
//
// * no bias:     Z = the top-d singular values of Y soft-thresholded by c̃ (exact: von Neumann);
// * free bias:   b absorbs the mean column, so Z = the same operator applied to Y C,
//                C = I − 1 1^T/N (replacing Z by Z C never raises the nuclear norm);
// * ridge bias:  for d ≥ K the problem is jointly convex; minimizing over b the
//                strongly convex envelope g(b) = e(Y − b 1^T) + a_b/2 ||b||² (one SVD per
//                evaluation) gives b to a certified gap ||∇g||²/(2 a_b). For d < K with a
//                ridge bias the rank constraint breaks convexity: no certificate.
//
// The minimizer is assembled as a balanced factorization W = α U Σ^{1/2} E^T,
// H = β E Σ^{1/2} V^T with α β = 1 and a α² = c β², which attains the nuclear-norm bound.
import { mat, type Mat } from '../linalg/matrix.ts';
import { svd } from '../linalg/decompositions.ts';
import { minimizeLbfgs } from '../train/lbfgs.ts';
import { cpuF64 } from '../backend/cpu-f64.ts';
import type { Certificate } from './certificate.ts';

export interface MseUfmProblem {
  readonly classSizes: readonly number[];
  readonly d: number;
  readonly lambdaW: number;
  readonly lambdaH: number;
  /** undefined: no bias; 0: unregularized bias; > 0: ridge on the bias. */
  readonly lambdaB?: number;
}

/** One-hot labels, classes in consecutive column blocks. */
export function labelMatrix(classSizes: readonly number[]): Mat {
  const K = classSizes.length;
  const N = classSizes.reduce((s, v) => s + v, 0);
  const Y = mat(K, N);
  let col = 0;
  classSizes.forEach((nk, k) => {
    for (let i = 0; i < nk; i++) Y.data[k * N + col++] = 1;
  });
  return Y;
}

export interface Shrunk {
  /** Z = U diag(z) V^T restricted to the kept directions. */
  readonly U: Mat;
  readonly z: Float64Array;
  readonly V: Mat;
  /** Singular values of the input (descending). */
  readonly sigma: Float64Array;
  /** Whether the kept subspace is determined (no tie across the rank cut). */
  readonly unique: boolean;
}

/**
 * prox of c̃||·||_* restricted to rank ≤ d: soft-threshold the top-d singular
 * values. Ties across the cut make the argmin non-unique (any subspace of the
 * tied singular vectors is optimal).
 */
function rankLimitedShrink(M: Mat, threshold: number, d: number): Shrunk {
  const { U, s, V } = svd(M);
  const kept: number[] = [];
  // Stryker disable next-line EqualityOperator: i = s.length reads undefined, which is never > threshold (equivalent); s[i] exactly at the threshold is listed in docs/mutation.md
  for (let i = 0; i < s.length && kept.length < d; i++) if (s[i] > threshold) kept.push(i);
  const tieTol = 1e-9 * (s[0] ?? 0);
  const unique =
    kept.length < d || kept.length === s.length || s[kept.length] <= threshold || s[d - 1] - s[d] > tieTol;
  const pick = (m: Mat): Mat => {
    const out = mat(m.rows, kept.length);
    // Stryker disable next-line EqualityOperator: equivalent, the extra pass writes past the end of a Float64Array (ignored by JavaScript)
    for (let i = 0; i < m.rows; i++) kept.forEach((src, dst) => (out.data[i * kept.length + dst] = m.data[i * m.cols + src]));
    return out;
  };
  return { U: pick(U), z: Float64Array.from(kept, (i) => s[i] - threshold), V: pick(V), sigma: s, unique };
}

function reconstruct(sh: Shrunk): Mat {
  const K = sh.U.rows;
  const N = sh.V.rows;
  const Z = mat(K, N);
  for (let r = 0; r < sh.z.length; r++) {
    // Stryker disable next-line EqualityOperator: equivalent, the extra pass writes past the end of a Float64Array (ignored by JavaScript)
    for (let i = 0; i < K; i++) {
      const u = sh.U.data[i * sh.U.cols + r] * sh.z[r];
      // Stryker disable next-line ConditionalExpression: equivalent, an optimisation (u = 0 adds zeros)
      if (u === 0) continue;
      for (let j = 0; j < N; j++) Z.data[i * N + j] += u * sh.V.data[j * sh.V.cols + r];
    }
  }
  return Z;
}

/** Value of min_Z 1/2||M − Z||² + c̃||Z||_* at the shrunk solution, from singular values alone. */
function envelopeValue(sh: Shrunk, threshold: number): number {
  let v = 0;
  sh.sigma.forEach((sigma, i) => {
    const zi = i < sh.z.length ? sh.z[i] : 0;
    v += 0.5 * (sigma - zi) ** 2 + threshold * zi;
  });
  return v;
}

/** W = α U Σ^{1/2} E^T, H = β Σ^{1/2} V^T with αβ = 1 and a α² = c β²: attains the nuclear-norm bound for the penalty a/2||W||² + c/2||H||². */
export function balancedFactors(sh: Shrunk, d: number, a: number, c: number): { W: Mat; H: Mat } {
  const K = sh.U.rows;
  const N = sh.V.rows;
  const alpha = (c / a) ** 0.25;
  const beta = (a / c) ** 0.25;
  const W = mat(K, d);
  const H = mat(d, N);
  for (let r = 0; r < sh.z.length; r++) {
    const root = Math.sqrt(sh.z[r]);
    // Stryker disable next-line EqualityOperator: equivalent, the extra pass writes past the end of a Float64Array (ignored by JavaScript)
    for (let i = 0; i < K; i++) W.data[i * d + r] = alpha * root * sh.U.data[i * sh.U.cols + r];
    for (let j = 0; j < N; j++) H.data[r * N + j] = beta * root * sh.V.data[j * sh.V.cols + r];
  }
  return { W, H };
}

/** M C with C = I − 1 1^T/N: every row minus its mean. */
export function centerColumns(M: Mat): Mat {
  const out = mat(M.rows, M.cols, M.data);
  // Stryker disable next-line EqualityOperator: equivalent, the extra pass writes past the end of a Float64Array (ignored by JavaScript)
  for (let i = 0; i < M.rows; i++) {
    let mean = 0;
    for (let j = 0; j < M.cols; j++) mean += M.data[i * M.cols + j];
    mean /= M.cols;
    for (let j = 0; j < M.cols; j++) out.data[i * M.cols + j] -= mean;
  }
  return out;
}

function subtractBias(Y: Mat, b: ArrayLike<number>): Mat {
  const out = mat(Y.rows, Y.cols, Y.data);
  // Stryker disable next-line EqualityOperator: equivalent, the extra pass writes past the end of a Float64Array (ignored by JavaScript)
  for (let i = 0; i < Y.rows; i++) for (let j = 0; j < Y.cols; j++) out.data[i * Y.cols + j] -= b[i];
  return out;
}

/** Returns undefined where no certificate exists (ridge bias with d < K). */
export function certifyMseUfm(p: MseUfmProblem): Certificate | undefined {
  const K = p.classSizes.length;
  const N = p.classSizes.reduce((s, v) => s + v, 0);
  const aW = (N * p.lambdaW) / K;
  const aH = p.lambdaH;
  const threshold = Math.sqrt(aW * aH);
  const Y = labelMatrix(p.classSizes);

  if (p.lambdaB === undefined) {
    const sh = rankLimitedShrink(Y, threshold, p.d);
    const { W, H } = balancedFactors(sh, p.d, aW, aH);
    return {
      loss: envelopeValue(sh, threshold) / N,
      minimizer: [W, H],
      unique: sh.unique,
      method: 'nuclear-norm reformulation on Y: rank-limited singular-value soft-thresholding (SVD)',
    };
  }

  if (p.lambdaB === 0) {
    const YC = centerColumns(Y);
    const sh = rankLimitedShrink(YC, threshold, p.d);
    const { W, H } = balancedFactors(sh, p.d, aW, aH);
    const Z = reconstruct(sh);
    const b = mat(K, 1);
    // Stryker disable next-line EqualityOperator: equivalent, the extra pass writes past the end of a Float64Array (ignored by JavaScript)
    for (let i = 0; i < K; i++) {
      let s = 0;
      // Z = U diag(z) V^T with V from the SVD of Y C, whose rows are orthogonal to 1: Z 1 = 0.
      // Stryker disable next-line ArithmeticOperator: equivalent, Z 1 = 0 (see above)
      for (let j = 0; j < N; j++) s += Y.data[i * N + j] - Z.data[i * N + j];
      b.data[i] = s / N;
    }
    return {
      loss: envelopeValue(sh, threshold) / N,
      minimizer: [W, H, b],
      unique: sh.unique,
      method: 'nuclear-norm reformulation on Y C (free bias absorbs the mean): soft-thresholding (SVD)',
    };
  }

  if (p.d < K) return undefined;
  const aB = (N * p.lambdaB) / K;
  const g = (b: Float64Array): { value: number; gradient: Float64Array } => {
    const M = subtractBias(Y, b);
    const sh = rankLimitedShrink(M, threshold, p.d);
    const Z = reconstruct(sh);
    const gradient = new Float64Array(K);
    let bb = 0;
    for (let i = 0; i < K; i++) {
      let s = 0;
      for (let j = 0; j < N; j++) s += M.data[i * N + j] - Z.data[i * N + j];
      gradient[i] = -s + aB * b[i];
      bb += b[i] * b[i];
    }
    return { value: envelopeValue(sh, threshold) + 0.5 * aB * bb, gradient };
  };
  // Mutation testing (docs/mutation.md): L-BFGS's start, preconditioner, tolerance and the unused
  // loss callback change how it gets there; the gap bound below decides what is certified.
  // Stryker disable next-line ArithmeticOperator: equivalent in the result, see above
  const start = new Float64Array(K).fill(1 / K);
  const result = minimizeLbfgs(
    cpuF64,
    {
      // Stryker disable next-line ArrowFunction: equivalent, the line search uses lossAndGradient only
      loss: (params) => g(params[0].data).value,
      lossAndGradient: (params) => {
        const { value, gradient } = g(params[0].data);
        return { loss: value, gradient: [mat(K, 1, gradient)] };
      },
      dispose: () => undefined,
    },
    [mat(K, 1, start)],
    // Stryker disable next-line ArithmeticOperator: equivalent in the result, see above
    [1 / (N + aB)],
    // Stryker disable next-line ArithmeticOperator: equivalent in the result, see above
    { gradientTolerance: 1e-14 * N, maxIterations: 500 },
  );
  const gap = result.gradNorm ** 2 / (2 * aB) / N;
  if (result.status === 'diverged' || gap > 1e-13) return undefined;
  const b = result.params[0];
  const sh = rankLimitedShrink(subtractBias(Y, b.data), threshold, p.d);
  const { W, H } = balancedFactors(sh, p.d, aW, aH);
  return {
    loss: result.loss / N,
    minimizer: [W, H, b],
    unique: true,
    method: `nuclear-norm reformulation with ridge bias: L-BFGS on the strongly convex bias envelope (gap ≤ ${gap.toExponential(1)})`,
  };
}
