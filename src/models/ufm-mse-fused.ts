// The regularized-MSE UFM's loss and gradient as one fused, allocation-free
// float64 kernel on a flat parameter vector x = [W (K×d) | H (d×N) | b (K)],
// each block row-major (the block order of mseUfm.blocks). Same formulas as
// the Backend version in ufm-mse.ts (which stays the readable reference and
// the test oracle):
//
//   R = W H + b 1ᵀ − Y,  L = ||R||²/(2N) + λ_W/(2K)||W||² + λ_H/(2N)||H||² (+ λ_b/(2K)||b||²)
//   ∇_W = R Hᵀ/N + (λ_W/K) W,  ∇_H = Wᵀ R/N + (λ_H/N) H,  ∇_b = R 1/N + (λ_b/K) b
//
// All three products run through gemmNT (C = A Bᵀ, contiguous rows) after O(size)
// transposes into preallocated workspace; Y is never formed (its one-hot
// structure is subtracted in place).
import { gemmNT, transposeInto } from '../linalg/gemm.ts';
import type { FlatObjective } from './model.ts';

export interface MseFusedConfig {
  readonly K: number;
  readonly d: number;
  readonly classSizes: readonly number[];
  readonly lambdaW: number;
  readonly lambdaH: number;
  /** undefined: no bias block. */
  readonly lambdaB?: number;
}

export function mseFusedObjective(c: MseFusedConfig): FlatObjective {
  const { K, d, lambdaW, lambdaH } = c;
  const N = c.classSizes.reduce((s, v) => s + v, 0);
  const hasBias = c.lambdaB !== undefined;
  const lambdaB = c.lambdaB ?? 0;
  const offH = K * d;
  const offB = offH + d * N;
  const size = offB + (hasBias ? K : 0);
  const labels = new Int32Array(N);
  for (let k = 0, j = 0; k < K; k++) for (let i = 0; i < c.classSizes[k]; i++) labels[j++] = k;
  const Ht = new Float64Array(N * d);
  const R = new Float64Array(K * N);
  const Wt = new Float64Array(d * K);
  const Rt = new Float64Array(N * K);

  return {
    size,
    evaluate(x, g) {
      // R = W H (+ b 1ᵀ) − Y.
      transposeInto(x, d, N, Ht, offH);
      gemmNT(x, Ht, R, K, N, d);
      if (hasBias) {
        for (let i = 0; i < K; i++) {
          const bi = x[offB + i];
          for (let j = i * N, end = j + N; j < end; j++) R[j] += bi;
        }
      }
      for (let j = 0; j < N; j++) R[labels[j] * N + j] -= 1;

      let fit = 0;
      for (let i = 0; i < R.length; i++) fit += R[i] * R[i];
      let ww = 0;
      for (let i = 0; i < offH; i++) ww += x[i] * x[i];
      let hh = 0;
      for (let i = offH; i < offB; i++) hh += x[i] * x[i];
      let loss = fit / (2 * N) + (lambdaW / (2 * K)) * ww + (lambdaH / (2 * N)) * hh;

      // ∇_W = R Hᵀ / N + (λ_W/K) W: rows of R against rows of H.
      gemmNT(R, x, g, K, d, N, 0, offH);
      const sW = lambdaW / K;
      for (let i = 0; i < offH; i++) g[i] = g[i] / N + sW * x[i];
      // ∇_H = Wᵀ R / N + (λ_H/N) H: rows of Wᵀ against rows of Rᵀ.
      transposeInto(x, K, d, Wt);
      transposeInto(R, K, N, Rt);
      gemmNT(Wt, Rt, g, d, N, K, 0, 0, N, offH);
      const sH = lambdaH / N;
      for (let i = offH; i < offB; i++) g[i] = g[i] / N + sH * x[i];
      if (hasBias) {
        let bb = 0;
        for (let i = 0; i < K; i++) {
          let s = 0;
          for (let j = i * N, end = j + N; j < end; j++) s += R[j];
          const bi = x[offB + i];
          bb += bi * bi;
          g[offB + i] = s / N + (lambdaB / K) * bi;
        }
        loss += (lambdaB / (2 * K)) * bb;
      }
      return loss;
    },
  };
}

/** Multiply-adds × 2 of one evaluation (the three products), for GFLOP/s reports. */
export function mseFusedFlops(K: number, d: number, N: number): number {
  return 6 * K * d * N;
}
