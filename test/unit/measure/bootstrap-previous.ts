// The bootstrap as it was before the single-pass rewrite (commit 665b0be,
// src/measure/bootstrap.ts, kept verbatim below this header): the reference
// the new implementation must reproduce for a fixed seed. Test code only.
// The second pass over the samples, once the class means are known: NC4's
// nearest-class-centre agreement, and a Poisson bootstrap over samples. Each
// sample gets, in each replicate, a weight drawn from Poisson(1) by a hash of
// (seed, sample index, replicate) — deterministic whatever the block size or
// reading order, and streaming (Hanley & MacGibbon's Poisson bootstrap, the
// usual one-pass stand-in for resampling N of N with replacement). Per
// replicate it keeps the weighted class sums of h − h̄_k and of ||h − h̄_k||²
// (K·d + K numbers; deviations from the full-data means, so nothing cancels),
// enough for every effect that reads the class means and Tr Σ_W.
import { gemmNT } from '../../../src/linalg/gemm.ts';
import { mat, type Mat } from '../../../src/linalg/matrix.ts';
import { wasmHeap } from '../../../src/linalg/wasm/heap.ts';
import type { ClassStatistics, WithinNormalization } from '../../../src/measure/streaming.ts';

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

/** murmur3's 32-bit finalizer: a well-mixed hash of a 32-bit integer. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The Poisson(1) weight of sample j in replicate r. */
export function poissonWeight(seed: number, j: number, r: number): number {
  const u = fmix32(fmix32(fmix32(seed ^ 0x9e3779b9) ^ j) ^ Math.imul(r + 1, 0x27d4eb2f)) / 4294967296;
  let m = 0;
  while (m < POISSON_CDF.length && u >= POISSON_CDF[m]) m++;
  return m;
}

export interface SecondPass {
  add(block: Float64Array, labels: ArrayLike<number>, count: number, first: number): void;
  /** Replicates, and NC4 agreement when a classifier was given (NaN otherwise). */
  finish(): { replicates: Replicate[]; nccAgreement: number };
}

export function secondPass(stats: ClassStatistics, o: { replicates: number; seed: number; W?: Mat; b?: Mat; within: WithinNormalization }): SecondPass {
  const { d, classSizes } = stats;
  const K = classSizes.length;
  const R = o.replicates;
  const mean = new Float64Array(K * d); // row k: h̄_k
  for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) mean[k * d + i] = stats.Hbar.data[i * K + k];
  const sums = new Float64Array(R * K * d);
  const squares = new Float64Array(R * K);
  const counts = new Float64Array(R * K);
  let agree = 0;
  // Per block and class, the replicates' sums are one product Wts (R × n) · Dev (n × d),
  // run in the WebAssembly SIMD kernel where available.
  const heap = wasmHeap();
  const gemm = heap === undefined ? gemmNT : heap.kernels.gemmNT;
  let capacity = 0;
  let devT: Float64Array<ArrayBufferLike> = new Float64Array(0);
  let wts: Float64Array<ArrayBufferLike> = new Float64Array(0);
  const product = heap?.alloc(Math.max(1, R * d)) ?? new Float64Array(Math.max(1, R * d));
  const grow = (n: number): void => {
    if (n <= capacity) return;
    if (heap !== undefined && capacity > 0) {
      heap.free(devT);
      heap.free(wts);
    }
    capacity = n;
    devT = heap?.alloc(d * n) ?? new Float64Array(d * n);
    wts = heap?.alloc(Math.max(1, R * n)) ?? new Float64Array(Math.max(1, R * n));
  };
  return {
    add(block, labels, count, first) {
      grow(count);
      for (let k = 0; k < K && R > 0; k++) {
        // This class's samples in the block: deviations (transposed, d × n) and weights (R × n).
        const members: number[] = [];
        for (let s = 0; s < count; s++) if (labels[s] === k) members.push(s);
        const n = members.length;
        if (n === 0) continue;
        for (let t = 0; t < n; t++) {
          const s = members[t];
          let sq = 0;
          for (let i = 0; i < d; i++) {
            const v = block[s * d + i] - mean[k * d + i];
            devT[i * n + t] = v;
            sq += v * v;
          }
          for (let r = 0; r < R; r++) {
            const w = poissonWeight(o.seed, first + s, r);
            wts[r * n + t] = w;
            if (w !== 0) {
              squares[r * K + k] += w * sq;
              counts[r * K + k] += w;
            }
          }
        }
        gemm(wts, devT, product, R, d, n);
        for (let r = 0; r < R; r++) {
          const at = (r * K + k) * d;
          for (let i = 0; i < d; i++) sums[at + i] += product[r * d + i];
        }
      }
      for (let s = 0; s < count; s++) {
        const row = s * d;
        if (o.W !== undefined) {
          // NC4: argmax_k (W h + b)_k against argmin_k ||h − h̄_k|| (ties to the lowest index, as src/measure/ncc.ts).
          let bestLogit = -Infinity;
          let argmaxLogit = 0;
          let bestDist = Infinity;
          let argminDist = 0;
          for (let c = 0; c < K; c++) {
            let logit = o.b === undefined ? 0 : o.b.data[c];
            let dist = 0;
            for (let i = 0; i < d; i++) {
              const h = block[row + i];
              logit += o.W.data[c * d + i] * h;
              dist += (h - mean[c * d + i]) ** 2;
            }
            if (logit > bestLogit) [bestLogit, argmaxLogit] = [logit, c];
            if (dist < bestDist) [bestDist, argminDist] = [dist, c];
          }
          if (argmaxLogit === argminDist) agree++;
        }
      }
    },
    finish() {
      if (heap !== undefined) {
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
          let shiftSq = 0;
          for (let i = 0; i < d; i++) {
            const shift = n > 0 ? sums[at + i] / n : NaN;
            Hbar.data[i * K + k] = mean[k * d + i] + shift;
            shiftSq += shift * shift;
          }
          // Σ w ||h − h̄_k,r||² = Σ w ||h − h̄_k||² − n_k,r ||h̄_k,r − h̄_k||².
          const scatter = squares[r * K + k] - n * shiftSq;
          tw += o.within === 'samples' ? scatter / total : n > 0 ? scatter / (K * n) : NaN;
        }
        replicates.push({ classSizes: sizes, Hbar, withinClassTrace: tw });
      }
      return { replicates, nccAgreement: o.W === undefined ? NaN : agree / stats.N };
    },
  };
}
