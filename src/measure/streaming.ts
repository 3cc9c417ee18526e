// One streaming pass over labelled features: class means and the d × d
// within-class scatter accumulated in float64 while the samples are read, so
// memory is O(K·d + d²) whatever N. The scatter is updated with Welford's
// recurrence per class (δ = h − h̄_k before the update; S += (n−1)/n · δ δ^T),
// which is exact in exact arithmetic and, unlike Σ h h^T − N h̄ h̄^T, does not
// cancel catastrophically when the classes have collapsed (Tr Σ_W ≪ ||h̄||²).
// The rank-one updates of a block of samples are applied as one product
// D D^T (src/linalg/gemm.ts) — the same sum, in a cache-friendly order.
import { gemmNT } from '../linalg/gemm.ts';
import { wasmHeap } from '../linalg/wasm/heap.ts';
import { mat, type Mat } from '../linalg/matrix.ts';

/** How Σ_W weighs the samples: PHD20's average over all samples, or the average over classes of each class's covariance. */
export type WithinNormalization = 'samples' | 'classes';

export interface ClassStatistics {
  readonly N: number;
  readonly d: number;
  readonly classSizes: readonly number[];
  /** H̄ = [h̄_1, …, h̄_K] (d × K). */
  readonly Hbar: Mat;
  /** Σ_W (d × d), normalized as `within` says. */
  readonly SigmaW: Mat;
  readonly within: WithinNormalization;
  /** Σ_i ||h_i||² (= ||H||_F²). */
  readonly sumSquares: number;
  /** The smallest feature value seen (≥ 0 for post-ReLU features). */
  readonly min: number;
}

export interface ScatterAccumulator {
  /** Adds `count` samples: block[s·d + i] is feature i of the sample with class labels[s]. */
  add(block: Float64Array, labels: ArrayLike<number>, count: number): void;
  finish(): ClassStatistics;
}

/**
 * `classSizes` are known before the pass (labels are read first), so the
 * per-class weights of the 'classes' normalization can be applied while
 * streaming.
 */
export function scatterAccumulator(d: number, classSizes: readonly number[], within: WithinNormalization = 'samples', blockSamples = 256): ScatterAccumulator {
  const K = classSizes.length;
  const N = classSizes.reduce((s, n) => s + n, 0);
  // Weight of class k's scatter in N·Σ_W: 1 (samples) or N/(K n_k) (classes).
  const weight = classSizes.map((n) => (within === 'samples' ? 1 : N / (K * n)));
  const means = new Float64Array(K * d); // row k: h̄_k
  const seen = new Float64Array(K);
  const scatter = new Float64Array(d * d);
  // The block product runs in the WebAssembly SIMD kernel where available (~3× the JavaScript one).
  const heap = wasmHeap();
  const product = heap?.alloc(d * d) ?? new Float64Array(d * d);
  const D = heap?.alloc(d * blockSamples) ?? new Float64Array(d * blockSamples); // D[i·B + s]: scaled deviation of pending sample s
  const gemm = heap === undefined ? gemmNT : heap.kernels.gemmNT;
  let pending = 0;
  let sumSquares = 0;
  let min = Infinity;

  const flush = (): void => {
    if (pending === 0) return;
    if (pending < blockSamples) for (let i = 0; i < d; i++) D.fill(0, i * blockSamples + pending, (i + 1) * blockSamples);
    gemm(D, D, product, d, d, blockSamples);
    for (let x = 0; x < d * d; x++) scatter[x] += product[x];
    pending = 0;
  };

  return {
    add(block, labels, count) {
      for (let s = 0; s < count; s++) {
        const k = labels[s];
        const n = ++seen[k];
        const scale = Math.sqrt((weight[k] * (n - 1)) / n);
        const row = s * d;
        const m = k * d;
        for (let i = 0; i < d; i++) {
          const h = block[row + i];
          const delta = h - means[m + i];
          means[m + i] += delta / n;
          D[i * blockSamples + pending] = delta * scale;
          sumSquares += h * h;
          if (h < min) min = h;
        }
        if (++pending === blockSamples) flush();
      }
    },
    finish() {
      flush();
      if (heap !== undefined) {
        heap.free(D);
        heap.free(product);
      }
      const Hbar = mat(d, K);
      for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) Hbar.data[i * K + k] = means[k * d + i];
      const SigmaW = mat(d, d);
      for (let x = 0; x < d * d; x++) SigmaW.data[x] = scatter[x] / N;
      return { N, d, classSizes: [...classSizes], Hbar, SigmaW, within, sumSquares, min };
    },
  };
}
