// The regularized-MSE UFM's loss and gradient as one fused, allocation-free
// float64 kernel on a flat parameter vector x = [W (K×d) | H (d×N) | b (K)],
// each block row-major (the block order of mseUfm.blocks). Same formulas as
// the Backend version in ufm-mse.ts (which stays the readable reference and
// the test oracle):
//
//   R = W H + b 1ᵀ − Y,  L = ||R||²/(2N) + λ_W/(2K)||W||² + λ_H/(2N)||H||² (+ λ_b/(2K)||b||²)
//   ∇_W = R Hᵀ/N + (λ_W/K) W,  ∇_H = Wᵀ R/N + (λ_H/N) H,  ∇_b = R 1/N + (λ_b/K) b
//
// Y is never formed (its one-hot structure is subtracted in place). When x and g
// live in the WebAssembly heap (the wasm flat space), products and reductions run
// on the SIMD kernels; otherwise on their JavaScript twins. The products: on the
// JavaScript path all three run through gemmNT (C = A Bᵀ, contiguous rows) after
// O(size) transposes into preallocated workspace; on the wasm paths W H and Wᵀ R
// run straight on the row-major blocks (no transposes) and R Hᵀ on gemm_nt: on
// gemm_xn_nt for the default wasm-simd path (gemm_nt's rounding, bit for bit),
// on gemm_xn for wasm-xn and wasm-fma.
import { gemmNT, transposeInto } from '../linalg/gemm.ts';
import { wasmHeap, type WasmHeap } from '../linalg/wasm/heap.ts';
import type { FlatObjective } from './model.ts';

/**
 * The largest K·d·N whose wasm-simd products run on gemm_xn_nt rather than on gemm_nt after
 * transposes (both round alike). Measured per product on the benchmark shapes (2-core AMD EPYC,
 * microseconds, transposes + gemm_nt → gemm_xn_nt): K·d·N = 6.4e4: W H 20 → 14, Wᵀ R 28 → 12;
 * 1.3e6: 282 → 264, 335 → 230; 1.3e7: 2163 → 3064, 2255 → 3709 (its 4×2 blocks load twice as
 * often per multiply-add as gemm_xn's 4×4, which caches stop hiding on large shapes).
 */
export const XN_NT_MAX_WORK = 4e6;

export interface MseFusedConfig {
  readonly K: number;
  readonly d: number;
  readonly classSizes: readonly number[];
  readonly lambdaW: number;
  readonly lambdaH: number;
  /** undefined: no bias block. */
  readonly lambdaB?: number;
}

export function mseFusedObjective(c: MseFusedConfig, heap: WasmHeap | undefined = wasmHeap()): FlatObjective {
  const { K, d, lambdaW, lambdaH } = c;
  const N = c.classSizes.reduce((s, v) => s + v, 0);
  const hasBias = c.lambdaB !== undefined;
  const lambdaB = c.lambdaB ?? 0;
  const offH = K * d;
  const offB = offH + d * N;
  const size = offB + (hasBias ? K : 0);
  const labels = new Int32Array(N);
  for (let k = 0, j = 0; k < K; k++) for (let i = 0; i < c.classSizes[k]; i++) labels[j++] = k;
  // Workspace, allocated on first use: in the wasm heap when the kernels run there (R only on
  // the gemm_xn route, which needs no transposed copies).
  const none = new Float64Array(0);
  let ws: { Ht: Float64Array; R: Float64Array; Wt: Float64Array; Rt: Float64Array; inHeap: boolean } | undefined;
  const workspace = (inHeap: boolean, direct: boolean) => {
    if (ws === undefined || ws.inHeap !== inHeap) {
      release();
      if (inHeap && heap !== undefined) {
        ws = direct
          ? { Ht: none, R: heap.alloc(K * N), Wt: none, Rt: none, inHeap }
          : { Ht: heap.alloc(N * d), R: heap.alloc(K * N), Wt: heap.alloc(d * K), Rt: heap.alloc(N * K), inHeap };
      } else ws = { Ht: new Float64Array(N * d), R: new Float64Array(K * N), Wt: new Float64Array(d * K), Rt: new Float64Array(N * K), inHeap };
    }
    return ws;
  };
  const release = (): void => {
    if (ws?.inHeap === true) for (const v of [ws.Ht, ws.R, ws.Wt, ws.Rt]) if (v.length > 0) heap!.free(v);
    ws = undefined;
  };

  // The route of W H and Wᵀ R when the kernels run in the heap, fixed per objective (see evaluate).
  const direct =
    heap === undefined ? undefined : heap.path !== 'wasm-simd' ? heap.kernels.gemmXN : K * d * N <= XN_NT_MAX_WORK ? heap.kernels.gemmXNinNTOrder : undefined;

  return {
    size,
    dispose: release,
    evaluate(x, g) {
      // The wasm kernels read only views in their memory; anything else takes the JavaScript path.
      const wasm = heap !== undefined && heap.owns(x) && heap.owns(g) ? heap.kernels : undefined;
      // Products straight on the row-major blocks (no transposes): wasm-xn and wasm-fma on gemm_xn;
      // wasm-simd, up to XN_NT_MAX_WORK, on gemm_xn_nt, which rounds as gemm_nt on transposed copies
      // does, so its sums are those of earlier releases bit for bit (heap.ts). Larger wasm-simd
      // products and the JavaScript path transpose.
      const xn = wasm === undefined ? undefined : direct;
      const { Ht, R, Wt, Rt } = workspace(wasm !== undefined, xn !== undefined);
      // R = W H (+ b 1ᵀ) − Y.
      if (xn !== undefined) {
        // W H, then Wᵀ R below.
        xn(x, d, 1, x, N, R, N, K, N, d, 0, offH);
      } else {
        transposeInto(x, d, N, Ht, offH);
        (wasm?.gemmNT ?? gemmNT)(x, Ht, R, K, N, d);
      }
      if (hasBias) {
        for (let i = 0; i < K; i++) {
          const bi = x[offB + i];
          for (let j = i * N, end = j + N; j < end; j++) R[j] += bi;
        }
      }
      for (let j = 0; j < N; j++) R[labels[j] * N + j] -= 1;

      const W = x.subarray(0, offH);
      const H = x.subarray(offH, offB);
      const RR = (wasm?.dot ?? dotJs)(R, R);

      // ∇_W = R Hᵀ / N + (λ_W/K) W: rows of R against rows of H.
      (wasm?.gemmNT ?? gemmNT)(R, x, g, K, d, N, 0, offH);
      // ∇_H = Wᵀ R / N + (λ_H/N) H.
      if (xn !== undefined) xn(x, 1, d, R, N, g, N, d, N, K, 0, 0, offH);
      else {
        // Rows of Wᵀ against rows of Rᵀ.
        transposeInto(x, K, d, Wt);
        transposeInto(R, K, N, Rt);
        (wasm?.gemmNT ?? gemmNT)(Wt, Rt, g, d, N, K, 0, 0, N, offH);
      }
      const gW = g.subarray(0, offH);
      const gH = g.subarray(offH, offB);
      // ||W||² and ||H||² for the loss: on the wasm kernels from the same passes (axpby_sq sums them
      // exactly as dot does, so the loss has the bits it had with passes of their own).
      let WW: number;
      let HH: number;
      if (wasm !== undefined) {
        WW = wasm.axpbySq(gW, 1 / N, gW, lambdaW / K, W);
        HH = wasm.axpbySq(gH, 1 / N, gH, lambdaH / N, H);
      } else {
        WW = dotJs(W, W);
        HH = dotJs(H, H);
        const sW = lambdaW / K;
        for (let i = 0; i < offH; i++) g[i] = g[i] / N + sW * x[i];
        const sH = lambdaH / N;
        for (let i = offH; i < offB; i++) g[i] = g[i] / N + sH * x[i];
      }
      let loss = RR / (2 * N) + (lambdaW / (2 * K)) * WW + (lambdaH / (2 * N)) * HH;
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

function dotJs(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** Multiply-adds × 2 of one evaluation (the three products), for GFLOP/s reports. */
export function mseFusedFlops(K: number, d: number, N: number): number {
  return 6 * K * d * N;
}
