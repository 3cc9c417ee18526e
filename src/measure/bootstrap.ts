// A Poisson bootstrap over samples, accumulated in the same streaming pass as
// the class means and Σ_W (src/measure/streaming.ts). Each sample gets, in
// each replicate, a weight drawn from Poisson(1) by a hash of (seed, sample
// index, replicate) — deterministic whatever the block size, and streaming
// (Hanley & MacGibbon's Poisson bootstrap, the usual one-pass stand-in for
// resampling N of N with replacement). Per replicate and class it keeps the
// weighted count, the weighted sum of h − c_k and of ||h − c_k||² (K·d + 2K
// numbers), enough for every effect that reads the class means and Tr Σ_W.
//
// c_k is the first sample of class k in the file: a fixed shift known as soon
// as the class is first seen, so the sums need not wait for the full-data
// means (the earlier implementation read the file a second time for them),
// and the deviations h − c_k are of the within-class scale, so subtracting the
// replicate's own mean at the end cancels nothing catastrophically. The
// statistics are the same replicates as before — same weights, same sums up to
// rounding (test/unit/measure/bootstrap.test.ts checks it against the
// previous two-pass implementation and a direct computation).
//
// Cost: R·N·d multiply-adds (one product Wts (R × n) · Dev (n × d) per block
// and class), against N·d² for Σ_W; the weights are drawn with the hash's
// sample part hoisted out of the replicate loop and integer thresholds for the
// inverse CDF, bit for bit the values of poissonWeight.
import { gemmNT } from '../linalg/gemm.ts';
import { mat, type Mat } from '../linalg/matrix.ts';
import { wasmHeap } from '../linalg/wasm/heap.ts';
import type { ClassStatistics, WithinNormalization } from './streaming.ts';

/** One bootstrap replicate: class sizes (weighted counts), class means and Tr Σ_W. */
export interface Replicate {
  readonly classSizes: readonly number[];
  readonly Hbar: Mat;
  readonly withinClassTrace: number;
}

// P(Poisson(1) ≤ m), m = 0…11: beyond 11 the tail is < 1e-9.
const POISSON_CDF = ((): number[] => {
  const out: number[] = [];
  let p = Math.exp(-1);
  let c = 0;
  for (let m = 0; m < 12; m++) {
    c += p;
    out.push(c);
    p /= m + 1;
  }
  return out;
})();

// u/2^32 ≥ c ⇔ u ≥ ⌈c·2^32⌉ for an integer u (c·2^32 is exact in float64): the same draws without a division.
const POISSON_THRESHOLDS = Uint32Array.from(POISSON_CDF, (c) => Math.min(Math.ceil(c * 4294967296), 4294967295));

/** murmur3's 32-bit finalizer: a well-mixed hash of a 32-bit integer. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The Poisson(1) weight of sample j in replicate r (the definition; poissonWeightsOf draws the same values faster). */
export function poissonWeight(seed: number, j: number, r: number): number {
  const u = fmix32(fmix32(fmix32(seed ^ 0x9e3779b9) ^ j) ^ Math.imul(r + 1, 0x27d4eb2f)) / 4294967296;
  let m = 0;
  while (m < POISSON_CDF.length && u >= POISSON_CDF[m]) m++;
  return m;
}

/** out[r·stride + t] = poissonWeight(seed, j, r) for r < R: one sample's weights in every replicate. */
export function poissonWeightsOf(seed: number, j: number, R: number, out: Float64Array, t: number, stride: number): void {
  const h = fmix32(fmix32(seed ^ 0x9e3779b9) ^ j);
  for (let r = 0; r < R; r++) {
    const u = fmix32(h ^ Math.imul(r + 1, 0x27d4eb2f));
    let m = 0;
    while (m < POISSON_THRESHOLDS.length && u >= POISSON_THRESHOLDS[m]) m++;
    out[r * stride + t] = m;
  }
}

export interface BootstrapAccumulator {
  /** Adds `count` samples; `first` is the index of the block's first sample in the file. */
  add(block: Float64Array, labels: ArrayLike<number>, count: number, first: number): void;
  /** The replicates, Σ_W normalized as `within` says. */
  finish(within: WithinNormalization): Replicate[];
}

export function bootstrapAccumulator(d: number, K: number, o: { replicates: number; seed: number }): BootstrapAccumulator {
  const R = o.replicates;
  const shift = new Float64Array(K * d); // row k: c_k, the first sample of class k
  const seen = new Uint8Array(K);
  const sums = new Float64Array(R * K * d); // Σ w (h − c_k)
  const squares = new Float64Array(R * K); // Σ w ||h − c_k||²
  const counts = new Float64Array(R * K); // Σ w
  // Per block and class, the replicates' sums are one product Wts (R × n) · Dev (n × d),
  // run in the WebAssembly SIMD kernel where available.
  const heap = R > 0 ? wasmHeap() : undefined;
  const gemm = heap === undefined ? gemmNT : heap.kernels.gemmNT;
  let capacity = 0;
  let devT: Float64Array<ArrayBufferLike> = new Float64Array(0);
  let wts: Float64Array<ArrayBufferLike> = new Float64Array(0);
  const product = heap?.alloc(Math.max(1, R * d)) ?? new Float64Array(Math.max(1, R * d));
  let order = new Int32Array(0); // the block's samples grouped by class
  let sqs = new Float64Array(0); // ||h − c_k||² of the class's samples in the block
  const grow = (n: number): void => {
    if (n <= capacity) return;
    if (heap !== undefined && capacity > 0) {
      heap.free(devT);
      heap.free(wts);
    }
    capacity = n;
    devT = heap?.alloc(d * n) ?? new Float64Array(d * n);
    wts = heap?.alloc(Math.max(1, R * n)) ?? new Float64Array(Math.max(1, R * n));
    order = new Int32Array(n);
    sqs = new Float64Array(n);
  };
  let freed = false;
  return {
    add(block, labels, count, first) {
      if (R === 0) return;
      grow(count);
      // Samples of the block grouped by class (a counting sort keeps file order within a class).
      const start = new Int32Array(K + 1);
      for (let s = 0; s < count; s++) start[labels[s] + 1]++;
      for (let k = 0; k < K; k++) start[k + 1] += start[k];
      const fill = start.slice(0, K);
      for (let s = 0; s < count; s++) order[fill[labels[s]]++] = s;
      for (let k = 0; k < K; k++) {
        const n = start[k + 1] - start[k];
        if (n === 0) continue;
        const c = k * d;
        if (seen[k] === 0) {
          seen[k] = 1;
          shift.set(block.subarray(order[start[k]] * d, order[start[k]] * d + d), c);
        }
        // This class's samples: deviations from c_k (transposed, d × n) and weights (R × n).
        for (let t = 0; t < n; t++) {
          const row = order[start[k] + t] * d;
          let q = 0;
          for (let i = 0; i < d; i++) {
            const v = block[row + i] - shift[c + i];
            devT[i * n + t] = v;
            q += v * v;
          }
          sqs[t] = q;
          poissonWeightsOf(o.seed, first + order[start[k] + t], R, wts, t, n);
        }
        for (let r = 0; r < R; r++) {
          let w = 0;
          let q = 0;
          for (let t = 0; t < n; t++) {
            const x = wts[r * n + t];
            w += x;
            q += x * sqs[t];
          }
          counts[r * K + k] += w;
          squares[r * K + k] += q;
        }
        gemm(wts, devT, product, R, d, n);
        for (let r = 0; r < R; r++) {
          const at = (r * K + k) * d;
          for (let i = 0; i < d; i++) sums[at + i] += product[r * d + i];
        }
      }
    },
    finish(within) {
      if (heap !== undefined && !freed) {
        freed = true;
        heap.free(product);
        if (capacity > 0) {
          heap.free(devT);
          heap.free(wts);
        }
      }
      const replicates: Replicate[] = [];
      for (let r = 0; r < R; r++) {
        const sizes = Array.from({ length: K }, (_, k) => counts[r * K + k]);
        const total = sizes.reduce((a, n) => a + n, 0);
        const Hbar = mat(d, K);
        let tw = 0;
        for (let k = 0; k < K; k++) {
          const n = sizes[k];
          const at = (r * K + k) * d;
          let offSq = 0;
          for (let i = 0; i < d; i++) {
            // The replicate's class mean: c_k + Σ w (h − c_k) / Σ w.
            const off = n > 0 ? sums[at + i] / n : NaN;
            Hbar.data[i * K + k] = shift[k * d + i] + off;
            offSq += off * off;
          }
          // Σ w ||h − h̄_k,r||² = Σ w ||h − c_k||² − n_k,r ||h̄_k,r − c_k||².
          const scatter = squares[r * K + k] - n * offSq;
          tw += within === 'samples' ? scatter / total : n > 0 ? scatter / (K * n) : NaN;
        }
        replicates.push({ classSizes: sizes, Hbar, withinClassTrace: tw });
      }
      return replicates;
    },
  };
}

/** NC4's nearest-class-centre agreement, a second pass once the class means are known. */
export interface NccPass {
  add(block: Float64Array, count: number): void; // no labels: NC4 compares the classifier with the nearest class mean
  /** The share of samples where argmax_k (W h + b)_k = argmin_k ||h − h̄_k||. */
  finish(): number;
}

export function nccPass(stats: Pick<ClassStatistics, 'Hbar' | 'N' | 'd'>, W: Mat, b?: Mat): NccPass {
  const { d } = stats;
  const K = stats.Hbar.cols;
  const mean = new Float64Array(K * d); // row k: h̄_k
  for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) mean[k * d + i] = stats.Hbar.data[i * K + k];
  let agree = 0;
  return {
    add(block, count) {
      for (let s = 0; s < count; s++) {
        const row = s * d;
        // argmax_k (W h + b)_k against argmin_k ||h − h̄_k|| (ties to the lowest index, as src/measure/ncc.ts).
        let bestLogit = -Infinity;
        let argmaxLogit = 0;
        let bestDist = Infinity;
        let argminDist = 0;
        for (let c = 0; c < K; c++) {
          let logit = b === undefined ? 0 : b.data[c];
          let dist = 0;
          for (let i = 0; i < d; i++) {
            const h = block[row + i];
            logit += W.data[c * d + i] * h;
            dist += (h - mean[c * d + i]) ** 2;
          }
          if (logit > bestLogit) [bestLogit, argmaxLogit] = [logit, c];
          if (dist < bestDist) [bestDist, argminDist] = [dist, c];
        }
        if (argmaxLogit === argminDist) agree++;
      }
    },
    finish: () => agree / stats.N,
  };
}
