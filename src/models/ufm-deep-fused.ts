// The layered UFMs' loss and gradient (ufm-deep.ts) as one allocation-free
// float64 kernel on a flat parameter vector x = [H1 | W1 | … | WL | b?], each
// block row-major (the block order of ufm-deep's blockSpecs); with one layer and
// the cross-entropy loss it is also ufm-ce's, on x = [W | H | b?].
//
// Why a second implementation: these models have small blocks (d ≈ 16–28,
// N ≈ 2–8), where the per-kernel path spends most of its time allocating a
// matrix per operation and calling an elementwise closure per entry, not on
// arithmetic. This kernel removes that overhead and nothing else: it performs
// exactly the floating-point operations of the per-kernel path on cpu-f64, in
// the same order — every product accumulates over the inner index in
// increasing order from +0 and skips the same zero entries of its left factor
// as cpu-f64's matmul, every reduction runs in the same order, every scalar
// factor (λ/K, 1/N, …) is formed by the same expression — so a result is bit
// for bit the per-kernel one (test/unit/models/ufm-deep-fused.test.ts keeps
// the per-kernel path as the oracle). Only the loop order over output entries
// differs, which no sum depends on. Hence `blockOrder`: trainers pair it with
// a flat space that also keeps the block space's summation order
// (train/space.ts blockOrderFlatSpace), so training is bit-identical too.
import type { FlatObjective } from './model.ts';

export interface DeepFusedConfig {
  readonly K: number;
  readonly classSizes: readonly number[];
  readonly N: number;
  readonly d: number;
  readonly L: number;
  readonly lambdaH: number;
  readonly lambdaW: readonly number[];
  readonly lambdaB?: number;
}

// The products below compute up to four output entries of a row at once: four independent sums in
// registers instead of one (a sum's additions are serially dependent, so one sum at a time waits on
// every addition's latency), each still accumulated over p in increasing order from +0.

/**
 * out (n x m) = A (n x k) B (k x m), A and B row-major at offsets ao and bo.
 * Each entry sums over p = 0 … k−1 from +0, skipping A's zero entries (as cpu-f64's matmul).
 * With aStride = 1 and aStep = k this is A B; with aStride = n and aStep = 1 (A stored k x n) it is Aᵀ B.
 */
function product(a: Float64Array, ao: number, aStride: number, aStep: number, b: Float64Array, bo: number, out: Float64Array, n: number, k: number, m: number): void {
  for (let i = 0; i < n; i++) {
    const ar = ao + i * aStep;
    const o = i * m;
    let j = 0;
    for (; j + 4 <= m; j += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const aip = a[ar + p * aStride];
        if (aip !== 0) {
          const br = bo + p * m + j;
          s0 += aip * b[br];
          s1 += aip * b[br + 1];
          s2 += aip * b[br + 2];
          s3 += aip * b[br + 3];
        }
      }
      out[o + j] = s0;
      out[o + j + 1] = s1;
      out[o + j + 2] = s2;
      out[o + j + 3] = s3;
    }
    for (; j + 2 <= m; j += 2) {
      let s0 = 0, s1 = 0;
      for (let p = 0; p < k; p++) {
        const aip = a[ar + p * aStride];
        if (aip !== 0) {
          const br = bo + p * m + j;
          s0 += aip * b[br];
          s1 += aip * b[br + 1];
        }
      }
      out[o + j] = s0;
      out[o + j + 1] = s1;
    }
    for (; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const aip = a[ar + p * aStride];
        if (aip !== 0) s += aip * b[bo + p * m + j];
      }
      out[o + j] = s;
    }
  }
}

/**
 * The weight gradient g[wo + i·cols + j] = Σ_p G[i, p] A[j, p] + W[i, j]·lw (G rows x N, A cols x N at ao, W at wo in x),
 * the sum over p in increasing order from +0 and the penalty added after, as cpu-f64's axpy(1, G Aᵀ, lw W).
 */
function weightGradient(G: Float64Array, A: Float64Array, ao: number, x: Float64Array, g: Float64Array, wo: number, lw: number, rows: number, cols: number, N: number): void {
  for (let i = 0; i < rows; i++) {
    const gr = i * N;
    const o = wo + i * cols;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      const a0 = ao + j * N;
      for (let p = 0; p < N; p++) {
        const gip = G[gr + p];
        s0 += gip * A[a0 + p];
        s1 += gip * A[a0 + N + p];
        s2 += gip * A[a0 + 2 * N + p];
        s3 += gip * A[a0 + 3 * N + p];
      }
      g[o + j] = 1 * s0 + x[o + j] * lw;
      g[o + j + 1] = 1 * s1 + x[o + j + 1] * lw;
      g[o + j + 2] = 1 * s2 + x[o + j + 2] * lw;
      g[o + j + 3] = 1 * s3 + x[o + j + 3] * lw;
    }
    for (; j < cols; j++) {
      let s = 0;
      for (let p = 0; p < N; p++) s += G[gr + p] * A[ao + j * N + p];
      g[o + j] = 1 * s + x[o + j] * lw;
    }
  }
}

/** Sum of squares of x[from, to) in increasing order (cpu-f64 sumSquares). */
function sumSquares(x: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return s;
}

/**
 * Where the blocks lie in x: 'features-first' is ufm-deep's [H1 | W1 | … | WL | b?];
 * 'weights-first' (one weight layer only) is ufm-ce's [W | H | b?].
 */
export type BlockLayout = 'features-first' | 'weights-first';

/**
 * The fused kernel of ufm-deep's objective for σ = ReLU or identity and the MSE
 * (TB22) or cross-entropy (Zhu) loss; `blockOrder: true` (see above). With L = 1,
 * σ = identity, the cross-entropy loss and the weights-first layout it is also
 * ufm-ce's objective, operation for operation (its penalty factors λ·1 are λ).
 */
export function deepFusedObjective(c: DeepFusedConfig, activation: 'linear' | 'relu', lossKind: 'mse' | 'ce', layout: BlockLayout = 'features-first'): FlatObjective {
  const { K, N, d, L } = c;
  const relu = activation === 'relu';
  const hasBias = c.lambdaB !== undefined;
  // Block offsets: H1 (d x N) at hOff, W_l (d x d; W_L: K x d) at wOff[l], b (K) at bOff.
  const wRows = (l: number): number => (l === L ? K : d);
  const wOff: number[] = [Number.NaN];
  let hOff: number;
  let bOff: number;
  if (layout === 'features-first') {
    hOff = 0;
    let o = d * N;
    for (let l = 1; l <= L; l++) {
      wOff.push(o);
      o += wRows(l) * d;
    }
    bOff = o;
  } else {
    if (L !== 1) throw new RangeError(`deepFusedObjective: the weights-first layout has one weight layer, not ${L}`);
    wOff.push(0);
    hOff = K * d;
    bOff = hOff + d * N;
  }
  const size = bOff + (hasBias ? K : 0);
  // The same scalar factors as ufm-deep's penaltyScales and objectiveOf, formed by the same expressions.
  const w = lossKind === 'mse' ? 1 / K : 1;
  const h = lossKind === 'mse' ? 1 / N : 1;
  const lambdaB = c.lambdaB ?? 0;
  const invN = 1 / N;
  const Y = new Float64Array(K * N);
  for (let k = 0, col = 0; k < K; k++) for (let i = 0; i < c.classSizes[k]; i++) Y[k * N + col++] = 1;
  // Workspace: pre-activations X_l and activations A_l (l = 1 … L−1; A_l is X_l itself when σ is the
  // identity), the output Z and its gradient G (K x N), two d x N buffers for the backward pass.
  const pre = Array.from({ length: L - 1 }, () => new Float64Array(d * N));
  const acts = relu ? Array.from({ length: L - 1 }, () => new Float64Array(d * N)) : pre;
  const Z = new Float64Array(K * N);
  const G = new Float64Array(K * N);
  const back = [new Float64Array(d * N), new Float64Array(d * N)];

  const evaluate = (x: Float64Array, g: Float64Array): number => {
    // Forward: X_l = W_l A_{l−1}, A_l = σ(X_l); Z = W_L A_{L−1} (+ b 1ᵀ). A_0 = H1 lies in x at hOff.
    let A = x;
    let aOff = hOff;
    for (let l = 1; l < L; l++) {
      const X = pre[l - 1];
      product(x, wOff[l], 1, d, A, aOff, X, d, d, N);
      if (relu) {
        const act = acts[l - 1];
        for (let i = 0; i < X.length; i++) act[i] = X[i] > 0 ? X[i] : 0;
      }
      A = acts[l - 1];
      aOff = 0;
    }
    product(x, wOff[L], 1, d, A, aOff, Z, K, d, N);
    if (hasBias) {
      const bo = bOff;
      for (let i = 0; i < K; i++) {
        const vi = x[bo + i];
        for (let j = 0; j < N; j++) Z[i * N + j] = Z[i * N + j] + vi;
      }
    }

    // Fit and its gradient G = ∂fit/∂Z.
    let fit: number;
    if (lossKind === 'mse') {
      // 1/(2N)||Z − Y||², G = (Z − Y)·(1/N).
      let s = 0;
      for (let i = 0; i < K * N; i++) {
        const r = Z[i] - Y[i];
        s += r * r;
        G[i] = r * invN;
      }
      fit = s / (2 * N);
    } else {
      // (1ᵀ lse(Z) − <Y, Z>)/N, G = (softmax(Z) − Y)·(1/N), column by column as cpu-f64 does.
      let lse = 0;
      for (let j = 0; j < N; j++) {
        let max = -Infinity;
        for (let i = 0; i < K; i++) max = Math.max(max, Z[i * N + j]);
        let s = 0;
        for (let i = 0; i < K; i++) s += Math.exp(Z[i * N + j] - max);
        lse += (max + Math.log(s)) * 1;
        // softmaxColumns recomputes the same maximum and exponentials.
        let t = 0;
        for (let i = 0; i < K; i++) {
          const e = Math.exp(Z[i * N + j] - max);
          G[i * N + j] = e;
          t += e;
        }
        for (let i = 0; i < K; i++) G[i * N + j] /= t;
      }
      let yz = 0;
      for (let i = 0; i < K * N; i++) yz += Y[i] * Z[i];
      for (let i = 0; i < K * N; i++) G[i] = (G[i] - Y[i]) * invN;
      fit = (lse - yz) / N;
    }
    let penalty = ((c.lambdaH * h) / 2) * sumSquares(x, hOff, hOff + d * N);
    for (let l = 1; l <= L; l++) penalty += ((c.lambdaW[l - 1] * w) / 2) * sumSquares(x, wOff[l], wOff[l] + wRows(l) * d);
    if (hasBias) penalty += ((lambdaB * w) / 2) * sumSquares(x, bOff, size);
    const loss = fit + penalty;

    // Backward. ∇b = G 1 + (λ_b w) b.
    if (hasBias) {
      const bo = bOff;
      const lb = lambdaB * w;
      for (let i = 0; i < K; i++) {
        let s = 0;
        for (let j = 0; j < N; j++) s += G[i * N + j];
        g[bo + i] = 1 * s + x[bo + i] * lb;
      }
    }
    // Layer l (rows r: K for the classifier, else d): ∇W_l = G_l A_{l−1}ᵀ + (λ_Wl w) W_l,
    // G_{A_{l−1}} = W_lᵀ G_l, G_{l−1} = σ'(X_{l−1}) ⊙ G_{A_{l−1}}.
    let Gl = G;
    for (let l = L; l >= 1; l--) {
      const rows = wRows(l);
      const lw = c.lambdaW[l - 1] * w;
      const wo = wOff[l];
      if (l === 1) weightGradient(Gl, x, hOff, x, g, wo, lw, rows, d, N);
      else weightGradient(Gl, acts[l - 2], 0, x, g, wo, lw, rows, d, N);
      const GA = back[l & 1];
      product(x, wo, d, 1, Gl, 0, GA, d, rows, N);
      if (l > 1 && relu) {
        const X = pre[l - 2];
        for (let i = 0; i < GA.length; i++) GA[i] = X[i] > 0 ? GA[i] : 0;
      }
      Gl = GA;
    }
    // ∇H1 = G_{A_0} + (λ_H h) H1.
    const lh = c.lambdaH * h;
    for (let i = 0; i < d * N; i++) g[hOff + i] = 1 * Gl[i] + x[hOff + i] * lh;
    return loss;
  };
  return { size, evaluate, blockOrder: true };
}
